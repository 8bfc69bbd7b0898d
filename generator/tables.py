"""A Markdown extension for the site's tables (mkdocs.yml `markdown_extensions`): each cell
names its column (`data-label`, which narrow screens show beside the cell when rows stack; a
wide grid's rows never stack) and
carries a machine sort key (`data-sort`, from the first `<data value>` the cell holds), so
that sorting never parses localized text. Table parts get explicit ARIA roles: a table shown as
stacked blocks keeps its table semantics for screen readers. A wide grid keeps its columns,
so it needs neither, nor a style on each cell: its CSS aligns every column after the first."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# The template writes a cell's machine value as <data value="…"> (escape.html_attr).
_SORT_KEY = re.compile(r'<data value="([^"]*)"')
_ROLES = {
    "table": "table",
    "thead": "rowgroup",
    "tbody": "rowgroup",
    "tr": "row",
    "th": "columnheader",
    "td": "cell",
}


class SortKeys(Treeprocessor):
    """Before inline Markdown is parsed, while a cell still holds its source text: the
    first `<data value>` of a cell becomes its `data-sort`."""

    def run(self, root: etree.Element) -> None:
        """Give every body cell with a machine value its sort key."""
        for cell in root.iter("td"):
            found = _SORT_KEY.search(cell.text or "")
            if found:
                cell.set("data-sort", found.group(1))


class Labels(Treeprocessor):
    """After inline Markdown: each body cell gets its column's header text as `data-label`,
    and the table's parts their ARIA roles (but not in a wide grid, which keeps its columns on
    narrow screens: at N = 2,000 a year's grid of 63 units by 40 periods was 165 KB, two
    thirds of it roles, labels and each cell's alignment)."""

    def run(self, root: etree.Element) -> None:
        """Label the cells of every table by its header row."""
        grids = {
            id(table)
            for div in root.iter("div")
            if "wide-table" in (div.get("class") or "").split()
            for table in div.iter("table")
        }
        for table in root.iter("table"):
            if id(table) in grids:
                _plain(table)
                continue
            headers = [" ".join("".join(th.itertext()).split()) for th in table.iter("th")]
            for part in table.iter():
                if part.tag in _ROLES:
                    part.set("role", _ROLES[part.tag])
            for row in table.iter("tr"):
                for header, cell in zip(headers, row.findall("td"), strict=False):
                    if header:
                        cell.set("data-label", header)


def _plain(grid: etree.Element) -> None:
    """A grid's cells without the alignment Python-Markdown writes into each of them."""
    for cell in grid.iter():
        if cell.tag in ("th", "td"):
            cell.attrib.pop("style", None)


class TableLabels(Extension):
    """Registers both passes around Python-Markdown's inline pass (priority 20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Add the two tree processors."""
        md.treeprocessors.register(SortKeys(md), "table-sort-keys", 25)
        md.treeprocessors.register(Labels(md), "table-labels", 15)


def makeExtension(**kwargs: object) -> TableLabels:
    """The entry point Python-Markdown calls for `generator.tables`."""
    return TableLabels(**kwargs)
