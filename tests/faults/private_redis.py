"""A private redis-server on a spare port for fault tests (the shared one on 6379 is never touched)."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from newsroom.celery import app
from tests.conftest import wait_for


class PrivateRedis:
    def __init__(self, directory: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: self._answers(), timeout=20, interval=0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        wait_for(lambda: not self._answers(), timeout=10, interval=0.1)

    def _answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), 0.5).close()
            return True
        except OSError:
            return False


def use_broker(url: str) -> None:
    """Point this process's Celery app at ``url`` (its connection pools are rebuilt lazily)."""
    # Forget the pools, never close them: they are kombu's global pools for that URL, and a closed
    # one would break every later publish in this process ("Acquire on closed pool").
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_write_url = url  # what publishing reads (resolved from broker_url at start-up)
