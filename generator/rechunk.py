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
import io
import json
import shutil
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, pairwise
from operator import itemgetter
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
# A word's page's delta, or a page's number where placed as (number, places, meta).
_first = itemgetter(0)


class FormatError(ValueError):
    """The bundle is not in the format this module reads."""


def _document(path: Path) -> bytes:
    """A Pagefind file's document, unpacked."""
    return _unpacked(path.read_bytes(), path.name)


def _unpacked(data: bytes, name: str) -> bytes:
    """A Pagefind file's document from its bytes: gzip of a signature and the document."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{name}: no Pagefind signature")
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
    offset: int  # its first page's place, every part's pages laid end to end
    fields: tuple[int, ...]  # a meta field's place in the part -> its place merged
    # Its pages not at offset + their number: a page left out (None), or a page moved into
    # a place one left out freed, so that the pages before it all keep their numbers.
    moved: Mapping[int, int | None]

    def page(self, number: int) -> int | None:
        """A page's number merged (None: left out)."""
        return self.moved.get(number, self.offset + number)

    def regular(self, pages: list[Any]) -> bool:
        """Whether none of these pages (a word's, delta-coded) moves or goes."""
        return not self.moved or self.moved.keys().isdisjoint(accumulate(map(_first, pages)))

    def untouched(self, word: list[Any]) -> bool:
        """Whether a word of this part reads the same merged, were it in no other part."""
        if self.offset or self.renames:
            return False
        return self.regular(word[1]) and all(self.regular(pages) for _, pages in word[2])

    def field(self, place: int) -> int:
        """A place in a page's meta places as merged: a field, -(its number + 1), renamed."""
        return -self.fields[-place - 1] - 1 if place < 0 else place

    @cached_property
    def renames(self) -> bool:
        """Whether its meta fields are numbered otherwise when merged."""
        return self.fields != tuple(range(len(self.fields)))


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
    merged, its meta fields renamed. Where none moves or goes, a part's pages follow the
    previous part's: only its first page's delta changes."""
    if not all(part.regular(pages) for part, pages in runs):
        return _placed(runs)
    out: list[Any] = []
    last = 0
    for part, pages in runs:
        if not pages:
            continue
        if part.renames:
            pages = [[d, places, [part.field(v) for v in meta]] for d, places, meta in pages]
        first = part.offset + pages[0][0]
        out += [[first - last, *pages[0][1:]], *pages[1:]]
        last = part.offset + sum(map(_first, pages))
    return out


def _placed(runs: list[tuple[_Part, list[Any]]]) -> list[Any]:
    """A word's pages in each part, each at its number merged (those left out gone), in the
    order of their numbers, delta-coded again."""
    placed = []
    for part, pages in runs:
        number = 0
        for delta, places, meta in pages:
            number += delta
            merged = part.page(number)
            if merged is not None:
                renamed = [part.field(v) for v in meta] if part.renames else meta
                placed.append((merged, places, renamed))
    placed.sort(key=_first)
    out = []
    last = 0
    for number, places, meta in placed:
        out.append([number - last, places, meta])
        last = number
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


def _words(path: Path) -> Iterator[tuple[list[Any], bytes]]:
    """An index chunk's words in order, each decoded and as encoded: a word no page of which
    moves is written as read, not encoded again."""
    data = _document(path)
    document = io.BytesIO(data)
    if document.read(1) != b"\x81":
        raise FormatError(f"{path.name}: not an index chunk (an array of one array)")
    decoder = cbor2.CBORDecoder(document)
    for _ in range(_array_length(document, path)):
        start = document.tell()
        word = decoder.decode()
        yield word, data[start : document.tell()]


def _array_length(document: io.BytesIO, path: Path) -> int:
    """The length an array's head states (RFC 8949: major type 4, definite length)."""
    head = document.read(1)
    if not head or head[0] >> 5 != 4 or head[0] & 31 > 27:
        raise FormatError(f"{path.name}: no array of words")
    small = head[0] & 31
    return small if small < 24 else int.from_bytes(document.read(1 << (small - 24)), "big")


def _tagged(order: int, part: _Part) -> Iterator[tuple[str, int, list[Any], bytes, _Part]]:
    """A part's words in order, a chunk decoded at a time, each with the part's place: equal
    words merge in the parts' order."""
    for chunk in part.meta[2]:
        for word, encoded in _words(part.folder / "index" / f"{chunk[2]}.pf_index"):
            yield word[0], order, word, encoded, part


def _encoded_words(parts: Sequence[_Part]) -> Iterator[tuple[str, bytes]]:
    """Every word of every part, merged, in Pagefind's order (code point), encoded."""
    streams = [_tagged(i, part) for i, part in enumerate(parts)]
    found: list[tuple[_Part, list[Any], bytes]] = []
    for key, _, word, encoded, part in heapq.merge(*streams):
        if found and found[0][1][0] != key:
            yield from _flush(found)
            found = []
        found.append((part, word, encoded))
    yield from _flush(found)


def _flush(found: list[tuple[_Part, list[Any], bytes]]) -> Iterator[tuple[str, bytes]]:
    """One word met in one part or more, encoded (as read when nothing in it moves)."""
    if not found:
        return
    part, word, encoded = found[0]
    if len(found) == 1 and part.untouched(word):
        yield word[0], encoded
    elif (merged := _merged_word([(part, word) for part, word, _ in found])) is not None:
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
        listed = [[v, sorted(pages)] for v, pages in by_value.items()]
        data = _packed(cbor2.dumps([name, listed]))
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
    offsets = list(accumulate((len(meta[1]) for _, _, meta in found), initial=0))
    gone = [
        _dropped(m, leave_out.get(f, ()), f) for f, (_, _, m) in zip(folders, found, strict=True)
    ]
    moved = _moved(offsets, gone)
    parts = [
        _Part(folder, meta, offset, tuple(place[f] for f in meta[5]), moves)
        for folder, (_, _, meta), offset, moves in zip(
            folders, found, offsets[:-1], moved, strict=True
        )
    ]
    return found[0][0], found[0][1], parts, fields


def _moved(offsets: list[int], gone: list[frozenset[int]]) -> list[dict[int, int | None]]:
    """Each part's pages that do not keep their place (every part's pages laid end to end):
    those left out, and the last pages kept, moved into the places freed below the count
    kept. A previous index with two changed pages keeps every other page's number, and the
    words on none of those pages pass through as read."""
    total = offsets[-1] - sum(map(len, gone))
    # In order: as many are filled as there are below the count kept, so exactly those.
    holes = iter(sorted(o + n for o, ns in zip(offsets[:-1], gone, strict=True) for n in ns))
    moved: list[dict[int, int | None]] = [dict.fromkeys(numbers) for numbers in gone]
    for i, (offset, end) in enumerate(pairwise(offsets)):
        for place in range(max(offset, total), end):
            if place - offset not in gone[i]:
                moved[i][place - offset] = next(holes)
    return moved


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
            if part.page(number) is not None:
                file = f"{name}.pf_fragment"
                shutil.move(part.folder / "fragment" / file, target / file)


def _page_list(parts: Sequence[_Part]) -> list[Any]:
    """The merged page list: every page kept, at its number."""
    placed = [(part.page(i), page) for part in parts for i, page in enumerate(part.meta[1])]
    return [page for _, page in sorted((p for p in placed if p[0] is not None), key=_first)]


def fragments(bundle: Path, files: Mapping[str, bytes] | None = None) -> dict[str, str]:
    """A bundle's pages: each page's address, with the name of its fragment. `files`: the
    fragments' bytes by their path in the bundle, when at hand (not read again)."""
    _, name, _ = _language(bundle)
    found = {}
    for page, _ in _meta(bundle, name)[1]:
        path = f"fragment/{page}.pf_fragment"
        packed = (bundle / path).read_bytes() if files is None else files[path]
        # A fragment (a page's text and metadata) is JSON, not CBOR.
        found[json.loads(_unpacked(packed, path))["url"]] = page
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
    pages = _page_list(parts)
    data = _packed(cbor2.dumps([FORMAT, pages, chunks, filters, [], fields]))
    name = _named(code, data, 10)
    (out / f"pagefind.{name}.pf_meta").write_bytes(data)
    entry["languages"] = {
        code: {**entry["languages"][code], "hash": name, "page_count": len(pages)}
    }
    (out / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    return len(chunks)
