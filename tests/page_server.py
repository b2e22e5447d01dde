"""A small web site on 127.0.0.1 for the URL-ingest tests: pages, redirects, slow and oversized answers.

``site.routes[path] = Route(...)``, or a list of routes answered in turn (the last one then every time:
a site that fails and then recovers); every request is recorded in ``site.requests`` (the paths asked for).
It listens on loopback only: the tests reach it only with ``OUTBOUND_ALLOW_LOOPBACK`` on for that test.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before the body is sent (after the headers)
    declare_length: bool = True
    drip: float = 0.0  # seconds between 1 KB pieces of the body (a site that trickles its answer)


class PageServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # (http.server's naming)
                site.requests.append(self.path)
                site.user_agents.append(self.headers.get("User-Agent", ""))
                route = site.routes.get(self.path, Route(b"<html><body>Not found</body></html>", status=404))
                if isinstance(route, list):
                    route = route.pop(0) if len(route) > 1 else route[0]
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.declare_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    if route.delay:
                        self.wfile.flush()
                        time.sleep(route.delay)
                    if route.drip:
                        for start in range(0, len(route.body), 1024):
                            self.wfile.write(route.body[start : start + 1024])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (timeouts, size caps): that is the point of the test

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def start(self) -> PageServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
