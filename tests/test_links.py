"""Every relative link of a generated page leads to a generated file."""

from __future__ import annotations

import pytest

from generator.site import SiteError, check_links, check_targets, links_in

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


def test_the_links_of_a_page_are_its_relative_targets() -> None:
    # Not its front matter's, not a web address, not an anchor on the page itself.
    assert links_in(PAGE) == {"b.md", "../data/d.csv#row"}
    assert links_in("no front matter [a](x/y.md) [w](https://example.org)") == {"x/y.md"}


def test_targets_are_checked_from_their_pages_folder() -> None:
    files = {"a/a.md": "", "b/c.md": ""}
    check_targets({"a/a.md": ["../b/c.md#x"], "b/c.md": []}, files)
    with pytest.raises(SiteError, match=r"b/c\.md links to 'a\.md'"):
        check_targets({"b/c.md": ["a.md"]}, files)
