"""Heading anchors that transliterate Vietnamese (đ -> d), used by Markdown's toc extension."""

from __future__ import annotations

from slugify import slugify


def heading_slug(value: str, separator: str = "-") -> str:
    """'Ban Chỉ đạo 138' -> 'ban-chi-dao-138' (the default slugifier drops đ)."""
    return str(slugify(value, separator=separator)) or "section"
