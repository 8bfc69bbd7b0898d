"""Pagefind's index, split again into chunks of about the same size.

A query fetches every index chunk its words fall in. Pagefind 1.5 closes a chunk when the
locations of its words reach a count, but counts only a word's unmarked form: "nghị", "nguồn",
"nhận" and "ngày", on almost every page and never written without their tone marks, count
none. At N = 2,000 they shared one chunk of 95 KB, and a first search for "nghe an" fetched
113 KB of index (for "hoi nghi", 160 KB). This module reads an edition's bundle once Pagefind
has written it, splits its words again by their encoded size, and rewrites the chunk files,
the page list that names them (pf_meta) and the entry file that names the page list.

It reads the format of the pinned Pagefind (`FORMAT`): every file is gzip of a signature and a
CBOR document. A bundle in any other version fails the build with a SearchError, never
silently: the index format is not Pagefind's public interface.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator, Sequence
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


class FormatError(ValueError):
    """The bundle is not in the format this module reads."""


def _read(path: Path) -> Any:
    """A Pagefind file's document."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{path.name}: no Pagefind signature")
    return cbor2.loads(raw[len(SIGNATURE) :])


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


def rechunk(bundle: Path, limit: int = CHUNK_BYTES) -> int:
    """Split the index of each language in an edition's bundle again; the number of chunks."""
    entry = json.loads((bundle / ENTRY).read_text("utf-8"))
    if entry.get("version") != FORMAT:
        raise FormatError(f"{ENTRY}: Pagefind {entry.get('version')}, this reads {FORMAT}")
    made = 0
    for code, language in entry["languages"].items():
        language["hash"], chunks = _rechunk_language(bundle, code, language["hash"], limit)
        made += chunks
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    return made


def _rechunk_language(bundle: Path, code: str, old: str, limit: int) -> tuple[str, int]:
    """Rewrite one language's chunks and page list; the page list's new hash, and how many
    chunks it names."""
    meta_file = bundle / f"pagefind.{old}.pf_meta"
    meta = _read(meta_file)
    if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == FORMAT):
        raise FormatError(f"{meta_file.name}: not a Pagefind {FORMAT} page list")
    old_chunks = [bundle / "index" / f"{chunk[2]}.pf_index" for chunk in meta[2]]
    # Each word as it is spelled and as it is encoded: a chunk decoded at a time (decoded,
    # an edition's index at N = 2,000 took 0.2 GB).
    words: list[str] = []
    encoded: list[bytes] = []
    for path in old_chunks:
        for word in _read(path)[0]:
            words.append(word[0])
            encoded.append(cbor2.dumps(word))
    chunks = []
    start = 0
    for run in split(encoded, limit):
        data = _packed(_array([_array(run)]))
        name = _named(code, data, 7)
        (bundle / "index" / f"{name}.pf_index").write_bytes(data)
        chunks.append([words[start], words[start + len(run) - 1], name])
        start += len(run)
    kept = {bundle / "index" / f"{chunk[2]}.pf_index" for chunk in chunks}
    for path in old_chunks:
        if path not in kept:
            path.unlink()
    meta[2] = chunks
    data = _packed(cbor2.dumps(meta))
    new = _named(code, data, 10)
    meta_file.unlink()
    (bundle / f"pagefind.{new}.pf_meta").write_bytes(data)
    return new, len(chunks)
