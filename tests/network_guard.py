"""Make sure a test sends nothing outside loopback, whatever code path (even a regression) it takes.

``refuse_outside_loopback(monkeypatch)`` patches the socket layer itself: a ``connect`` to a
non-loopback address, or a DNS lookup of any name but ``localhost``, fails the test on the spot
(``pytest.fail`` raises an ``OutcomeException``, a ``BaseException`` no ``except Exception`` swallows).
Every attempt is also recorded in the returned list, for tests that assert nothing was tried.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest


def _is_loopback_literal(host: object) -> bool:
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def refuse_outside_loopback(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback_literal(host):
            attempts.append(address)
            pytest.fail(f"connection attempted outside loopback: {address!r}")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback_literal(host):
            attempts.append(address)
            pytest.fail(f"connection attempted outside loopback: {address!r}")
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list[object]:
        if host not in (None, "localhost") and not _is_loopback_literal(host):
            attempts.append(("dns", host))
            pytest.fail(f"real DNS lookup attempted: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts
