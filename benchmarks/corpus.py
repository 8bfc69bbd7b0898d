"""A synthetic but realistic, valid corpus of N conferences, for measuring the build at scale.

    .venv/bin/python benchmarks/corpus.py N OUT [--project DIR]

writes OUT/content (the project's registries and geo/, and N conference files). Conferences
are spread over 2015-2026 and the old (63) and new (34) provincial units by date, over both
committees, every level (districts of every kind before 1 July 2025, communes under the
province after it), every period kind and every meeting kind; they have breakdowns, figures in
parts, changes, disagreeing sources, bridges, people, sources in both languages, committees as
printed (or a note where none is), directives and awards with their written counts and quotes.
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MERGER = dt.date(2025, 7, 1)
# Vietnamese unit words a source prints after a count, by unit key.
_UNIT_WORDS = {"cases": "vụ", "subjects": "đối tượng", "defendants": "bị can"}
_PUBLISHERS_VI = ("Báo Nhân Dân", "Công an nhân dân", "Báo Pháp Luật", "Báo Tin Tức", "VTV")
_PUBLISHERS_EN = ("Vietnam News", "VietnamPlus", "Nhân Dân English")
_DISTRICTS = ("Kỳ Sơn", "Tuyên Hóa", "Châu Thành", "Mê Linh", "Xuyên Mộc", "Đình Hóa")
_DISTRICT_KINDS = ("district", "district", "town", "provincial_city", "urban_district")
_COMMUNES = ("Hữu Lũng", "Tân Lập", "Phú Lộc", "An Bình")
# The first conferences cover every level, so that even a small corpus has each.
_FIRST_LEVELS = {1: "national", 2: "regional", 3: "district", 4: "commune"}
_MEETING_KINDS = ("review", "review", "review", "working_session", "briefing", "launch")
_COMMITTEES_PRINTED = {"138": "Ban Chỉ đạo 138", "389": "Ban Chỉ đạo 389"}


@dataclass(frozen=True)
class Registries:
    """What the writer needs of the project's registries."""

    units: dict[str, list[str]]  # system -> province slugs
    names: dict[str, tuple[str, str]]  # province slug -> (English, Vietnamese) name
    regions: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    dimensions: dict[str, list[str]]
    unit_kinds: dict[str, str]


def read_registries(content: Path) -> Registries:
    """The province units, regions and indicators of a content folder."""
    provinces = yaml.safe_load((content / "provinces.yaml").read_text(encoding="utf-8"))
    units: dict[str, list[str]] = {"63": [], "34": []}
    names: dict[str, tuple[str, str]] = {}
    for unit in provinces["units"]:
        units[unit["system"]].append(unit["slug"])
        names[unit["slug"]] = (unit["name_en"], unit["name_vi"])
    regions = yaml.safe_load((content / "regions.yaml").read_text(encoding="utf-8"))["regions"]
    catalog = yaml.safe_load((content / "indicators.yaml").read_text(encoding="utf-8"))
    dimensions = {d["key"]: [m["key"] for m in d["members"]] for d in catalog["dimensions"]}
    kinds = {u["key"]: u["kind"] for u in catalog["units"]}
    return Registries(units, names, regions, catalog["indicators"], dimensions, kinds)


def printed(value: int | Decimal, language: str) -> str:
    """A number as a source in `language` prints it: '58.086' / '58,086', '4,95' / '4.95'."""
    whole, _, fraction = format(Decimal(value), "f").partition(".")
    group, point = (".", ",") if language == "vi" else (",", ".")
    return f"{int(whole):,}".replace(",", group) + (point + fraction if fraction else "")


def _system(day: dt.date) -> str:
    return "34" if day >= MERGER else "63"


def _period(rng: random.Random, year: int) -> tuple[str, dt.date, str]:
    """A period key reviewed in `year`'s reports, the conference day, and its kind."""
    kind = rng.choice(("year", "year", "H1", "Q1", "Q3", "9M", "month", "range"))
    if kind == "year":
        return str(year - 1), dt.date(year, 1, rng.randint(5, 28)), "year"
    if kind == "H1":
        return f"{year}-H1", dt.date(year, 7, rng.randint(5, 28)), "half"
    if kind == "Q1":
        return f"{year}-Q1", dt.date(year, 4, rng.randint(5, 28)), "quarter"
    if kind == "Q3":
        return f"{year}-Q3", dt.date(year, 10, rng.randint(5, 28)), "quarter"
    if kind == "9M":
        return f"{year}-9M", dt.date(year, 10, rng.randint(5, 28)), "nine_months"
    if kind == "month":
        month = rng.randint(1, 10)
        return f"{year}-{month:02d}", dt.date(year, month + 1, rng.randint(5, 28)), "month"
    end = dt.date(year, rng.randint(3, 10), rng.randint(1, 28))
    return f"{year}-01-01/{end.isoformat()}", end + dt.timedelta(days=rng.randint(1, 20)), "range"


class _Writer:
    """Writes one conference from a seeded generator."""

    def __init__(self, rng: random.Random, reg: Registries, number: int) -> None:
        self.rng = rng
        self.reg = reg
        self.number = number
        self.metric_ids: Iterator[int] = iter(range(1, 10**6))

    def conference(self) -> dict[str, Any]:
        """A valid conference file's data."""
        rng = self.rng
        level = (
            _FIRST_LEVELS.get(self.number)
            or rng.choices(("national", "regional", "province", "district"), (8, 4, 55, 33))[0]
        )
        first, last = {"district": (2015, 2024), "commune": (2026, 2026)}.get(level, (2015, 2026))
        period, day, _ = _period(rng, rng.randint(first, last))
        if day > dt.date(2026, 11, 30):
            period, day = "2025", dt.date(2026, 1, rng.randint(5, 28))
        system = _system(day)
        committees = rng.choice((["138"], ["138"], ["389"], ["138", "389"]))
        fields: dict[str, Any] = {}
        province = rng.choice(self.reg.units[system])
        if level == "national":
            scope: Any = "national"
            where = "national"
        elif level == "regional":
            region = rng.choice(self.reg.regions)
            fields = {"region": region["key"], "venue": region["members"][system][0]}
            scope = {"region": region["key"]}
            where = region["key"]
        elif level == "province":
            fields = {"host": province}
            scope = province
            where = province
        elif level != "commune" and day < MERGER:
            level = "district"
            place = {"province": province, "district": rng.choice(_DISTRICTS)}
            kind = _DISTRICT_KINDS[self.number % len(_DISTRICT_KINDS)]  # each kind, in turn
            if kind != "district":
                place["kind"] = kind
            fields, scope = {"host": place}, place
            where = f"{province}-d{self.number}"
        else:  # no districts from 1 July 2025: a commune under the province
            level = "commune"
            place = {"province": province, "commune": rng.choice(_COMMUNES)}
            fields, scope = {"host": place}, place
            where = f"{province}-c{self.number}"
        codes = "-".join(committees)
        slug = period.replace("/", "-").lower()
        conf_id = f"{day.isoformat()}-{where}-{codes}-review-{slug}-n{self.number}"
        sources = self.sources(day, level, system)
        conf: dict[str, Any] = {
            "id": conf_id,
            "title": {
                "en": f"Synthetic review number {self.number} of {period}",
                "vi": f"Hội nghị tổng hợp số {self.number} về kỳ {period}",
            },
            "date": day,
            "level": level,
            "kind": _MEETING_KINDS[self.number % len(_MEETING_KINDS)],
            **fields,
            "committees": committees,
            "period": period,
            "format": rng.choice(("online", "in_person", "hybrid")),
            "summary": {
                "en": "A synthetic conference written by the benchmark, with realistic numbers.",
                "vi": "Hội nghị tổng hợp do công cụ đo viết, với số liệu giống thật.",
            },
        }
        if level == "national":
            conf["bridges"], conf["people"] = self.bridges(system)
            for source in sources[1:]:
                source["bridge"] = rng.choice(conf["bridges"])["id"]
        if rng.random() < 0.9:
            printed_as = " và ".join(_COMMITTEES_PRINTED[c] for c in committees)
            sources[0]["committee_as_printed"] = printed_as
        else:
            conf["committees_note"] = {
                "en": "The police reviewed their year; no source names the committee.",
                "vi": "Công an tổng kết năm; không nguồn nào nêu tên ban chỉ đạo.",
            }
        conf["sources"] = sources
        conf["metrics"] = self.metrics(committees, scope, sources, day)
        conf["directives"] = [
            {
                "text": {"en": "Keep up the campaign.", "vi": "Tiếp tục đợt cao điểm."},
                "source": sources[0]["id"],
            }
        ]
        if rng.random() < 0.3:
            conf["awards"] = [self.award(sources[0])]
        return conf

    def award(self, source: dict[str, Any]) -> dict[str, Any]:
        """Certificates of merit to counted collectives and individuals, as printed."""
        collectives, individuals = self.rng.randint(1, 30), self.rng.randint(1, 60)
        language = source["language"]
        if language == "vi":
            written = f"{collectives} tập thể, {individuals} cá nhân"
            quote = f"tặng Bằng khen cho {written}"
        else:
            written = f"{collectives} collectives and {individuals} individuals"
            quote = f"certificates of merit to {written}"
        return {
            "given_by": {"en": "The chair", "vi": "Chủ tịch"},
            "award": {"en": "Certificates of merit", "vi": "Bằng khen"},
            "collectives": collectives,
            "individuals": individuals,
            "source": source["id"],
            "written": written,
            "quote": quote,
        }

    def sources(self, day: dt.date, level: str, system: str) -> list[dict[str, Any]]:
        """One to four articles, in Vietnamese and sometimes in English."""
        rng, out = self.rng, []
        for i in range(rng.randint(1, 4 if level == "national" else 2)):
            language = "en" if i and rng.random() < 0.3 else "vi"
            publishers = _PUBLISHERS_EN if language == "en" else _PUBLISHERS_VI
            source: dict[str, Any] = {
                "id": f"s{i + 1}",
                "publisher": rng.choice(publishers),
                "title": f"Headline {self.number}.{i + 1}",
                "language": language,
                "published": day,
            }
            if rng.random() < 0.8:
                source["url"] = f"https://example.org/{self.number}/{i + 1}.html"
            out.append(source)
        return out

    def bridges(self, system: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """A central bridge and a few provincial ones, with a chair and speakers."""
        rng = self.rng
        bridges: list[dict[str, Any]] = [
            {"id": "central", "name": {"en": "Central bridge", "vi": "Điểm cầu Trung ương"}}
        ]
        for slug in rng.sample(self.reg.units[system], rng.randint(1, 5)):
            english, vietnamese = self.reg.names[slug]
            bridges.append(
                {
                    "id": slug,
                    "name": {"en": f"{english} bridge", "vi": f"Điểm cầu {vietnamese}"},
                    "province": slug,
                }
            )
        people = [
            {"name": "Nguyễn Văn A", "role": "chair", "bridge": "central"},
            {"name": "Trần Thị B", "role": "speaker", "bridge": bridges[-1]["id"]},
        ]
        return bridges, people

    def _id(self) -> str:
        return f"m{next(self.metric_ids)}"

    def metrics(
        self, committees: list[str], scope: Any, sources: list[dict[str, Any]], day: dt.date
    ) -> list[dict[str, Any]]:
        """Six to fourteen numbers of the committees' indicators."""
        rng = self.rng
        pool = [i for i in self.reg.indicators if i["committee"] in committees]
        out: list[dict[str, Any]] = []
        for indicator in rng.sample(pool, min(len(pool), rng.randint(6, 14))):
            out.extend(self.numbers(indicator, scope, sources))
        return out

    def numbers(
        self, indicator: dict[str, Any], scope: Any, sources: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The metrics of one indicator: a plain figure, a figure in parts, a breakdown,
        or disagreeing figures."""
        rng = self.rng
        units = indicator["units"]
        unit = units[0]
        kind = self.reg.unit_kinds[unit]
        base = {"indicator": indicator["key"], "scope": scope}
        if len(units) > 1:
            base["unit"] = unit
        if len(units) >= 2 and rng.random() < 0.3 and all(u in _UNIT_WORDS for u in units[:2]):
            return [self.parts(base, units[:2], sources[0])]
        value = self.value(kind)
        if indicator.get("dimensions") and kind == "count" and rng.random() < 0.5:
            return self.breakdown(base, indicator["dimensions"][0], int(value), sources[0])
        if len(sources) > 1 and rng.random() < 0.3:
            return [
                self.figure(base, value, sources[0]),
                self.figure(base, value - max(value // 40, 1), sources[1]),
            ]
        return [self.figure(base, value, sources[0], change=rng.random() < 0.6)]

    def value(self, kind: str) -> Any:
        """A plausible number of a unit kind."""
        rng = self.rng
        if kind == "rate":
            return Decimal(rng.randint(400, 999)) / 10
        if kind == "money":
            return Decimal(rng.randint(1, 20000) * 10**6)
        return Decimal(rng.randint(40, 60000))

    def figure(
        self, base: dict[str, Any], value: Any, source: dict[str, Any], change: bool = False
    ) -> dict[str, Any]:
        """One number cited by one source, with a change when asked."""
        language = source["language"]
        written = printed(value, language)
        cite: dict[str, Any] = {"source": source["id"], "written": written}
        words = [written]
        metric: dict[str, Any] = {"id": self._id(), **base, "value": value}
        if change:
            size = Decimal(self.rng.randint(1, 400)) / 10
            direction = self.rng.choice(("increase", "decrease"))
            metric["change"] = {"direction": direction, "value": size, "unit": "percent"}
            cite["change_written"] = printed(size, language) + "%"
            words.append(cite["change_written"])
        cite["quote"] = ("kết quả: " if language == "vi" else "results: ") + ", ".join(words)
        metric["sources"] = [cite]
        return metric

    def parts(
        self, base: dict[str, Any], units: list[str], source: dict[str, Any]
    ) -> dict[str, Any]:
        """A figure in parts written once: '287 vụ, 540 đối tượng'."""
        values = [self.rng.randint(3, 3000) for _ in units]
        language = source["language"]
        written = ", ".join(
            f"{printed(v, language)} {_UNIT_WORDS[u]}" for v, u in zip(values, units, strict=True)
        )
        metric = {k: v for k, v in base.items() if k != "unit"}
        return {
            "id": self._id(),
            **metric,
            "parts": [{"unit": u, "value": v} for u, v in zip(units, values, strict=True)],
            "sources": [{"source": source["id"], "written": written, "quote": f"xử lý {written}"}],
        }

    def breakdown(
        self, base: dict[str, Any], dimension: str, total: int, source: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """A total and two to four of its parts, adding up to no more than it."""
        rng = self.rng
        choices = self.reg.dimensions[dimension]
        members = rng.sample(choices, rng.randint(2, min(4, len(choices))))
        whole = self.figure(base, total, source)
        parts, left = [whole], total
        for member in members:
            share = rng.randint(0, left // 2)
            left -= share
            part = self.figure({**base, "breakdown": {dimension: member}}, share, source)
            parts.append(part)
        return parts


def write_corpus(out: Path, n: int, project: Path = ROOT, seed: int = 19) -> Path:
    """Write `out`/content with the project's registries and `n` conferences; returns it."""
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "conferences").mkdir(parents=True)
    for name in ("indicators.yaml", "provinces.yaml", "regions.yaml"):
        shutil.copy(project / "content" / name, content / name)
    if (project / "content" / "geo").is_dir():
        shutil.copytree(project / "content" / "geo", content / "geo")
    reg = read_registries(content)
    rng = random.Random(seed)
    for number in range(1, n + 1):
        conf = _Writer(rng, reg, number).conference()
        path = content / "conferences" / f"{conf['id']}.yaml"
        path.write_text(dump(conf), encoding="utf-8")
    return content


class _Dumper(yaml.SafeDumper):
    """Writes every value out: content files may not use anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(conf: dict[str, Any]) -> str:
    """Block YAML as a contributor writes it; Decimals as plain numbers."""
    return yaml.dump(_plain(conf), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, Decimal):
        return int(data) if data == data.to_integral_value() else float(data)
    return data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    content = write_corpus(args.out, args.n, args.project)
    print(f"wrote {args.n} conferences to {content}", file=sys.stderr)


if __name__ == "__main__":
    main()
