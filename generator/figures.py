"""Draw bar charts with matplotlib's object API: spec in, deterministic SVG bytes out, cached."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
import textwrap
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from xml.parsers import expat

import matplotlib
from babel.numbers import format_decimal
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

ChartKind = Literal["hbar", "columns", "change"]

# Fixed salt and no date: the same spec gives the same bytes on every machine and run.
_RC: dict[str, Any] = {
    "svg.hashsalt": "vn-review-site",
    # Text stays text (small, selectable); the browser falls back to its own sans-serif.
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#777777",
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    # Labels come from content: "$\\frac{$" must print as written, never parse as TeX.
    "text.parse_math": False,
}
_BAR = "#3f51b5"
_DOWN = "#00897b"
_UP = "#e65100"
_MISSING = "#9e9e9e"
_RANGE = "#9fa8da"
CODE_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + matplotlib.__version__.encode()
).hexdigest()[:16]


@dataclass(frozen=True)
class FigureSpec:
    """Everything a chart shows, as plain data; its hash names the cached drawing."""

    path: str
    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    values: tuple[Decimal | None, ...]
    # The high end of a bar whose sources disagree (drawn hatched from the value up), else None.
    highs: tuple[Decimal | None, ...]
    labels: tuple[str, ...]
    axis_label: str
    alt: str
    max_value: float | None = None
    missing_label: str = "not reported"
    locale: str = "en"

    @cached_property
    def digest(self) -> str:
        """Content hash of what is drawn (not of the path or alt text)."""
        drawn = asdict(self)
        drawn.pop("path")
        drawn.pop("alt")
        blob = json.dumps(drawn, sort_keys=True, ensure_ascii=False, default=str) + CODE_VERSION
        return hashlib.sha256(blob.encode()).hexdigest()


def _annotate(ax: Axes, spec: FigureSpec, positions: list[float]) -> None:
    """Write each value, or 'not reported', beside its bar."""
    columns = spec.kind == "columns"
    for pos, value, high, label in zip(
        positions, spec.values, spec.highs, spec.labels, strict=True
    ):
        text = spec.missing_label if value is None else label
        color = _MISSING if value is None else "#222222"
        style = "italic" if value is None else "normal"
        at = 0.0 if value is None else float(high if high is not None else value)
        if columns:
            ax.annotate(
                text,
                (pos, at),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                rotation=90 if value is None else 0,
                color=color,
                style=style,
            )
        else:
            left = at < 0
            ax.annotate(
                text,
                (at, pos),
                xytext=(-4 if left else 4, 0),
                textcoords="offset points",
                va="center",
                ha="right" if left else "left",
                color=color,
                style=style,
            )


def _wrap(label: str, width: int) -> str:
    """Long labels on several lines, so the plot keeps its width."""
    return textwrap.fill(label, width=width, break_long_words=False)


def _number_axis(axis: Any, locale: str) -> None:
    """Tick labels formatted for the reader's locale (146,678 / 146.678)."""
    axis.set_major_formatter(
        FuncFormatter(
            lambda x, _pos: format_decimal(round(x, 3), format="#,##0.###", locale=locale)
        )
    )


def _ranges(
    spec: FigureSpec, positions: list[float]
) -> tuple[list[float], list[float], list[float]]:
    """Bars whose sources disagree: position, start (the low value) and length of the range."""
    where, starts, spans = [], [], []
    for pos, low, high in zip(positions, spec.values, spec.highs, strict=True):
        if high is not None and low is not None:
            where.append(pos)
            starts.append(float(low))
            spans.append(float(high - low))
    return where, starts, spans


def _columns(ax: Axes, spec: FigureSpec, positions: list[float], values: list[float]) -> None:
    """Vertical bars, one per period: a series over time."""
    ax.bar(positions, values, color=_BAR, width=0.6)
    where, starts, spans = _ranges(spec, positions)
    ax.bar(where, spans, bottom=starts, color=_RANGE, width=0.6, hatch="//", linewidth=0)
    ax.set_xticks(positions, [_wrap(c, 14) for c in spec.categories])
    ax.set_ylabel(spec.axis_label)
    tops = [s + h for s, h in zip(starts, spans, strict=True)]
    ax.set_ylim(0, (spec.max_value or max([*values, *tops, 1.0])) * 1.18)
    _number_axis(ax.yaxis, spec.locale)
    if spec.max_value:
        ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= spec.max_value])


def _bars(ax: Axes, spec: FigureSpec, positions: list[float], values: list[float]) -> None:
    """Horizontal bars, one per category; a change chart centres on zero."""
    change = spec.kind == "change"
    colors = [
        _MISSING if v is None else (_UP if v > 0 else _DOWN) if change else _BAR
        for v in spec.values
    ]
    ax.barh(positions, values, color=colors, height=0.6)
    where, starts, spans = _ranges(spec, positions)
    ax.barh(where, spans, left=starts, color=_RANGE, height=0.6, hatch="//", linewidth=0)
    ax.set_yticks(positions, [_wrap(c, 34) for c in spec.categories])
    ax.invert_yaxis()
    ax.set_xlabel(spec.axis_label)
    _number_axis(ax.xaxis, spec.locale)
    tops = [s + h for s, h in zip(starts, spans, strict=True)]
    extent = spec.max_value or max([abs(v) for v in values] + tops + [1.0])
    if change:
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.set_xlim(-extent * 1.45, extent * 1.45)
        return
    # Room for the value labels; a bounded scale shows no ticks past its end.
    ax.set_xlim(0, extent * 1.3)
    if spec.max_value:
        ax.set_xticks([t for t in ax.get_xticks() if 0 <= t <= spec.max_value])


def draw(spec: FigureSpec) -> bytes:
    """Render a spec to SVG bytes."""
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        count = len(spec.categories)
        height = 3.6 if spec.kind == "columns" else 1.3 + 0.48 * count
        fig = Figure(figsize=(7.6, height))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        values = [float(v) if v is not None else 0.0 for v in spec.values]
        positions = [float(i) for i in range(count)]
        if spec.kind == "columns":
            _columns(ax, spec, positions, values)
        else:
            _bars(ax, spec, positions, values)
        _annotate(ax, spec, positions)
        ax.set_title(_wrap(spec.title, 70))
        buffer = io.BytesIO()
        # A tight box keeps value labels that stand past the axes inside the picture.
        fig.savefig(
            buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.12
        )
    return buffer.getvalue()


def default_cache_dir() -> Path:
    """Outside the source tree: $VN_REVIEW_CACHE, else the user's cache folder."""
    if os.environ.get("VN_REVIEW_CACHE"):
        return Path(os.environ["VN_REVIEW_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "vn-review-site" / "figures"


@dataclass(frozen=True)
class RenderStats:
    """Distinct drawings made now, and distinct drawings read from the cache."""

    drawn: int
    cached: int


# A cache entry is the SVG after one line with a SHA-256 over the spec's digest, the code's
# version and the SVG: a truncated, emptied or altered entry, or one written for another spec
# or by other code, fails the check and is drawn again. Anyone who reads this can still write
# a matching header, so an entry is also held to what matplotlib writes (`svg_is_inert`).
_HEADER = b"sha256 "
# A chart is tens of kilobytes; anything far larger is not one of ours.
MAX_CACHED_BYTES = 4_000_000
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
_CC = "http://creativecommons.org/ns#"
# Every element and attribute matplotlib writes for these charts (namespace, name), and no other.
_ELEMENTS = frozenset(
    {(_SVG, n) for n in ("svg", "metadata", "defs", "style", "g", "path", "use", "clipPath")}
    | {(_SVG, n) for n in ("rect", "text", "pattern")}
    | {(_RDF, "RDF"), (_CC, "Work"), (_CC, "Agent")}
    | {(_DC, n) for n in ("type", "format", "creator", "title")}
)
_ATTRIBUTES = frozenset(
    ("", n) for n in ("id", "transform", "d", "x", "y", "width", "height", "viewBox", "version")
) | {("", "patternUnits"), ("", "type")}
_XLINK_HREF = (_XLINK, "href")
_RDF_RESOURCE = (_RDF, "resource")
_STILL_IMAGE = "http://purl.org/dc/dcmitype/StillImage"
_LOCAL_HREF = re.compile(r"#[A-Za-z0-9_-]+")
# Values that are CSS, where a function (url(), image-set(), expression()…) could fetch or run
# something: only url(#id) is allowed, and no at-rule or escape (which could spell either).
_CSS_VALUED = frozenset({("", "style"), ("", "fill"), ("", "clip-path")})
_UNSAFE_CSS = re.compile(r"(?<![\w-])(?!url\(#[A-Za-z0-9_-]+\))[\w-]+\s*\(|[@\\]")


class _Unsafe(Exception):
    """Something in an SVG that a chart drawn here never holds."""


def _refuse(*_: object) -> None:
    raise _Unsafe


def _split(name: str) -> tuple[str, str]:
    """'http://www.w3.org/2000/svg path' -> (namespace, local name); no namespace -> ''."""
    space, _, local = name.rpartition(" ")
    return space, local


class _Checker:
    """Expat callbacks holding an SVG to what matplotlib writes for a chart."""

    def __init__(self) -> None:
        self.started = False
        self.in_style = False

    def doctype(self, name: str, system: str | None, public: str | None, internal: int) -> None:
        """Only matplotlib's SVG 1.1 declaration: no internal subset, so no entity is declared."""
        if name != "svg" or public != "-//W3C//DTD SVG 1.1//EN" or internal:
            raise _Unsafe

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """An allowed element, with allowed attributes and values."""
        element = _split(name)
        if element not in _ELEMENTS or (not self.started and element != (_SVG, "svg")):
            raise _Unsafe
        self.started = True
        self.in_style = element == (_SVG, "style")
        for key, value in attributes.items():
            attribute = _split(key)
            if attribute == _XLINK_HREF:
                safe = _LOCAL_HREF.fullmatch(value) is not None
            elif attribute == _RDF_RESOURCE:
                safe = element == (_DC, "type") and value == _STILL_IMAGE
            elif attribute in _CSS_VALUED:
                safe = not _UNSAFE_CSS.search(value)
            else:
                safe = attribute in _ATTRIBUTES
            if not safe:
                raise _Unsafe

    def end(self, name: str) -> None:
        """Leave an element."""
        self.in_style = False

    def text(self, data: str) -> None:
        """Text is inert in SVG, but in a <style> element it is CSS."""
        if self.in_style and _UNSAFE_CSS.search(data):
            raise _Unsafe


def svg_is_inert(data: bytes) -> bool:
    """Whether an SVG holds only what matplotlib writes for a chart: known elements and
    attributes, links only to '#id' in the same file, CSS with no outside reference; no
    script, event handler, foreign content, entity declaration or processing instruction."""
    if not data.startswith(b"<?xml"):
        return False
    checker = _Checker()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = checker.doctype
    parser.StartElementHandler = checker.start
    parser.EndElementHandler = checker.end
    parser.CharacterDataHandler = checker.text
    for handler in _REFUSED_HANDLERS:
        setattr(parser, handler, _refuse)
    try:
        parser.Parse(data, True)
    except (_Unsafe, expat.ExpatError):
        return False
    return True


# Whatever matplotlib never writes: declarations, entities, PIs, comments, CDATA.
_REFUSED_HANDLERS = (
    "EntityDeclHandler",
    "UnparsedEntityDeclHandler",
    "NotationDeclHandler",
    "ElementDeclHandler",
    "AttlistDeclHandler",
    "ExternalEntityRefHandler",
    "SkippedEntityHandler",
    "ProcessingInstructionHandler",
    "CommentHandler",
    "StartCdataSectionHandler",
)


def _entry_header(digest: str, data: bytes) -> bytes:
    """The first line of the cache entry for the spec with this digest."""
    keyed = digest.encode() + CODE_VERSION.encode() + data
    return _HEADER + hashlib.sha256(keyed).hexdigest().encode()


def _read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, at most `limit`; None for a link, a device, a FIFO or a folder
    (opened without following links or waiting), for a larger file, or when it cannot be read."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        try:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
                return None
            blob = file.read(limit + 1)
        except OSError:
            return None
    return blob if len(blob) <= limit else None


def _read_cached(cache: Path, digest: str) -> bytes | None:
    """A verified cache entry, or None (missing, not a file, damaged, another's, or unsafe)."""
    blob = _read_regular(cache / f"{digest}.svg", MAX_CACHED_BYTES + 100)
    if blob is None:
        return None
    header, _, data = blob.partition(b"\n")
    return data if header == _entry_header(digest, data) and svg_is_inert(data) else None


def _store(cache: Path, digest: str, data: bytes) -> None:
    """Write atomically so a killed build never leaves half a figure; skip if it cannot.

    The temporary file is created new (never through a link someone left in its place)."""
    tmp = cache / f".{digest}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(tmp, flags, 0o644), "wb") as file:
            file.write(_entry_header(digest, data) + b"\n" + data)
        tmp.replace(cache / f"{digest}.svg")
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # a link left in its place goes, never what it names


def render_all(
    specs: Mapping[str, FigureSpec],
    cache: Path,
    jobs: int | None = None,
    on_done: Callable[[int], None] | None = None,
) -> tuple[dict[str, bytes], RenderStats]:
    """SVG bytes for every spec, drawing only what the cache lacks, in parallel.

    The cache only saves time: an entry that fails its check, or a cache that cannot be read
    or written, means drawing again.
    """
    by_digest = {spec.digest: spec for _, spec in sorted(specs.items())}
    svgs = {d: data for d in by_digest if (data := _read_cached(cache, d)) is not None}
    if on_done:
        on_done(len(svgs))
    drawn = _draw_many([s for d, s in by_digest.items() if d not in svgs], jobs, on_done)
    for digest, data in drawn.items():
        if not svg_is_inert(data):
            raise ValueError(f"figure {by_digest[digest].path} drew an unsafe SVG")
        _store(cache, digest, data)
    svgs.update(drawn)
    out = {path: svgs[spec.digest] for path, spec in sorted(specs.items())}
    return out, RenderStats(drawn=len(drawn), cached=len(by_digest) - len(drawn))


def _draw_many(
    specs: list[FigureSpec], jobs: int | None, on_done: Callable[[int], None] | None
) -> dict[str, bytes]:
    """Draw specs, across processes when there are enough to pay for starting them."""
    workers = min(jobs or os.cpu_count() or 1, len(specs))
    results: dict[str, bytes] = {}
    if workers <= 1 or len(specs) < 8:
        for spec in specs:
            results[spec.digest] = draw(spec)
            if on_done:
                on_done(1)
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for spec, data in zip(specs, pool.map(draw, specs, chunksize=4), strict=True):
            results[spec.digest] = data
            if on_done:
                on_done(1)
    return results
