"""Small helpers for the word lists the extraction modules keep inline."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``text``."""
    return frozenset(text.split())
