"""The last build, for the next one: its pages as made, so that a build after an edit of
numbers makes only the pages the edit touched (`changes.py`) and takes the others as they were.

Kept in two places. A process that builds again (`mkdocs serve`) keeps the last build in
memory, with its files. Any build that remembers (the cache) also keeps a record of it in the
cache: its conference files' keys, and each page's files by the hash of their bytes, which
the cache's file store holds; so a fresh `mkdocs build` after an edit is as quick.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .changes import touched_pages
from .languages import LANGUAGES
from .memo import Fingerprints, Memo, files_digest, key_of
from .model import Corpus
from .packed import Packed
from .validate import loaded_keys, remembered_corpus

# Where a process keeps its last build (`Fingerprints.keep`).
IN_PROCESS = "last build"


@dataclass(frozen=True)
class Made:
    """One page as a build made it, in every language: its files (Markdown, figures,
    downloads; each compressed, with the hash of its bytes), its links by file, its warnings
    by language, and its figures' drawings (by spec digest)."""

    files: dict[str, tuple[Packed, str]]
    links: dict[str, frozenset[str]]
    warnings: dict[str, list[tuple[str, str]]]
    figures: set[str]

    @classmethod
    def empty(cls) -> Made:
        """A page about to be made: its files, links, warnings and figures to come."""
        return cls({}, {}, {lang.code: [] for lang in LANGUAGES}, set())

    def kept(self) -> Kept:
        """The page as the cache's record keeps it: its files by hash alone."""
        files = {path: digest for path, (_, digest) in self.files.items()}
        return Kept(files, self.links, self.warnings, self.figures)


@dataclass(frozen=True)
class Kept:
    """A page as the record of a build keeps it: `Made` with each file's hash, whose bytes
    the file store holds."""

    files: dict[str, str]
    links: dict[str, frozenset[str]]
    warnings: dict[str, list[tuple[str, str]]]
    figures: set[str]

    def made(self, store: Memo) -> Made | None:
        """The page with its files read from the store; None when one is no longer there."""
        files = {}
        for path, digest in self.files.items():
            packed = store.get(digest)
            if not isinstance(packed, Packed):
                return None
            files[path] = (packed, digest)
        return Made(files, self.links, self.warnings, self.figures)


def frame_of(corpus: Corpus, templates: str) -> str:
    """What every page is made of besides the conferences: the templates, the registries,
    the boundaries (by their bytes), with the code."""
    where = corpus.boundaries
    boundaries = files_digest([where], where.parent) if where is not None else None
    return key_of(templates, corpus.catalog, corpus.provinces, corpus.regions, boundaries)


@dataclass(frozen=True)
class LastBuild:
    """A build of this process (`mkdocs serve`): its corpus and frame, its pages by path."""

    corpus: Corpus
    frame: str
    pages: dict[str, Made]

    def untouched(self, corpus: Corpus, paths: Sequence[str], frame: str) -> dict[str, Made]:
        """The pages of a build that the edit since this one left as they were, as this one
        made them: none unless only numbers changed."""
        touched = _touched(corpus, paths, frame, self, lambda: self.corpus)
        if touched is None:
            return {}
        return {path: page for path, page in self.pages.items() if path not in touched}


@dataclass(frozen=True)
class Record:
    """A build as the cache keeps it for a build in another process: its frame, the keys its
    conference files were validated under (their conferences are in the memo), and its
    pages by path."""

    frame: str
    conferences: tuple[str, ...]
    pages: dict[str, Kept]

    @classmethod
    def of(cls, frame: str, pages: Mapping[str, Made]) -> Record:
        """The record of the build just made (its conferences: the last load's)."""
        return cls(frame, loaded_keys(), {path: page.kept() for path, page in pages.items()})

    def untouched(
        self, corpus: Corpus, paths: Sequence[str], frame: str, validated: Memo, store: Memo
    ) -> dict[str, Made]:
        """As `LastBuild.untouched`, with the last corpus and files read from the cache;
        none when any of them is no longer there."""
        touched = _touched(
            corpus,
            paths,
            frame,
            self,
            lambda: remembered_corpus(self.conferences, corpus, validated),
        )
        if touched is None:
            return {}
        found = {p: page.made(store) for p, page in self.pages.items() if p not in touched}
        kept = {path: page for path, page in found.items() if page is not None}
        return kept if len(kept) == len(found) else {}


def _touched(
    corpus: Corpus,
    paths: Sequence[str],
    frame: str,
    last: LastBuild | Record,
    last_corpus: Callable[[], Corpus | None],
) -> frozenset[str] | None:
    """The pages an edit since the last build touched; None when every page is to be made:
    another frame or list of pages, the last corpus not found (asked for only then), or more
    than numbers changed."""
    if frame != last.frame or list(paths) != list(last.pages):
        return None
    before = last_corpus()
    return touched_pages(before, corpus) if before is not None else None


def record_key(content: Path) -> str:
    """Where the cache keeps the record of the last build of a content folder."""
    return key_of("last build", str(content.resolve()))


def untouched(
    prints: Fingerprints,
    cached: tuple[Memo, Memo, Memo] | None,
    content: Path,
    corpus: Corpus,
    paths: Sequence[str],
    frame: str,
) -> dict[str, Made]:
    """The pages of this build that an edit left as the last build made them: the last
    build of this process if there is one, else the one the cache (`cached`: its validated
    conferences, its pages and its files) recorded."""
    last = prints.recall(IN_PROCESS)
    if isinstance(last, LastBuild):
        return last.untouched(corpus, paths, frame)
    if cached is None:
        return {}
    validated, pages, store = cached
    record = pages.get(record_key(content))
    if not isinstance(record, Record):
        return {}
    return record.untouched(corpus, paths, frame, validated, store)
