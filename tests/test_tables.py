"""The tables extension: every cell names its column (stacked rows on phones show it) and
carries the machine value it sorts by, whatever the page's language writes."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown

TABLE = """\
| Tỉnh | Giá trị | Khi nào |
|---|---:|---|
| [Đắk Lắk](x/) | <details><summary><data value="146678">146\\.678 vụ</data></summary>\
<q lang="en">146,678 cases</q></details> | <data value="2024-06-30">6 tháng đầu năm 2024</data> |
| Điện Biên | không nêu | |
"""


def _table(source: str) -> etree.Element:
    """The HTML table the site's Markdown makes of `source`, parsed."""
    html = markdown.markdown(source, extensions=["tables", "generator.tables"])
    return etree.fromstring(html)


def test_every_body_cell_names_its_column() -> None:
    table = _table(TABLE)
    rows = table.findall("./tbody/tr")
    assert [[td.get("data-label") for td in row.findall("td")] for row in rows] == [
        ["Tỉnh", "Giá trị", "Khi nào"],
        ["Tỉnh", "Giá trị", "Khi nào"],
    ]


def test_a_cell_sorts_by_its_machine_value_not_its_localized_text() -> None:
    first, second = _table(TABLE).findall("./tbody/tr")
    assert [td.get("data-sort") for td in first.findall("td")] == [None, "146678", "2024-06-30"]
    # No machine value: the cell sorts by its text.
    assert [td.get("data-sort") for td in second.findall("td")] == [None, None, None]
    # The value is still shown as written, the markup untouched.
    assert "146.678 vụ" in "".join(first.findall("td")[1].itertext())


def test_a_table_keeps_its_roles_when_its_rows_are_stacked() -> None:
    table = _table(TABLE)
    assert table.get("role") == "table"
    assert {tr.get("role") for tr in table.iter("tr")} == {"row"}
    assert {th.get("role") for th in table.iter("th")} == {"columnheader"}
    assert {td.get("role") for td in table.iter("td")} == {"cell"}
    assert {part.get("role") for part in table if part.tag in ("thead", "tbody")} == {"rowgroup"}


def test_a_header_made_of_a_link_labels_its_cells_with_its_words() -> None:
    table = _table("| Unit | [2023](p/) |\n|---|---|\n| A | 1 |\n")
    assert [td.get("data-label") for td in table.iter("td")] == ["Unit", "2023"]


def test_a_wide_grid_keeps_its_columns_so_its_cells_carry_no_label() -> None:
    source = f'<div class="wide-table" markdown>\n\n{TABLE}\n</div>\n'
    html = markdown.markdown(source, extensions=["tables", "md_in_html", "generator.tables"])
    table = etree.fromstring(html).find("table")
    assert table is not None
    cells = table.findall("./tbody/tr/td")
    assert cells and all(td.get("data-label") is None for td in cells)
    # Its cells still sort by their machine values.
    assert cells[1].get("data-sort") == "146678"


def test_a_wide_grid_s_cells_carry_neither_roles_nor_each_one_s_alignment() -> None:
    source = f'<div class="wide-table" markdown>\n\n{TABLE}\n</div>\n'
    html = markdown.markdown(source, extensions=["tables", "md_in_html", "generator.tables"])
    table = etree.fromstring(html).find("table")
    assert table is not None
    parts = list(table.iter())
    assert [p.get("role") for p in parts] == [None] * len(parts)
    assert [p.get("style") for p in parts] == [None] * len(parts)
    # A table outside a grid keeps the alignment of its columns.
    assert _table(TABLE).findall("./tbody/tr/td")[1].get("style") == "text-align: right;"
