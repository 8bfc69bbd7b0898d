"""The figure cache: an entry is used only when it is as safe as a fresh drawing of its spec.

A CI cache kept between runs is input like any other: an entry may hold script, draw other
numbers, or not be a file at all. Each such entry is drawn again, never published or waited on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT

from generator import figures, geo
from generator.charts import Chart
from generator.figures import Drawable, FigureSpec, Point, Series, draw, render_all, svg_is_inert
from generator.kinds import KINDS
from generator.languages import LANGUAGES, language
from generator.maps import MapSpec, coverage_maps
from generator.model import Corpus
from generator.schema import ProvinceUnit

SPEC = FigureSpec(
    path="figures/x.svg",
    kind="bars",
    title="Nghệ An, 2023: cases",
    subtitle="2023",
    axis_label="cases",
    categories=("Drug offences", "Fireworks offences", "Đồng Nai"),
    series=(
        Series(
            "",
            (
                Point(Decimal(207), None, "207", "207 cases"),
                Point(Decimal(119), Decimal(130), "119–130", "119 / 130 (sources differ)"),
                Point(Decimal(4), None, "4", "4 cases"),
            ),
        ),
    ),
    alt="alt",
)
OTHER = dataclasses.replace(
    SPEC, series=(Series("", tuple(Point(Decimal(9), None, "9") for _ in range(3))),)
)


def _plain_header(svg: bytes) -> bytes:
    """The header an entry had before it was tied to its spec: anyone could write it."""
    return b"sha256 " + hashlib.sha256(svg).hexdigest().encode()


def _keyed_header(spec: Drawable, svg: bytes) -> bytes:
    """The header of an entry for `spec` (what a poisoner who read the code would write)."""
    keyed = spec.digest.encode() + figures.CODE_VERSION.encode() + svg
    return b"sha256 " + hashlib.sha256(keyed).hexdigest().encode()


@pytest.fixture
def drawn(tmp_path: Path) -> bytes:
    """SPEC drawn once into the cache at tmp_path."""
    svgs, stats = render_all({SPEC.path: SPEC}, tmp_path)
    assert stats.drawn == 1
    return svgs[SPEC.path]


def _entry(cache: Path, spec: Drawable = SPEC) -> Path:
    return cache / f"{spec.digest}.svg"


def _served_again(cache: Path, fresh: bytes, spec: Drawable = SPEC) -> None:
    """The poisoned entry is not served: the figure is drawn again, as it should look."""
    again, stats = render_all({spec.path: spec}, cache)
    assert stats.drawn == 1
    assert again[spec.path] == fresh


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


def test_an_entry_this_machine_found_inert_is_not_parsed_again(
    tmp_path: Path, drawn: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[bytes] = []

    def counting(data: bytes) -> bool:
        parsed.append(data)
        return svg_is_inert(data)

    monkeypatch.setattr(figures, "svg_is_inert", counting)
    svgs, stats = render_all({SPEC.path: SPEC}, tmp_path)
    assert svgs[SPEC.path] == drawn and stats.cached == 1 and parsed == []
    # A cache brought from elsewhere (another machine's key): every entry is parsed again.
    moved = tmp_path.parent / f"{tmp_path.name}-elsewhere" / "figures"
    shutil.copytree(tmp_path, moved)
    svgs, stats = render_all({SPEC.path: SPEC}, moved)
    assert svgs[SPEC.path] == drawn and stats.cached == 1 and parsed == [drawn]


def test_an_inert_entry_of_another_spec_is_drawn_again(tmp_path: Path, drawn: bytes) -> None:
    other = draw(OTHER)
    assert svg_is_inert(other)
    _entry(tmp_path).write_bytes(_plain_header(other) + b"\n" + other)
    _served_again(tmp_path, drawn)
    _entry(tmp_path).write_bytes(_keyed_header(OTHER, other) + b"\n" + other)
    _served_again(tmp_path, drawn)


# ------------------------------------------------------------------ a map's links

GEOJSON = CONTENT / geo.GEO_FILE
# A unit's link as a map on an indicator page writes it.
MAP_LINK = re.compile(rb'xlink:href="\.\./\.\./provinces/63/[a-z-]+/"')


def _page_of(unit: ProvinceUnit) -> str:
    """The address of a unit's page from an indicator page, as the site links it."""
    return f"../../provinces/{unit.system}/{unit.slug}/"


@pytest.fixture(scope="module")
def map_spec(corpus: Corpus) -> MapSpec:
    """The English map of the 63 units: every unit linked to its page, with its tooltip."""
    spec = coverage_maps(corpus, language("en"), _page_of, GEOJSON)[0]
    return dataclasses.replace(spec, path="figures/map.svg")


@pytest.fixture(scope="module")
def map_svg(map_spec: MapSpec) -> bytes:
    """The map as the site draws it."""
    return map_spec.render()


def _relinked(href: bytes) -> Callable[[bytes], bytes]:
    """A map whose first unit links to `href` instead of its page."""
    link = b'xlink:href="' + href + b'"'
    return lambda svg: MAP_LINK.sub(lambda _: link, svg, count=1)


MAP_POISON: dict[str, Callable[[bytes], bytes]] = {
    "javascript link": _relinked(b"javascript:alert(1)"),
    "entity-encoded javascript link": _relinked(b"&#106;avascript:alert(1)"),
    "split scheme": _relinked(b"java&#9;script:alert(1)"),  # a browser drops the tab
    "data link": _relinked(b"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    "host link": _relinked(b"//evil.example/"),
    "root link": _relinked(b"/provinces/63/nghe-an/"),
    "http link": _relinked(b"http://evil.example/"),
    "backslash host": _relinked(b"\\\\evil.example\\x"),
    "space in a link": _relinked(b"../../provinces/63/nghe-an/ x"),
    "new window": lambda svg: svg.replace(b'target="_top"', b'target="_blank"', 1),
    "target off a link": lambda svg: svg.replace(
        b'<g id="figure_1">', b'<g id="figure_1" target="_top">'
    ),
    "page link on a use": lambda svg: _insert(svg, b'<use xlink:href="../../provinces/63/x/"/>'),
    "language with markup": lambda svg: svg.replace(
        b'xml:lang="en"', b'xml:lang="en&quot; onload=&quot;alert(1)"', 1
    ),
    "language off the root": lambda svg: svg.replace(
        b'<g id="figure_1">', b'<g id="figure_1" xml:lang="en">'
    ),
}


def test_a_map_with_its_links_and_tooltips_is_inert(map_svg: bytes, map_spec: MapSpec) -> None:
    assert len(MAP_LINK.findall(map_svg)) >= 60 and b"<title>" in map_svg
    assert svg_is_inert(map_svg) and svg_is_inert(map_spec.dark(map_svg))
    # Another page of the site is as good a link: what the poisons below break is the address.
    assert svg_is_inert(_relinked(b"../../provinces/63/ha-noi/")(map_svg))


@pytest.mark.parametrize("poison", list(MAP_POISON))
def test_a_map_entry_linking_off_the_site_is_drawn_again(
    tmp_path: Path, map_spec: MapSpec, map_svg: bytes, poison: str
) -> None:
    evil = MAP_POISON[poison](map_svg)
    assert evil != map_svg
    assert not svg_is_inert(evil)
    _entry(tmp_path, map_spec).write_bytes(_keyed_header(map_spec, evil) + b"\n" + evil)
    _served_again(tmp_path, map_svg, map_spec)


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


# Values a chart of each kind is given: a change is signed; a bar is never missing.
_VALUES: dict[str, tuple[Decimal | None, ...]] = {
    "trend": (Decimal(207), Decimal(119), None),
    "dots": (Decimal(207), Decimal(119), None),
    "bars": (Decimal(207), Decimal(119), Decimal(4)),
    "change": (Decimal(-5), Decimal(3), Decimal(0)),
}


@pytest.mark.parametrize("kind", list(_VALUES))
def test_labels_with_hostile_words_draw_inert(kind: figures.ChartKind) -> None:
    points = tuple(
        Point(value, None, label, label)
        for value, label in zip(_VALUES[kind], HOSTILE_WORDS[3:6], strict=True)
    )
    spec = dataclasses.replace(
        SPEC,
        kind=kind,
        title=" ".join(HOSTILE_WORDS),
        subtitle=HOSTILE_WORDS[1],
        categories=HOSTILE_WORDS[:3],
        series=(Series(HOSTILE_WORDS[2], points), Series(HOSTILE_WORDS[5], points)),
        axis_label=HOSTILE_WORDS[6],
        note=HOSTILE_WORDS[3],
    )
    svg = draw(spec)
    assert svg_is_inert(svg)
    assert b"javascript:alert(1)" in svg  # drawn as text


def _one_of_each(corpus: Corpus) -> dict[tuple[object, ...], Chart[Drawable]]:
    """A chart or map of every kind and shape of every page kind, in every language."""
    found: dict[tuple[object, ...], Chart[Drawable]] = {}
    for lang in LANGUAGES:
        for kind in KINDS:
            for key in kind.keys(corpus):
                for chart in kind.charts(corpus, key, lang):
                    spec = chart.spec
                    shape: tuple[object, ...]
                    if isinstance(spec, FigureSpec):
                        points = [p for s in spec.series for p in s.points]
                        ranged = any(p.high is not None for p in points)
                        missing = any(p.low is None for p in points)
                        lines = len(spec.series)
                        shape = (spec.kind, spec.bounded, ranged, missing, lines)
                    else:
                        shape = ("map", spec.system)
                    found.setdefault((kind.name, *shape, lang.code), chart)
    return found


def test_every_chart_and_map_the_site_draws_passes_the_cache_test(
    corpus: Corpus, fixture_corpus: Corpus
) -> None:
    charts = {**_one_of_each(corpus), **_one_of_each(fixture_corpus)}
    kinds = {
        chart.spec.kind if isinstance(chart.spec, FigureSpec) else "map"
        for chart in charts.values()
    }
    assert kinds == {"trend", "dots", "bars", "change", "map"}
    assert {c.spec.name.split("-")[1] for c in charts.values() if isinstance(c.spec, MapSpec)} == {
        "coverage",
        "63",
    }
    for chart in charts.values():
        light = chart.spec.render()
        assert svg_is_inert(light), chart.name
        assert svg_is_inert(chart.spec.dark(light)), chart.name
