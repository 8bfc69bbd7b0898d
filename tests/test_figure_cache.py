"""The figure cache: an entry is used only when it is as safe as a fresh drawing of its spec.

A CI cache kept between runs is input like any other: an entry may hold script, draw other
numbers, or not be a file at all. Each such entry is drawn again, never published or waited on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from generator import figures
from generator.charts import Chart
from generator.figures import FigureSpec, draw, render_all, svg_is_inert
from generator.kinds import KINDS
from generator.languages import LANGUAGES
from generator.model import Corpus

SPEC = FigureSpec(
    path="figures/x.svg",
    kind="hbar",
    title="Nghệ An, 2023: cases",
    categories=("Drug offences", "Fireworks offences", "Đồng Nai"),
    values=(Decimal(207), Decimal(119), None),
    highs=(None, Decimal(130), None),
    labels=("207", "119 / 130 (sources differ)", ""),
    axis_label="cases",
    alt="alt",
)
OTHER = dataclasses.replace(SPEC, values=(Decimal(9), Decimal(9), None), labels=("9", "9", ""))


def _plain_header(svg: bytes) -> bytes:
    """The header an entry had before it was tied to its spec: anyone could write it."""
    return b"sha256 " + hashlib.sha256(svg).hexdigest().encode()


def _keyed_header(spec: FigureSpec, svg: bytes) -> bytes:
    """The header of an entry for `spec` (what a poisoner who read the code would write)."""
    keyed = spec.digest.encode() + figures.CODE_VERSION.encode() + svg
    return b"sha256 " + hashlib.sha256(keyed).hexdigest().encode()


@pytest.fixture
def drawn(tmp_path: Path) -> bytes:
    """SPEC drawn once into the cache at tmp_path."""
    svgs, stats = render_all({SPEC.path: SPEC}, tmp_path)
    assert stats.drawn == 1
    return svgs[SPEC.path]


def _entry(cache: Path) -> Path:
    return cache / f"{SPEC.digest}.svg"


def _served_again(cache: Path, fresh: bytes) -> None:
    """The poisoned entry is not served: the figure is drawn again, as it should look."""
    again, stats = render_all({SPEC.path: SPEC}, cache)
    assert stats.drawn == 1
    assert again[SPEC.path] == fresh


def _insert(svg: bytes, markup: bytes) -> bytes:
    return svg.replace(b"</svg>", markup + b"</svg>")


POISON: dict[str, Callable[[bytes], bytes]] = {
    "namespaced script": lambda svg: _insert(
        svg, b'<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'
    ),
    "entity-encoded scheme": lambda svg: _insert(
        svg, b'<use xlink:href="&#106;avascript:alert(1)" x="0" y="0"/>'
    ),
    "remote reference": lambda svg: _insert(svg, b'<use xlink:href="https://evil.example/#x"/>'),
    "style url": lambda svg: _insert(
        svg, b'<path d="M 0 0" style="fill: url(&#106;avascript:alert(1))"/>'
    ),
    "css escape": lambda svg: _insert(svg, b'<path d="M 0 0" style="fill: \\75 rl(x)"/>'),
    "css function": lambda svg: _insert(
        svg, b'<path d="M 0 0" style="fill: image-set(\'https://evil.example/x.png\' 1x)"/>'
    ),
    "remote fill": lambda svg: _insert(svg, b'<rect fill="url(https://evil.example/#p)"/>'),
    "style import": lambda svg: svg.replace(b"<style", b"<style>@import 'x';</style><style"),
    "event handler": lambda svg: svg.replace(b'<g id="figure_1">', b'<g id="figure_1" onload="1">'),
    "foreign object": lambda svg: _insert(
        svg, b"<foreignObject><body xmlns='http://www.w3.org/1999/xhtml'>x</body></foreignObject>"
    ),
    "entity expansion": lambda svg: svg.replace(
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY a "aaaa">]>',
    ).replace(b"<defs>", b"<defs>&a;&a;"),
    "processing instruction": lambda svg: svg.replace(
        b"<svg ", b'<?xml-stylesheet href="https://evil.example/x.css"?><svg ', 1
    ),
    "not xml": lambda svg: svg[:-20],
}


@pytest.mark.parametrize("header", [_plain_header, None], ids=["plain header", "keyed header"])
@pytest.mark.parametrize("poison", list(POISON))
def test_an_entry_with_anything_matplotlib_does_not_write_is_drawn_again(
    tmp_path: Path, drawn: bytes, poison: str, header: Callable[[bytes], bytes] | None
) -> None:
    evil = POISON[poison](drawn)
    assert evil != drawn
    assert not svg_is_inert(evil)
    head = header(evil) if header else _keyed_header(SPEC, evil)
    _entry(tmp_path).write_bytes(head + b"\n" + evil)
    _served_again(tmp_path, drawn)


def test_an_inert_entry_of_another_spec_is_drawn_again(tmp_path: Path, drawn: bytes) -> None:
    other = draw(OTHER)
    assert svg_is_inert(other)
    _entry(tmp_path).write_bytes(_plain_header(other) + b"\n" + other)
    _served_again(tmp_path, drawn)
    _entry(tmp_path).write_bytes(_keyed_header(OTHER, other) + b"\n" + other)
    _served_again(tmp_path, drawn)


_READ_IN_A_BOX = """
import resource, sys
from pathlib import Path
from generator.figures import render_all
from test_figure_cache import SPEC
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
svgs, stats = render_all({SPEC.path: SPEC}, Path(sys.argv[1]))
print(stats.drawn, svgs[SPEC.path] == Path(sys.argv[2]).read_bytes())
"""


def _served_again_in_a_box(cache: Path, fresh: bytes) -> None:
    """`_served_again`, in a process with bounded memory and time (reading /dev/zero or a FIFO
    must fail this test, not the machine)."""
    expected = cache.parent / "expected.svg"
    expected.write_bytes(fresh)
    result = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_BOX, str(cache), str(expected)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parent,
        check=False,
    )
    assert result.stdout.split() == ["1", "True"], result.stderr[-2000:]


def test_an_entry_that_is_no_regular_file_is_never_read(tmp_path: Path, drawn: bytes) -> None:
    entry = _entry(tmp_path)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    _served_again_in_a_box(tmp_path, drawn)
    entry.unlink()
    os.mkfifo(entry)
    _served_again_in_a_box(tmp_path, drawn)
    entry.unlink()
    target = tmp_path / "elsewhere.svg"
    target.write_bytes(_keyed_header(SPEC, drawn) + b"\n" + drawn)
    entry.symlink_to(target)  # even a good entry is not followed through a link
    _served_again(tmp_path, drawn)
    assert not entry.is_symlink()


def test_an_oversized_entry_is_not_read(
    tmp_path: Path, drawn: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(figures, "MAX_CACHED_BYTES", len(drawn) // 2)
    _served_again(tmp_path, drawn)


def test_storing_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f".{SPEC.digest}.{os.getpid()}.tmp").symlink_to(victim)
    svgs, stats = render_all({SPEC.path: SPEC}, cache)
    assert stats.drawn == 1
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert svgs[SPEC.path].startswith(b"<?xml")


def test_a_good_entry_is_used(tmp_path: Path, drawn: bytes) -> None:
    again, stats = render_all({SPEC.path: SPEC}, tmp_path)
    assert stats.drawn == 0 and again[SPEC.path] == drawn


# ------------------------------------------------------------------ fresh drawings, same test

HOSTILE_WORDS = (
    "javascript:alert(1)",
    " one = 1",
    "<script>alert(2)</script>",
    "]]> &amp; &#106;",
    "$\\frac{$",
    'x" onload="alert(3)',
    "url(javascript:x)",
)


@pytest.mark.parametrize("kind", ["hbar", "columns", "change"])
def test_labels_with_hostile_words_draw_inert(kind: figures.ChartKind) -> None:
    spec = dataclasses.replace(
        SPEC,
        kind=kind,
        title=" ".join(HOSTILE_WORDS),
        categories=HOSTILE_WORDS[:3],
        labels=HOSTILE_WORDS[3:6],
        axis_label=HOSTILE_WORDS[6],
        values=(Decimal(-5), Decimal(3), None) if kind == "change" else SPEC.values,
    )
    svg = draw(spec)
    assert svg_is_inert(svg)
    assert b"javascript:alert(1)" in svg  # drawn as text


def _one_of_each(corpus: Corpus) -> dict[tuple[str, str], Chart]:
    """A chart of every chart kind of every page kind, in every language."""
    found: dict[tuple[str, str], Chart] = {}
    for lang in LANGUAGES:
        for kind in KINDS:
            for key in kind.keys(corpus):
                for chart in kind.charts(corpus, key, lang):
                    family = chart.name.split("/")[-1].split("-")[0]
                    ranged = any(h is not None for h in chart.spec.highs)
                    missing = any(v is None for v in chart.spec.values)
                    shape = f"{chart.spec.kind}-{family}-{ranged}-{missing}-{lang.code}"
                    found.setdefault((kind.name, shape), chart)
    return found


def test_every_chart_the_site_draws_passes_the_cache_test(corpus: Corpus) -> None:
    charts = _one_of_each(corpus)
    kinds = {chart.spec.kind for chart in charts.values()}
    assert kinds == {"hbar", "columns", "change"}
    for chart in charts.values():
        assert svg_is_inert(draw(chart.spec)), chart.name
