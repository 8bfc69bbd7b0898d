"""Pagefind's index, made from parts and split again into chunks of about the same size.

Pagefind holds everything it indexes in memory until it writes its bundle: about 250 KB for
each conference page, 0.65 GB for an edition of 4,139 pages at N = 2,000. An edition is
therefore indexed in parts (`search.PART_BYTES`), each by a run of its own, and this module
merges the parts' bundles into one, as Pagefind would have written it had it indexed every
page at once: the same words on the same pages at the same places, the same filters, the same
page list, so the same results ranked the same. A merge can also leave pages of a part out:
a build keeps its previous index, without the pages changed since, and merges it with a part
that indexes them again (`search.index_pages`). The pages are then numbered in another order
than a single run's, and a meta field only the pages left out had stays named in the page
list; neither changes what a query finds, though results of equal score may come in another
order.

A query fetches every index chunk its words fall in. Pagefind 1.5 closes a chunk when the
locations of its words reach a count, but counts only a word's unmarked form: "nghị", "nguồn",
"nhận" and "ngày", on almost every page and never written without their tone marks, count
none. At N = 2,000 they shared one chunk of 95 KB, and a first search for "nghe an" fetched
113 KB of index (for "hoi nghi", 160 KB). The merged words are split by their encoded size.

It reads the format of the pinned Pagefind (`FORMAT`): every file is gzip of a signature and a
CBOR document. A bundle in any other version fails the build with a FormatError, never
silently: the index format is not Pagefind's public interface. What it relies on:
- the page list (pf_meta) is [version, pages, chunks, filters, sorts, meta fields], a page
  being [its fragment's name, its word count], numbered by its place in the list;
- a word is [its unmarked form, its pages, [[a marked form, its pages], ...]], words sorted
  by code point; a word's page is [the page's number less the previous page's, its places,
  its places in metadata], the latter naming a metadata field by -(its place in the list of
  meta fields + 1) before that field's places;
- a filter file is [the filter, [[a value, [its pages' numbers, ascending]], ...]].
tests/test_rechunk.py checks that parts merged equal one run over the same pages.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import shutil
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import cbor2

# The Pagefind version whose files this reads (pyproject.toml pins the same).
FORMAT = "1.5.2"
SIGNATURE = b"pagefind_dcd"
# Encoded bytes of words per chunk, before compression: at N = 2,000 (4,139 pages an
# edition) 20,000 made 374 chunks of at most 40 KB as sent (the largest is one word alone)
# instead of 1,035 of up to 95 KB, and the page list 39 -> 32 KB; 10,000 fetched no less for
# typical queries, with 582 chunks.
CHUNK_BYTES = 20_000
ENTRY = "pagefind-entry.json"
# What a part's bundle holds besides Pagefind's scripts, styles and WebAssembly (the same in
# every part, taken from the first).
_INDEX_FOLDERS = ("index", "filter", "fragment")


class FormatError(ValueError):
    """The bundle is not in the format this module reads."""


def _document(path: Path) -> bytes:
    """A Pagefind file's document, unpacked: gzip of a signature and the document."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{path.name}: no Pagefind signature")
    return raw[len(SIGNATURE) :]


def _read(path: Path) -> Any:
    """A Pagefind index file's document (CBOR)."""
    return cbor2.loads(_document(path))


def _packed(encoded: bytes) -> bytes:
    """A CBOR document as Pagefind writes its files (no time in the gzip header: the same
    index, the same bytes)."""
    return gzip.compress(SIGNATURE + encoded, mtime=0)


def _array(items: Sequence[bytes]) -> bytes:
    """A CBOR array of items already encoded (RFC 8949, major type 4): each word is encoded
    once, to measure it, and not again to write its chunk."""
    n = len(items)
    if n < 24:
        head = bytes([0x80 + n])
    elif n < 1 << 8:
        head = bytes([0x98, n])
    elif n < 1 << 16:
        head = b"\x99" + n.to_bytes(2, "big")
    else:
        head = b"\x9a" + n.to_bytes(4, "big")
    return head + b"".join(items)


def _named(prefix: str, data: bytes, digits: int) -> str:
    """A file's hash as Pagefind names them: the language, then hex digits of its content."""
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"


def split(words: Sequence[bytes], limit: int = CHUNK_BYTES) -> Iterator[list[bytes]]:
    """Consecutive runs of encoded words, each of at most `limit` bytes (or one word)."""
    run: list[bytes] = []
    size = 0
    for word in words:
        if run and size + len(word) > limit:
            yield run
            run, size = [], 0
        run.append(word)
        size += len(word)
    if run:
        yield run


# ------------------------------------------------------------------ a part


@dataclass(frozen=True)
class _Part:
    """One part's bundle, and where its pages and meta fields go in the merged one."""

    folder: Path
    meta: list[Any]
    first_page: int
    fields: tuple[int, ...]  # a meta field's place in the part -> its place merged
    dropped: frozenset[int] = frozenset()  # its pages left out, by their numbers in it

    @cached_property
    def numbers(self) -> tuple[int | None, ...]:
        """Each of its pages' number among its pages kept (None: left out)."""
        kept = (i not in self.dropped for i in range(len(self.meta[1])))
        numbers: list[int | None] = []
        count = 0
        for keep in kept:
            numbers.append(count if keep else None)
            count += keep
        return tuple(numbers)

    @property
    def size(self) -> int:
        """How many of its pages the merged bundle holds."""
        return len(self.meta[1]) - len(self.dropped)

    def page(self, number: int) -> int | None:
        """A page's number merged (None: left out)."""
        kept = self.numbers[number] if self.dropped else number
        return None if kept is None else self.first_page + kept

    def kept(self, pages: list[Any]) -> list[Any]:
        """A word's pages in the part without those left out, numbered among those kept."""
        if not self.dropped:
            return pages
        out: list[Any] = []
        number = last = 0
        for delta, *places in pages:
            number += delta
            kept = self.numbers[number]
            if kept is not None:
                out.append([kept - last, *places])
                last = kept
        return out

    def field(self, place: int) -> int:
        """A place in a page's meta places as merged: a field, -(its number + 1), renamed."""
        return -self.fields[-place - 1] - 1 if place < 0 else place

    @cached_property
    def renames(self) -> bool:
        """Whether its meta fields are numbered otherwise when merged."""
        return self.fields != tuple(range(len(self.fields)))

    @cached_property
    def moves(self) -> bool:
        """Whether its numbers change when merged (a single whole part's do not)."""
        return self.first_page != 0 or self.renames or bool(self.dropped)


def _language(folder: Path) -> tuple[str, str, dict[str, Any]]:
    """A part's language code, page list's hash and entry file, checked."""
    entry = json.loads((folder / ENTRY).read_text("utf-8"))
    if entry.get("version") != FORMAT:
        raise FormatError(f"{ENTRY}: Pagefind {entry.get('version')}, this reads {FORMAT}")
    if len(entry.get("languages", {})) != 1:
        raise FormatError(f"{ENTRY}: a part holds one language, not {len(entry['languages'])}")
    [(code, language)] = entry["languages"].items()
    return code, language["hash"], entry


def _meta(folder: Path, name: str) -> list[Any]:
    meta_file = folder / f"pagefind.{name}.pf_meta"
    meta = _read(meta_file)
    if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == FORMAT):
        raise FormatError(f"{meta_file.name}: not a Pagefind {FORMAT} page list")
    if meta[4]:
        # A sort orders every page of the site: no part knows the others' places in it.
        raise FormatError(f"{meta_file.name}: sorts ({len(meta[4])}) cannot be merged")
    return meta


# ------------------------------------------------------------------ merging


def _joined(runs: list[tuple[_Part, list[Any]]]) -> list[Any]:
    """A word's (or a marked form's) pages in each part that has it, in one list numbered as
    merged: a part's first page from the previous part's last, its meta fields renamed."""
    out: list[Any] = []
    last = 0
    for part, pages in runs:
        pages = part.kept(pages)
        if not pages:
            continue
        if part.renames:
            pages = [[d, places, [part.field(v) for v in meta]] for d, places, meta in pages]
        first = part.first_page + pages[0][0]
        out += [[first - last, *pages[0][1:]], *pages[1:]]
        last = part.first_page + sum(page[0] for page in pages)
    return out


def _merged_word(found: list[tuple[_Part, list[Any]]]) -> list[Any] | None:
    """One word from every part that has it: its pages in the parts' order (which is the
    order of their numbers), its marked forms in the order first met; None if every page it
    is on is left out."""
    marked: dict[str, list[tuple[_Part, list[Any]]]] = {}
    for part, word in found:
        for form, pages in word[2]:
            marked.setdefault(form, []).append((part, pages))
    forms = [[form, _joined(runs)] for form, runs in marked.items()]
    forms = [form for form in forms if form[1]]
    pages = _joined([(part, word[1]) for part, word in found])
    # A word only ever written with its marks has no pages of its own, only its forms'.
    return [found[0][1][0], pages, forms] if pages or forms else None


def _tagged(order: int, part: _Part) -> Iterator[tuple[str, int, list[Any], _Part]]:
    """A part's words in order, a chunk decoded at a time, each with the part's place: equal
    words merge in the parts' order."""
    for chunk in part.meta[2]:
        for word in _read(part.folder / "index" / f"{chunk[2]}.pf_index")[0]:
            yield word[0], order, word, part


def _encoded_words(parts: Sequence[_Part]) -> Iterator[tuple[str, bytes]]:
    """Every word of every part, merged, in Pagefind's order (code point), encoded."""
    streams = [_tagged(i, part) for i, part in enumerate(parts)]
    found: list[tuple[_Part, list[Any]]] = []
    for key, _, word, part in heapq.merge(*streams):
        if found and found[0][1][0] != key:
            yield from _flush(found)
            found = []
        found.append((part, word))
    yield from _flush(found)


def _flush(found: list[tuple[_Part, list[Any]]]) -> Iterator[tuple[str, bytes]]:
    """One word met in one part or more, encoded (as read when nothing in it moves)."""
    if not found:
        return
    part, word = found[0]
    if len(found) == 1 and not part.moves:
        yield word[0], cbor2.dumps(word)
    elif (merged := _merged_word(found)) is not None:
        yield word[0], cbor2.dumps(merged)


def _write_chunks(parts: Sequence[_Part], out: Path, code: str, limit: int) -> list[list[str]]:
    """The merged words, split by size into chunk files; the chunks as the page list names
    them. Only the encoded words are held (at N = 2,000, 38 MB for an edition)."""
    words: list[str] = []
    encoded: list[bytes] = []
    for word, data in _encoded_words(parts):
        words.append(word)
        encoded.append(data)
    (out / "index").mkdir(parents=True, exist_ok=True)
    chunks = []
    start = 0
    for run in split(encoded, limit):
        data = _packed(_array([_array(run)]))
        name = _named(code, data, 7)
        (out / "index" / f"{name}.pf_index").write_bytes(data)
        chunks.append([words[start], words[start + len(run) - 1], name])
        start += len(run)
    return chunks


def _write_filters(parts: Sequence[_Part], out: Path, code: str) -> list[list[str]]:
    """Each filter's values and their pages from every part, one file a filter; the filters
    as the page list names them (in the order first met, as are their values)."""
    values: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, digest in part.meta[3]:
            document = _read(part.folder / "filter" / f"{digest}.pf_filter")
            if document[0] != name:
                raise FormatError(f"{digest}.pf_filter: the filter {document[0]!r}, not {name!r}")
            for value, pages in document[1]:
                numbers = [n for n in map(part.page, pages) if n is not None]
                if numbers:
                    values.setdefault(name, {}).setdefault(value, []).extend(numbers)
    (out / "filter").mkdir(parents=True, exist_ok=True)
    named = []
    for name, by_value in values.items():
        data = _packed(cbor2.dumps([name, [[v, pages] for v, pages in by_value.items()]]))
        digest = _named(code, data, 7)
        (out / "filter" / f"{digest}.pf_filter").write_bytes(data)
        named.append([name, digest])
    return named


def _dropped(meta: list[Any], names: Collection[str], folder: Path) -> frozenset[int]:
    """The numbers of a part's pages to leave out, named by their fragments, each found."""
    wanted = set(names)
    numbers = frozenset(i for i, (name, _) in enumerate(meta[1]) if name in wanted)
    if len(numbers) != len(wanted):
        raise FormatError(
            f"{folder.name}: {len(wanted) - len(numbers)} pages to leave out are not in it"
        )
    return numbers


def _parts(
    folders: Sequence[Path], leave_out: Mapping[Path, Collection[str]]
) -> tuple[str, dict[str, Any], list[_Part], list[str]]:
    """The parts' language, first entry file, parts and merged meta fields, checked."""
    found = []
    for folder in folders:
        code, name, entry = _language(folder)
        found.append((code, entry, _meta(folder, name)))
    codes = {code for code, _, _ in found}
    if len(codes) != 1:
        raise FormatError(f"the parts are of different languages: {', '.join(sorted(codes))}")
    fields = sorted({f for _, _, meta in found for f in meta[5]})
    place = {f: i for i, f in enumerate(fields)}
    parts = []
    first = 0
    for folder, (_, _, meta) in zip(folders, found, strict=True):
        dropped = _dropped(meta, leave_out.get(folder, ()), folder)
        parts.append(_Part(folder, meta, first, tuple(place[f] for f in meta[5]), dropped))
        first += parts[-1].size
    return found[0][0], found[0][1], parts, fields


def _copy_scripts(first: Path, out: Path) -> None:
    """Pagefind's scripts, styles and WebAssembly, the same in every part."""
    for path in first.iterdir():
        if path.is_dir() and path.name not in _INDEX_FOLDERS:
            raise FormatError(f"{path.name}/: a folder this does not know how to merge")
        if path.is_file() and path.name != ENTRY and path.suffix != ".pf_meta":
            shutil.copy2(path, out / path.name)


def _move_fragments(parts: Sequence[_Part], out: Path) -> None:
    """Each kept page's fragment (named by its content: two parts never clash but on the
    same), renamed where it can be, copied across file systems."""
    target = out / "fragment"
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        for number, (name, _) in enumerate(part.meta[1]):
            if number not in part.dropped:
                file = f"{name}.pf_fragment"
                shutil.move(part.folder / "fragment" / file, target / file)


def fragments(bundle: Path) -> dict[str, str]:
    """A bundle's pages: each page's address, with the name of its fragment."""
    _, name, _ = _language(bundle)
    found = {}
    for page, _ in _meta(bundle, name)[1]:
        # A fragment (a page's text and metadata) is JSON, not CBOR.
        fragment = json.loads(_document(bundle / "fragment" / f"{page}.pf_fragment"))
        found[fragment["url"]] = page
    return found


def merge(
    folders: Sequence[Path],
    out: Path,
    limit: int = CHUNK_BYTES,
    leave_out: Mapping[Path, Collection[str]] | None = None,
) -> int:
    """Write into `out` (new) the bundle of one language from the bundles Pagefind wrote for
    parts of its pages, its words in chunks of about `limit` bytes; the number of chunks.
    `leave_out`: pages of a part (a folder) not to merge, named by their fragments, as a
    previous index's pages that have changed since. The parts' fragments are moved."""
    if not folders:
        raise FormatError("no part to merge")
    code, entry, parts, fields = _parts(folders, leave_out or {})
    out.mkdir(parents=True)
    chunks = _write_chunks(parts, out, code, limit)
    filters = _write_filters(parts, out, code)
    _copy_scripts(folders[0], out)
    _move_fragments(parts, out)
    pages = [p for part in parts for i, p in enumerate(part.meta[1]) if i not in part.dropped]
    data = _packed(cbor2.dumps([FORMAT, pages, chunks, filters, [], fields]))
    name = _named(code, data, 10)
    (out / f"pagefind.{name}.pf_meta").write_bytes(data)
    entry["languages"] = {
        code: {**entry["languages"][code], "hash": name, "page_count": len(pages)}
    }
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    return len(chunks)
