"""Every relative link of a generated page leads to a generated file."""

from __future__ import annotations

import pytest

from generator.site import SiteError, check_links

PAGE = (
    "---\ntitle: '[x](nowhere.md)'\n---\n# A page\n\n[a](b.md) [c](../data/d.csv#row) [e](#here)\n"
)


def test_links_to_generated_files_pass() -> None:
    check_links({"a/a.md": PAGE, "a/b.md": "---\n---\n", "data/d.csv": "x"})


@pytest.mark.parametrize("missing", ["a/b.md", "data/d.csv"])
def test_a_link_to_a_file_not_generated_fails(missing: str) -> None:
    files: dict[str, str | bytes] = {"a/a.md": PAGE, "a/b.md": "---\n---\n", "data/d.csv": "x"}
    del files[missing]
    with pytest.raises(SiteError, match="which is not generated"):
        check_links(files)


def test_each_page_is_checked_from_its_own_folder() -> None:
    # The same link from another folder leads elsewhere.
    files: dict[str, str | bytes] = {
        "a/a.md": PAGE,
        "a/b.md": "---\n---\n",
        "data/d.csv": "x",
        "z/y/a.md": PAGE,
    }
    with pytest.raises(SiteError, match=r"z/y/a\.md links to"):
        check_links(files)
