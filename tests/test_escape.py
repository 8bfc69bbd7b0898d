"""Text from YAML made inert for each place it is written, asserted as the exact text written:
Markdown, HTML attributes, front matter, link destinations, source addresses, text fragments
and CSV cells."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from generator.escape import (
    MAX_URL,
    csv_cell,
    front_matter,
    html_attr,
    md_link,
    md_text,
    safe_href,
    safe_url,
    text_fragment,
    with_fragment,
)

# ------------------------------------------------------------------ Markdown


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Nghệ An, 2023: 146,678 cases", "Nghệ An, 2023: 146,678 cases"),
        ("a & b", "a &amp; b"),
        ("&amp;", "&amp;amp;"),
        ("<script>", "&lt;script&gt;"),
        ("a <b> c", "a &lt;b&gt; c"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[x](y) {#id} |a|", "\\[x\\](y) \\{\\#id\\} \\|a\\|"),
        ("!image +1 #h \\", "\\!image \\+1 \\#h \\\\"),
        ("1. first", "1\\. first"),
        ("2023. year", "2023\\. year"),
        ("1.5 points", "1.5 points"),
        ("see 1. first", "see 1. first"),
        ("- starts like a list", "\\- starts like a list"),
        ("-", "\\-"),
        ("= a heading underline", "&#61; a heading underline"),
        ("=", "&#61;"),
        ("a - b = c", "a - b = c"),
        ("  two\n lines\t here ", "two lines here"),
        (2023, "2023"),
    ],
)
def test_markdown_text_is_written_inert(text: object, written: str) -> None:
    assert md_text(text) == written
    assert isinstance(md_text(text), Markup)


def test_markup_already_made_is_not_escaped_twice() -> None:
    made = Markup("[a](b)")
    assert md_text(made) == "[a](b)"


def test_a_markdown_link_escapes_its_label_and_checks_its_destination() -> None:
    assert md_link("Báo *Nghệ An*", "https://baonghean.vn/a?b=1#c") == (
        "[Báo \\*Nghệ An\\*](https://baonghean.vn/a?b=1#c)"
    )
    with pytest.raises(ValueError, match=r"^unsafe link destination 'https://a\.vn/\) x'$"):
        md_link("x", "https://a.vn/) x")


@pytest.mark.parametrize("href", ["a b", 'a"b', "a'b", "a(b", "a)b", "a<b", "a>b", "a[b", "a]b"])
def test_a_link_destination_that_could_end_the_link_is_refused(href: str) -> None:
    with pytest.raises(ValueError) as refused:
        safe_href(href)
    assert str(refused.value) == f"unsafe link destination {href!r}"


def test_a_safe_link_destination_is_written_as_it_is() -> None:
    href = "../a-b_c.d~e/f?g=h&i=j;k,l+m*n$o!p@q:r%20#s"
    assert safe_href(href) == href
    assert safe_href("") == ""


# ------------------------------------------------------------------ HTML and front matter


def test_an_attribute_value_escapes_quotes_and_markup_on_one_line() -> None:
    assert html_attr("a \"b\" 'c' <d> & e\nf") == (
        "a &quot;b&quot; &#x27;c&#x27; &lt;d&gt; &amp; e f"
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Hội nghị", '"Hội nghị"'),
        ('a "b" <c> & d', '"a &quot;b&quot; &lt;c&gt; &amp; d"'),
        ("two\n  lines", '"two lines"'),
        ("a\u0007b", '"a\\u0007b"'),  # a control character
        ("a\u200bb", '"a\\u200bb"'),  # a zero-width space (format, Cf)
        ("a\u2028b", '"a b"'),  # a line separator (Zl) is a space: split away
        ("a\u2029b", '"a b"'),  # a paragraph separator (Zp) likewise
        ("a\uffffb", '"a\\uffffb"'),  # the last character a \\u escape can name
        ("a\U000e0001b", '"a\U000e0001b"'),  # beyond it: kept, not a broken escape
        ("a\u00a0b", '"a b"'),  # a no-break space is a space: split away
    ],
)
def test_front_matter_is_one_quoted_line_with_invisible_characters_escaped(
    text: str, written: str
) -> None:
    assert front_matter(text) == written


# ------------------------------------------------------------------ source addresses


@pytest.mark.parametrize(
    ("address", "written"),
    [
        ("https://baonghean.vn/tin-tuc.html", "https://baonghean.vn/tin-tuc.html"),
        ("HTTPS://BaoNgheAn.VN/A", "https://baonghean.vn/A"),
        ("http://example.com", "http://example.com/"),
        ("https://example.com.", "https://example.com./"),
        ("https://example.com:8080/a", "https://example.com:8080/a"),
        ("https://example.com/a b".replace(" ", "%20"), "https://example.com/a%20b"),
        ("https://example.com/đường", "https://example.com/%C4%91%C6%B0%E1%BB%9Dng"),
        ("https://example.com/a!$&*+,;=:@-._~b", "https://example.com/a!$&*+,;=:@-._~b"),
        ("https://example.com/a\"b'c", "https://example.com/a%22b%27c"),
        ("https://example.com/p?q=1&r=a/b?c", "https://example.com/p?q=1&r=a/b?c"),
        ('https://example.com/p?q=đ"', "https://example.com/p?q=%C4%91%22"),
        ("https://example.com/p#:~:text=a", "https://example.com/p#:~:text=a"),
        ('https://example.com/p#a?b"', "https://example.com/p#a?b%22"),
        ("https://example.com/?q=1#f", "https://example.com/?q=1#f"),
        ("https://bộcôngan.vn/a", "https://xn--bcngan-jxa6332d.vn/a"),
        ("https://a-b.c-d.vn/", "https://a-b.c-d.vn/"),
    ],
)
def test_a_source_address_is_written_again_with_only_safe_characters(
    address: str, written: str
) -> None:
    assert safe_url(address) == written


@pytest.mark.parametrize(
    ("address", "why"),
    [
        (
            "https://example.com/" + "a" * (MAX_URL - 19),
            "is too long (2,001 characters; at most 2,000)",
        ),
        (
            "https://example.com/a b",
            "contains a space or control character (expected one unbroken address)",
        ),
        (
            "https://example.com/a\u200bb",
            "contains a space or control character (expected one unbroken address)",
        ),
        (
            "https://example.com/a\x00",
            "contains a space or control character (expected one unbroken address)",
        ),
        ("javascript:alert(1)", "is not an http:// or https:// address"),
        ("ftp://example.com/", "is not an http:// or https:// address"),
        ("https://user@example.com/", "names a user before the host (expected https://host/path)"),
        ("https://:pw@example.com/", "names a user before the host (expected https://host/path)"),
        ("https:///path", "has no host name"),
        ("https://example.com:99999/", "has an invalid port"),
        ("https://example.com:x/", "has an invalid port"),
        ("https://localhost/", "has an invalid host name"),
        ("https://-a.vn/", "has an invalid host name"),
        ("https://a-.vn/", "has an invalid host name"),
        ("https://a_b.vn/", "has an invalid host name"),
        ("https://a..vn/", "has an invalid host name"),
        ("https://" + "a" * 64 + ".vn/", "has an invalid host name"),
    ],
)
def test_a_source_address_that_is_not_a_plain_web_address_is_refused(
    address: str, why: str
) -> None:
    with pytest.raises(ValueError) as refused:
        safe_url(address)
    assert str(refused.value) == why


def test_an_address_of_the_longest_length_is_accepted() -> None:
    longest = "https://example.com/" + "a" * (MAX_URL - 20)
    assert len(longest) == MAX_URL
    assert safe_url(longest) == longest
    assert safe_url("https://" + "a" * 63 + ".vn/") == "https://" + "a" * 63 + ".vn/"


# ------------------------------------------------------------------ text fragments


@pytest.mark.parametrize(
    ("quote", "directive"),
    [
        ("tăng 0,07%", ":~:text=t%C4%83ng%200%2C07%25"),
        (
            "one two three four five six seven eight",
            ":~:text=one%20two%20three%20four%20five%20six%20seven%20eight",
        ),
        (
            "one two three four five six seven eight nine",
            ":~:text=one%20two%20three%20four,six%20seven%20eight%20nine",
        ),
        ("a-b & c, d", ":~:text=a%2Db%20%26%20c%2C%20d"),
        ("a/b  c", ":~:text=a%2Fb%20c"),
    ],
)
def test_a_quote_becomes_a_text_directive_of_its_words_or_its_ends(
    quote: str, directive: str
) -> None:
    assert text_fragment(quote) == directive


def test_a_text_directive_can_take_more_or_fewer_words_at_each_end() -> None:
    assert text_fragment("a b c d e", words_each_end=2) == ":~:text=a%20b,d%20e"
    assert text_fragment("a b c d", words_each_end=2) == ":~:text=a%20b%20c%20d"


def test_a_text_directive_follows_the_address_fragment() -> None:
    assert with_fragment("https://a.vn/p", ":~:text=x") == "https://a.vn/p#:~:text=x"
    assert with_fragment("https://a.vn/p#top", ":~:text=x") == "https://a.vn/p#top:~:text=x"


# ------------------------------------------------------------------ CSV


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1+2", "'+1+2"),
        ("-A1", "'-A1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("-0.07", "-0.07"),
        ("+5", "'+5"),
        ("-5x", "'-5x"),
        ("5", "5"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_a_csv_cell_that_a_spreadsheet_would_run_is_quoted(cell: str, written: str) -> None:
    assert csv_cell(cell) == written
