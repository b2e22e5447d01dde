"""The guarded outbound client: which destinations are refused, and how a request is made.

Address rules run against the stub resolver of tests/conftest.py (names mapped to the addresses
under test) with the socket layer patched to fail on any connection outside loopback: a refused
destination is refused before anything is sent. Only loopback receivers are really contacted,
behind the development setting ``OUTBOUND_ALLOW_LOOPBACK``.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reviews.exceptions import OutboundFailed, OutboundRefused, OutboundTimeout, OutboundTooLarge
from reviews.services import outbound
from reviews.services.outbound import address_refusal, check_url, fetch
from tests.network_guard import refuse_outside_loopback


@pytest.fixture(autouse=True)
def no_traffic_outside_loopback(monkeypatch) -> list[object]:  # type: ignore[no-untyped-def]
    return refuse_outside_loopback(monkeypatch)


REFUSED_ADDRESSES = [
    "127.0.0.1",
    "127.255.255.254",
    "0.0.0.0",  # noqa: S104 (an address under test, never bound)
    "0.1.2.3",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "192.0.0.8",
    "192.0.2.1",
    "198.51.100.7",
    "203.0.113.9",
    "198.18.0.1",
    "192.88.99.1",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fd00::1",
    "fc00::1",
    "fe80::1",
    "fec0::1",
    "ff02::1",
    "ff0e::1",
    "2001:db8::1",
    "3fff::1",
    "100::1",
    "5f00::1",
    "2001::1",  # Teredo
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "::ffff:a9fe:a9fe",
    "::127.0.0.1",  # IPv4-compatible
    "::a9fe:a9fe",
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::7f00:1",
    "64:ff9b:1::a00:1",  # local-use NAT64
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:7f00:1::1",
    "2002:a00:1::1",
    "4000::1",  # outside 2000::/3
    "fd00:ec2::254",  # cloud metadata over IPv6
    "100.100.100.200",  # cloud metadata in the carrier-grade NAT range
    "192.0.0.192",  # cloud metadata in the IETF protocol range
]
PUBLIC_ADDRESSES = ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize("text", REFUSED_ADDRESSES)
def test_every_non_public_address_is_refused(text):
    assert address_refusal(ipaddress.ip_address(text)) is not None


@pytest.mark.parametrize("text", PUBLIC_ADDRESSES)
def test_public_unicast_addresses_are_allowed(text):
    assert address_refusal(ipaddress.ip_address(text)) is None


def test_the_development_setting_allows_loopback_and_nothing_else():
    for text in ("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"):
        assert address_refusal(ipaddress.ip_address(text), allow_loopback=True) is None
    refused = ("0.0.0.0", "::", "10.0.0.1", "169.254.169.254", "64:ff9b::7f00:1", "2002:7f00:1::1")  # noqa: S104
    for text in refused:
        assert address_refusal(ipaddress.ip_address(text), allow_loopback=True) is not None


ATTACK_URLS = [
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.1/",
    "https://[fd00::1]/",
    "http://127.0.0.1:5432/",
    "https://127.0.0.1:5432/",
    "https://localhost/",
    "https://0.0.0.0/",
    "https://[::]/",
    "https://100.64.0.1/",
    "https://[::ffff:169.254.169.254]/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://[::ffff:127.0.0.1]:5432/",
    "https://[64:ff9b::a9fe:a9fe]/",
    "https://[2002:a9fe:a9fe::]/",
    "https://[fe80::1%25eth0]/",
    "https://2130706433/",  # 127.0.0.1 as one decimal number
    "https://0x7f000001/",
    "https://0177.0.0.1/",  # octal
    "https://0x7f.0.0.1/",
    "https://127.1/",
    "https://169.254.43518/",
    "https://internal.example.org/",  # resolves to 10.1.2.3
    "https://mixed.example.org/",  # one public answer, one private
    "https://mapped.example.org/",  # resolves to ::ffff:169.254.169.254
    "https://nat64.example.org/",  # resolves to 64:ff9b::a9fe:a9fe
    "https://loopback6.example.org/",  # resolves to ::1
    "https://unknown.example.org/",  # does not resolve
    "https://user:pass@hooks.example.org/",
    "https://hooks.example.org@10.0.0.1/",
    "https://hooks.example.org\\@10.0.0.1/",
    "https://hooks.example.org /",
    "http://hooks.example.org/",  # plain HTTP to a public host
    "ftp://hooks.example.org/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_INFO",
]


@pytest.fixture
def hostile_names(fake_dns) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    fake_dns.update(
        {
            "internal.example.org": ["10.1.2.3"],
            "mixed.example.org": ["93.184.215.14", "127.0.0.1"],
            "mapped.example.org": ["::ffff:169.254.169.254"],
            "nat64.example.org": ["64:ff9b::a9fe:a9fe"],
            "loopback6.example.org": ["::1"],
        }
    )
    return fake_dns


@pytest.mark.parametrize("url", ATTACK_URLS)
def test_attack_urls_are_refused_before_any_connection(url, hostile_names, no_traffic_outside_loopback):
    with pytest.raises(OutboundRefused):
        check_url(url)
    with pytest.raises(OutboundRefused) as refused:
        fetch(url=url, method="POST", body=b"{}", timeout=2, max_bytes=0)
    assert refused.value.message.startswith(("refused", "Not a valid URL"))
    assert no_traffic_outside_loopback == []


def test_public_names_and_addresses_pass_the_check(hostile_names):
    hostile_names["dual.example.org"] = ["2606:4700::1111", "93.184.215.14", "93.184.215.14"]
    assert check_url("https://hooks.example.org/x?y=1").addresses == ("93.184.215.14",)
    assert check_url("https://HOOKS.example.org./x").host == "hooks.example.org"
    assert check_url("https://dual.example.org/").addresses == ("2606:4700::1111", "93.184.215.14")
    assert check_url("https://8.8.8.8/").addresses == ("8.8.8.8",)
    assert check_url("https://[::ffff:8.8.8.8]/").addresses == ("8.8.8.8",)  # connect to what was checked
    destination = check_url("https://hooks.example.org:8443/a/b?c=d#frag")
    assert (destination.port, destination.target) == (8443, "/a/b?c=d")


# --- real requests, to loopback receivers only, with the development setting on ------------------


class Server:
    """A loopback HTTP server; ``handle(handler)`` answers each request (GET or POST)."""

    def __init__(self, handle, *, tls: ssl.SSLContext | None = None) -> None:  # type: ignore[no-untyped-def]
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length", 0) or 0)
                if length:
                    self.rfile.read(length)
                server.requests.append((self.command, self.path, dict(self.headers.items())))
                handle(self)

            do_GET = do_POST = _any

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve(allow_loopback) -> Iterator:  # type: ignore[no-untyped-def]
    servers: list[Server] = []

    def start(handle, **kwargs):  # type: ignore[no-untyped-def]
        servers.append(Server(handle, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return handle


def test_a_get_returns_status_headers_body_and_timing(serve):
    server = serve(answer(200, b"hello", {"Content-Type": "text/plain", "Content-Length": "5"}))
    result = fetch(url=f"http://127.0.0.1:{server.port}/a?b=c", timeout=5, max_bytes=100)
    assert (result.status, result.body, result.headers["content-type"]) == (200, b"hello", "text/plain")
    assert result.ok and result.elapsed_ms >= 0 and result.address == "127.0.0.1"
    assert server.requests[0][:2] == ("GET", "/a?b=c")


def test_loopback_is_refused_without_the_development_setting(settings):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    for url in ("http://127.0.0.1:9/", "https://127.0.0.1:9/", "http://localhost:9/", "http://[::1]:9/"):
        with pytest.raises(OutboundRefused):
            fetch(url=url, timeout=1, max_bytes=0)


def test_a_redirect_is_returned_not_followed(serve, no_traffic_outside_loopback):
    inside = serve(answer(200, b"internal secrets"))
    redirector = serve(answer(302, b"", {"Location": f"http://0.0.0.0:{inside.port}/admin"}))
    result = fetch(url=f"http://127.0.0.1:{redirector.port}/", method="POST", body=b"{}", timeout=5, max_bytes=1000)
    assert (result.status, result.is_redirect, result.ok) == (302, True, False)
    assert inside.requests == [] and len(redirector.requests) == 1


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(serve, fake_dns, monkeypatch):
    server = serve(answer(200, b"ok"))
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])
    lookups: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        lookups.append(host)
        return next(answers)

    monkeypatch.setattr(outbound, "_resolve_name", rebinding)
    result = fetch(url=f"http://rebind.example.org:{server.port}/", timeout=5, max_bytes=10)
    assert (result.status, result.address, lookups) == (200, "127.0.0.1", ["rebind.example.org"])
    assert server.requests[0][2]["Host"] == f"rebind.example.org:{server.port}"


def test_the_body_is_capped_while_streaming(serve):
    declared = serve(answer(200, b"x" * 5000, {"Content-Length": "5000"}))
    undeclared = serve(answer(200, b"y" * 5000))  # HTTP/1.0, no length: read until the cap
    for server in (declared, undeclared):
        with pytest.raises(OutboundTooLarge, match="too large"):
            fetch(url=f"http://127.0.0.1:{server.port}/", timeout=5, max_bytes=1000)
        assert fetch(url=f"http://127.0.0.1:{server.port}/", timeout=5, max_bytes=5000).body[:1] in (b"x", b"y")


def test_the_time_limit_covers_a_body_that_trickles(serve):
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()
        try:
            for _ in range(40):
                handler.wfile.write(b".")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the client gave up, as it should

    server = serve(trickle)
    started = time.monotonic()
    with pytest.raises(OutboundTimeout, match="timed out"):
        fetch(url=f"http://127.0.0.1:{server.port}/", timeout=1, max_bytes=10_000)
    assert time.monotonic() - started < 2.5


def test_a_name_that_never_resolves_times_out_within_the_limit(fake_dns, monkeypatch):
    def slow(host: str, port: int) -> list[str]:
        time.sleep(1.5)
        return ["93.184.215.14"]

    monkeypatch.setattr(outbound, "_resolve_name", slow)
    started = time.monotonic()
    with pytest.raises(OutboundTimeout, match="^timed out$"):
        fetch(url="https://slow-dns.example.org/", timeout=0.3, max_bytes=0)
    assert time.monotonic() - started < 1.0


def test_a_silent_server_times_out(allow_loopback):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        with pytest.raises(OutboundTimeout) as timed_out:
            fetch(url=f"http://127.0.0.1:{listener.getsockname()[1]}/", timeout=0.5, max_bytes=0)
        assert timed_out.value.message == "timed out"
    finally:
        listener.close()


def test_a_closed_port_and_an_open_non_http_port_give_the_same_message(allow_loopback):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    talker = socket.socket()
    talker.bind(("127.0.0.1", 0))
    talker.listen(1)

    def garbage() -> None:
        connection, _ = talker.accept()
        connection.recv(1000)
        connection.sendall(b"-ERR unknown command\r\n")
        connection.close()

    threading.Thread(target=garbage, daemon=True).start()
    messages = []
    for port in (closed_port, talker.getsockname()[1]):
        with pytest.raises(OutboundFailed) as failed:
            fetch(url=f"http://127.0.0.1:{port}/", timeout=2, max_bytes=0)
        messages.append(failed.value.message)
    talker.close()
    assert messages == ["connection failed", "connection failed"]


# --- TLS: connect to the checked address, but SNI and certificate checks use the host name --------

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is not installed")


def _certificate(directory: Path, name: str) -> tuple[Path, Path]:
    cert, key = directory / f"{name}.crt", directory / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={name}"]
        + ["-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


@needs_openssl
def test_tls_uses_the_host_name_for_sni_and_verification(serve, fake_dns, tmp_path, monkeypatch):
    cert, key = _certificate(tmp_path, "tls.example.org")
    seen_sni: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: seen_sni.append(name)
    server = serve(answer(204), tls=context)
    fake_dns["tls.example.org"] = ["127.0.0.1"]
    fake_dns["other.example.org"] = ["127.0.0.1"]

    # Not trusted: verification is on, the request fails (the same short message as any failure).
    with pytest.raises(OutboundFailed, match="^connection failed$"):
        fetch(url=f"https://tls.example.org:{server.port}/", timeout=5, max_bytes=0)
    assert seen_sni == ["tls.example.org"]

    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust it
    assert fetch(url=f"https://tls.example.org:{server.port}/", timeout=5, max_bytes=0).status == 204
    # The same address under another name: the certificate does not match the name, refused.
    with pytest.raises(OutboundFailed):
        fetch(url=f"https://other.example.org:{server.port}/", timeout=5, max_bytes=0)
    assert seen_sni[-1] == "other.example.org"
