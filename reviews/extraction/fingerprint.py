"""The content hash: the same article text gives the same hash however it reached us.

A paste in the browser arrives with CRLF line endings, an upload with LF, an editor's file may
start with a byte-order mark or hold decomposed accents, and a form or a shell strips or adds a
final newline. ``normalise_for_hash`` removes exactly those differences:

- a leading BOM (U+FEFF);
- line endings: CRLF and lone CR become LF;
- Unicode NFC (composed and decomposed accents are the same text);
- trailing whitespace at the end of every line (spaces, tabs, no-break spaces...);
- blank lines at the start and at the end of the text.

Deliberately *not* normalised, because the text then differs in a way a reader could see or a
claim could depend on: letter case, punctuation and quote styles, NFKC compatibility forms
(ligatures, full-width digits), indentation and runs of spaces inside a line, the number of blank
lines between paragraphs, and invisible characters inside the text (zero-width spaces). The stored
``raw_text`` is never changed: only the hash is computed on the normalised form.
"""

from __future__ import annotations

import hashlib
import unicodedata

BOM = "\ufeff"


def normalise_for_hash(raw_text: str) -> str:
    text = raw_text[1:] if raw_text.startswith(BOM) else raw_text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def content_hash(raw_text: str) -> str:
    """SHA-256 (hex) of the normalised text, UTF-8 encoded."""
    return hashlib.sha256(normalise_for_hash(raw_text).encode("utf-8", errors="surrogatepass")).hexdigest()


def legacy_content_hash(raw_text: str) -> str:
    """The hash stored before normalisation: SHA-256 of the raw text as received."""
    return hashlib.sha256(raw_text.encode("utf-8", errors="surrogatepass")).hexdigest()
