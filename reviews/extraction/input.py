"""Turn uploaded or pasted bytes into article text, refusing what is not an article.

Pure: no Django. The size limit is passed in by the caller (from settings).
"""

from __future__ import annotations

from reviews.exceptions import ArticleTooLarge, EmptyArticle, UndecodableArticle

# Control characters that never occur in text: their presence means a binary file.
_BINARY_CONTROL = {chr(c) for c in range(0, 32)} - {"\t", "\n", "\r", "\f", "\v"}


def decode_article_bytes(data: bytes, *, max_bytes: int, name: str = "article") -> str:
    """Return the text of ``data`` or raise a clear error naming ``name``."""
    if len(data) > max_bytes:
        raise ArticleTooLarge(f"{name}: {len(data):,} bytes is over the limit of {max_bytes:,} bytes.")
    if b"\x00" in data:
        raise UndecodableArticle(f"{name}: this is a binary file, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UndecodableArticle(
            f"{name}: not valid UTF-8 (bad byte at offset {error.start}); save the file as UTF-8."
        ) from None
    return check_article_text(text, max_bytes=max_bytes, name=name)


def check_article_text(text: str, *, max_bytes: int, name: str = "article") -> str:
    """Validate pasted text: not empty, not binary, within the size limit."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise ArticleTooLarge(f"{name}: {size:,} bytes is over the limit of {max_bytes:,} bytes.")
    if not text.strip():
        raise EmptyArticle(f"{name}: the article is empty.")
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch in _BINARY_CONTROL)
    if controls > max(8, len(sample) // 100):
        raise UndecodableArticle(f"{name}: this looks like a binary file, not text.")
    return text
