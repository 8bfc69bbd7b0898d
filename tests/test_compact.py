"""A built page without the theme's indentation: what a browser shows is unchanged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.compact import compact

PAGE = """\
<body>
    <nav>
        <a href="x/">Hà Nội</a>
        <a href="y/">Đắk Lắk</a>
    </nav>
    <pre><code>  giữ
      nguyên</code></pre>
    <script>
      const s = `a
        b`;
    </script>
    <textarea>
  x</textarea>
</body>
"""


def test_lines_lose_their_indentation_but_words_stay_apart() -> None:
    out = compact(PAGE)
    assert '<nav>\n<a href="x/">Hà Nội</a>\n<a href="y/">Đắk Lắk</a>\n</nav>' in out
    assert len(out) < len(PAGE)


def test_preformatted_text_scripts_and_text_fields_keep_their_whitespace() -> None:
    out = compact(PAGE)
    kept = ("<pre><code>  giữ\n      nguyên</code></pre>", "`a\n        b`", "<textarea>\n  x")
    assert all(k in out for k in kept)


@given(st.text(alphabet=st.sampled_from(list("ab<> \n\t"))))
def test_outside_kept_elements_only_whitespace_changes(page: str) -> None:
    out = compact(page)
    assert out.split() == page.split()
    assert "\n " not in out and "\n\t" not in out
