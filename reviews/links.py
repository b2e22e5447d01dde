"""Links people give us (evidence, an article's source, a webhook): stored as RFC 3986 URIs, nothing looser.

Django's ``URLValidator`` lets through characters no URI may hold (``"``, ``<``, ``>``, spaces in the
path...) and refuses some that are URIs (a host name longer than DNS allows). The rule here is RFC 3986's,
for http and https. Stored as given they would come back out of the API as values that are not URIs at all (the
schema promises ``format: uri``), and into pages and exports as raw quotes and angle brackets. So a link
with such a character is refused with a message saying what to do; an internationalised link (``bücher.de``,
``/wiki/Zürich``) is converted to its URI form (punycode host, percent-encoded path), which loses nothing.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.encoding import iri_to_uri

# Characters that can never appear in a URI, not even percent-encoded by the sender: refused.
_NEVER_IN_A_URI = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')
# RFC 3986 path, query and fragment characters (unreserved, sub-delims, ":", "@", "/", "?", %XX).
_URI_TAIL = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
# scheme "://" authority (userinfo "@")? host (":" port)?, then the rest; http(s) only.
_HTTP_URI = re.compile(
    r"(?i:https?)://(?:(?P<userinfo>[^@/?#]*)@)?(?P<host>\[[^\]/?#]*\]|[^:/?#]*)(?::[0-9]*)?(?P<rest>(?:[/?#].*)?)",
    re.S,
)
_REG_NAME = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+")
_IP_LITERAL = re.compile(r"\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]")


def link_clean(url: str) -> str:
    """The link as an http(s) RFC 3986 URI, or ``ValidationError`` saying why it cannot be one."""
    url = url.strip()
    bad = _NEVER_IN_A_URI.search(url)
    if bad:
        shown = "a space" if bad.group().isspace() else repr(bad.group())
        raise ValidationError(
            f"A link cannot contain {shown}: percent-encode it (a space is %20, a quote %22, < %3C, > %3E).",
            code="invalid",
        )
    if not url.isascii():
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
        except UnicodeError:
            raise ValidationError("The link's host is not a valid internationalised name.", code="invalid") from None
        netloc = parts.netloc.rsplit("@", 1)
        netloc[-1] = netloc[-1].replace(host, ascii_host, 1) if host else netloc[-1]
        url = iri_to_uri(urlunsplit(parts._replace(netloc="@".join(netloc))))
    match = _HTTP_URI.fullmatch(url)
    if match is None or not (_REG_NAME.fullmatch(match["host"]) or _IP_LITERAL.fullmatch(match["host"])):
        raise ValidationError("Enter an http:// or https:// link with a host name.", code="invalid")
    parts = urlsplit(url)
    for piece in (match["userinfo"] or "", parts.path, parts.query, parts.fragment):
        if not _URI_TAIL.fullmatch(piece):
            raise ValidationError(
                "Not a valid link: '%' starts an escape like %20, [ ] only surround an IPv6 address, one '#' at most.",
                code="invalid",
            )
    return url
