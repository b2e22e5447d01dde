"""The one way the product makes an outbound HTTP request (webhooks, and web pages fetched by URL).

Every request goes through ``fetch``, which refuses any destination that is not a public unicast
address, before connecting, every time:

- the URL is parsed once, here; userinfo, backslashes, whitespace and control characters are
  refused, and so are numeric host spellings other than a canonical dotted quad (``2130706433``,
  ``0x7f.1``, ``0177.0.0.1``, ``127.1``) and hosts whose last label is a number;
- a name is resolved once, and **every** address it resolves to must be public (one private
  answer refuses the request: DNS rebinding between two answers gains nothing);
- the connection is opened to the address that was checked (``_PinnedHTTP(S)Connection``), never by
  a second lookup, while TLS keeps the *hostname* for SNI and certificate verification;
- redirects are never followed here (a 3xx comes back as a result, with its status: webhooks treat it
  as a failure; ``webpages.page_fetch`` follows a few, each one a new ``fetch`` checked from scratch,
  never a request this module did not check); there are no retries, no proxy from the environment, no content decoding;
- ``timeout`` bounds the whole request (connect, headers and body) and ``max_bytes`` the body, which
  is streamed and cut off at the cap;
- errors carry short, fixed messages ("refused: ...", "timed out", "connection failed",
  "response too large"): never the socket detail, so a failure cannot tell an open port from a
  closed one. The detail goes to the log for operators.

Loopback (127.0.0.0/8, ::1) is refused like everything else unless ``OUTBOUND_ALLOW_LOOPBACK`` is on:
a development setting (a receiver on the same machine) that ``manage.py check --deploy`` refuses.
Plain HTTP is allowed only to loopback under that setting; everything else is HTTPS.

The HTTP client is urllib3 (2.x): maintained, already installed (it is what ``requests`` is built
on), with explicit connect/read timeouts, ``redirect=False`` and ``retries=False`` per request, no
environment proxies, streamed reads, and a connection class whose socket creation can be replaced,
which is what pinning the checked address needs. ``urllib.request`` follows redirects by itself and
httpx hides connection creation behind httpcore's network backends.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import socket
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from reviews.exceptions import OutboundFailed, OutboundRefused, OutboundTimeout, OutboundTooLarge

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_CHUNK = 64 * 1024
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")


def _networks(*specs: tuple[str, str]) -> list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]]:
    return [(ipaddress.ip_network(net), reason) for net, reason in specs]


# Python's ``is_global`` alone is not enough (3.11 calls 224.0.0.1, fec0::1, 3fff::1 and 6to4 "global").
_REFUSED_V4 = _networks(
    ("0.0.0.0/8", "an unspecified ('this network') address"),
    ("10.0.0.0/8", "a private address"),
    ("100.64.0.0/10", "a carrier-grade NAT address"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address"),
    ("172.16.0.0/12", "a private address"),
    ("192.0.0.0/24", "an IETF protocol address"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.88.99.0/24", "a 6to4 relay address"),
    ("192.168.0.0/16", "a private address"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),
)
_REFUSED_V6 = _networks(
    ("::/128", "the unspecified address"),
    ("::1/128", "a loopback address"),
    ("::/96", "an IPv4-compatible address"),
    ("64:ff9b:1::/48", "a local-use NAT64 address"),
    ("100::/64", "a discard address"),
    ("2001::/23", "an IETF protocol address (Teredo, ORCHID, benchmarking...)"),
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("5f00::/16", "a segment-routing address"),
    ("fc00::/7", "a unique-local address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local address"),
    ("ff00::/8", "a multicast address"),
)
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_refusal(address: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why ``address`` may not be contacted (e.g. "a private address"), or None for a public unicast one.

    IPv6 forms that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d``,
    6to4 ``2002:aabb:ccdd::``) are judged by the IPv4 address they carry.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address_refusal(address.ipv4_mapped, allow_loopback=allow_loopback)
        if address.scope_id:
            return "a scoped (link-local) address"
        embedded: ipaddress.IPv4Address | None = None
        if address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        elif address.sixtofour is not None:
            embedded = address.sixtofour
        if embedded is not None:
            inner = address_refusal(embedded)
            return f"{inner}, in an IPv6 translation form" if inner else None
        for network, reason in _REFUSED_V6:
            if address in network:
                return None if (allow_loopback and address.is_loopback) else reason
        if address not in _GLOBAL_UNICAST_V6:
            return "not a global unicast address"
    else:
        for network, reason in _REFUSED_V4:
            if address in network:
                return None if (allow_loopback and address.is_loopback) else reason
    if not address.is_global:
        return "not a public address"
    return None


@dataclass(frozen=True)
class Destination:
    """A URL that passed the checks: where to connect (``addresses``) and what to ask for."""

    scheme: str
    host: str  # the hostname (for Host, SNI and certificate checks) or the literal address
    port: int
    target: str  # path and query
    addresses: tuple[str, ...]  # every address it resolved to, all of them allowed


@dataclass(frozen=True)
class FetchResult:
    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: bytes  # at most max_bytes; empty when max_bytes is 0
    elapsed_ms: int
    address: str = field(repr=False)  # the address connected to

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_redirect(self) -> bool:
        return 300 <= self.status < 400


def allow_loopback_setting() -> bool:
    return bool(getattr(settings, "OUTBOUND_ALLOW_LOOPBACK", False))


# --- the two places that touch the network; tests replace them (tests/conftest.py) -----------


def _resolve_name(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (empty when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return [str(info[4][0]) for info in infos]


def _open_socket(address: str, port: int, timeout: float | None, options: list[tuple[int, int, int]]) -> socket.socket:
    """Connect a TCP socket to a literal address (never a name: nothing is resolved here)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        for option in options:
            sock.setsockopt(*option)
        sock.settimeout(timeout)
        sock.connect((address, port))
    except BaseException:
        sock.close()
        raise
    return sock


_resolver_pool: tuple[int, ThreadPoolExecutor] | None = None


def _resolve_within(host: str, port: int, timeout: float) -> list[str]:
    """``_resolve_name`` under a deadline (getaddrinfo itself has none); a few threads per process."""
    global _resolver_pool
    if _resolver_pool is None or _resolver_pool[0] != os.getpid():  # a forked worker gets its own
        _resolver_pool = (os.getpid(), ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbound-dns"))
    future = _resolver_pool[1].submit(_resolve_name, host, port)
    try:
        return future.result(timeout=max(timeout, 0.001))
    except FutureTimeout:
        future.cancel()
        raise OutboundTimeout("timed out") from None


# --- checks -----------------------------------------------------------------------------------


def _host_syntax(raw: str, bracketed: bool) -> tuple[str, IPAddress | None]:
    """The host as a lower-case ASCII name or a literal address; refuses ambiguous spellings."""
    if bracketed:
        if "%" in raw:
            raise OutboundRefused("refused: scoped IPv6 addresses are not allowed.")
        try:
            return raw, ipaddress.IPv6Address(raw)
        except ValueError:
            raise OutboundRefused("Not a valid URL: bad IPv6 address.") from None
    try:
        return raw, ipaddress.IPv4Address(raw)  # canonical dotted quad only (no leading zeros)
    except ValueError:
        pass
    name = raw[:-1] if raw.endswith(".") else raw
    try:
        name = name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise OutboundRefused("Not a valid URL: bad host name.") from None
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise OutboundRefused("Not a valid URL: bad host name.")
    if _NUMERIC_LABEL.match(labels[-1]):
        # 2130706433, 0x7f000001, 0177.0.0.1, 127.1: inet_aton() and browsers read these as addresses.
        raise OutboundRefused("refused: write an IP address as four plain decimal numbers (a.b.c.d).")
    return name, None


def _parse(url: str) -> tuple[str, str, int, str, IPAddress | None]:
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url) or "\\" in url:
        raise OutboundRefused("Not a valid URL: it contains spaces, control characters or backslashes.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise OutboundRefused("Not a valid URL.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise OutboundRefused("Not a valid URL: only http and https are allowed.")
    if "@" in parts.netloc:
        raise OutboundRefused("refused: URLs with a user name or password are not allowed.")
    if not parts.hostname:
        raise OutboundRefused("Not a valid URL: it has no host.")
    if port == 0:
        raise OutboundRefused("Not a valid URL: port 0.")
    host, literal = _host_syntax(parts.hostname, bracketed=parts.netloc.startswith("["))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), target, literal


def check_url(url: str, *, allow_loopback: bool | None = None, timeout: float = 10.0) -> Destination:
    """Parse ``url``, resolve its host and refuse it unless every address is public (see the module doc).

    Raises ``OutboundRefused`` with a message fit to show the person who typed the URL, or
    ``OutboundTimeout`` when the name does not resolve within ``timeout`` seconds.
    """
    allow_loopback = allow_loopback_setting() if allow_loopback is None else allow_loopback
    scheme, host, port, target, literal = _parse(url.strip())
    if scheme == "http" and not allow_loopback:
        raise OutboundRefused("refused: URLs must use HTTPS.")
    if literal is not None:
        refusal = address_refusal(literal, allow_loopback=allow_loopback)
        if refusal:
            raise OutboundRefused(f"refused: {literal} is {refusal}.")
        if isinstance(literal, ipaddress.IPv6Address) and literal.ipv4_mapped is not None:
            literal = literal.ipv4_mapped  # connect over IPv4 to the address that was checked
        addresses = [literal]
    else:
        addresses = []
        for text in dict.fromkeys(_resolve_within(host, port, timeout)):
            try:
                addresses.append(ipaddress.ip_address(text))
            except ValueError:
                addresses = []
                break
        # One message whether the name is unknown or points inside: no oracle for internal names.
        if not addresses or any(address_refusal(a, allow_loopback=allow_loopback) for a in addresses):
            raise OutboundRefused(f"refused: {host} must resolve to public internet addresses only.")
        addresses = [a.ipv4_mapped if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped else a for a in addresses]
    if scheme == "http" and not all(a.is_loopback for a in addresses):
        raise OutboundRefused("refused: URLs must use HTTPS (plain HTTP only to a loopback receiver).")
    return Destination(scheme=scheme, host=host, port=port, target=target, addresses=tuple(str(a) for a in addresses))


# --- the client ---------------------------------------------------------------------------------


class _Pinned:
    """Open the socket to the checked address; ``host`` stays the name (Host header, SNI, certificate)."""

    pinned_address: str

    def __init__(self, *args: object, pinned_address: str, **kwargs: object) -> None:
        self.pinned_address = pinned_address
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]  # a mixin over urllib3's connection classes: the base's arguments are not known here

    def _new_conn(self) -> socket.socket:
        try:
            return _open_socket(self.pinned_address, self.port, self.timeout, self.socket_options or [])  # type: ignore[attr-defined]  # port, timeout and socket_options come from the urllib3 connection class this is mixed into
        except TimeoutError as error:  # socket.timeout
            raise ConnectTimeoutError(self, "timed out") from error
        except OSError as error:
            raise NewConnectionError(self, "connection failed") from error  # type: ignore[arg-type]  # urllib3 wants its own connection type; this mixin is one at run time


class _PinnedHTTPConnection(_Pinned, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_Pinned, HTTPSConnection):
    pass


def _pool(destination: Destination, address: str) -> urllib3.HTTPConnectionPool:
    common = {"port": destination.port, "maxsize": 1, "retries": False, "pinned_address": address}
    if destination.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            destination.host, cert_reqs="CERT_REQUIRED", **common
        )
        pool.ConnectionCls = _PinnedHTTPSConnection
    else:
        pool = urllib3.HTTPConnectionPool(destination.host, **common)
        pool.ConnectionCls = _PinnedHTTPConnection
    return pool


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OutboundTimeout("timed out")
    return left


def _response_socket(response: urllib3.BaseHTTPResponse) -> socket.socket | None:
    """The socket a response body is read from (http.client keeps it only in the response's file)."""
    sock = getattr(getattr(response, "connection", None), "sock", None)
    if sock is None:
        raw = getattr(getattr(getattr(response, "_fp", None), "fp", None), "raw", None)
        sock = getattr(raw, "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def _read_capped(response: urllib3.BaseHTTPResponse, *, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise OutboundTooLarge(f"response too large (over {max_bytes} bytes)")
    chunks: list[bytes] = []
    size = 0
    sock = _response_socket(response)
    while True:
        left = _remaining(deadline)  # the deadline covers the whole body, not each read
        if sock is not None:
            try:
                sock.settimeout(left)
            except OSError:  # already handed back by http.client: each read keeps its own timeout
                sock = None
        # read1: at most one read on the socket, so the deadline is checked between every two.
        chunk = response.read1(min(_CHUNK, max_bytes + 1 - size), decode_content=False)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise OutboundTooLarge(f"response too large (over {max_bytes} bytes)")
        chunks.append(chunk)


def fetch(
    *,
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float,
    max_bytes: int,
    allow_loopback: bool | None = None,
) -> FetchResult:
    """Make one request to ``url`` under the rules in the module doc and return its status and body.

    ``timeout`` (seconds) bounds the whole exchange; ``max_bytes`` bounds the body (0: the body is
    not read at all). A 3xx is returned, never followed. Raises ``OutboundRefused`` (the destination
    is not allowed), ``OutboundTimeout``, ``OutboundTooLarge`` or ``OutboundFailed``.
    """
    started = time.monotonic()
    deadline = started + timeout
    destination = check_url(url, allow_loopback=allow_loopback, timeout=timeout)
    request_headers = {"Accept-Encoding": "identity", **(headers or {})}
    for position, address in enumerate(destination.addresses):
        left = _remaining(deadline)
        pool = _pool(destination, address)
        try:
            response = pool.urlopen(
                method,
                destination.target,
                body=body,
                headers=request_headers,
                redirect=False,
                retries=False,
                timeout=urllib3.Timeout(connect=left, read=left),
                preload_content=False,
                decode_content=False,
                release_conn=False,
                assert_same_host=False,
            )
            try:
                content = b"" if max_bytes <= 0 else _read_capped(response, max_bytes=max_bytes, deadline=deadline)
            finally:
                response.close()
        except NewConnectionError as error:  # before its base class ConnectTimeoutError
            logger.info("outbound %s %s via %s: %s", method, destination.host, address, error.__cause__)
            if position + 1 < len(destination.addresses):
                continue  # the next checked address of the same name
            raise OutboundFailed("connection failed") from None
        except (Urllib3Timeout, ConnectTimeoutError, ReadTimeoutError, TimeoutError) as error:
            logger.info("outbound %s %s via %s: %r", method, destination.host, address, error)
            raise OutboundTimeout("timed out") from None
        except (Urllib3Error, OSError) as error:  # TLS failures, resets, protocol errors
            logger.info("outbound %s %s via %s: %r", method, destination.host, address, error)
            raise OutboundFailed("connection failed") from None
        finally:
            pool.close()
        return FetchResult(
            status=response.status,
            headers={name.lower(): value for name, value in response.headers.items()},
            body=content,
            elapsed_ms=round((time.monotonic() - started) * 1000),
            address=address,
        )
    raise OutboundFailed("connection failed")  # no address at all (check_url never returns none)
