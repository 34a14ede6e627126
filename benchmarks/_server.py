"""Run an ASGI app under uvicorn in a subprocess: start, wait until it answers, stop.

Always on 127.0.0.1; every wait is bounded. The server runs in its own
process group so its workers are stopped with it, and its output goes to a
log file that is quoted when it fails to start.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class ServerError(RuntimeError):
    """The server did not come up; the message ends with its log."""


@contextlib.contextmanager
def uvicorn_server(
    app: str,
    *,
    workers: int = 1,
    factory: bool = False,
    env: dict[str, str] | None = None,
    ready_path: str = "/",
    start_timeout: float = 60.0,
) -> Iterator[str]:
    """Serve ``app`` ("module:attribute") and yield its base URL until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", *(["--factory"] if factory else []), app]
    command += ["--host", HOST, "--port", str(port), "--workers", str(workers)]
    # No access log on either side of a comparison: it would measure the terminal.
    command += ["--no-access-log", "--log-level", "warning"]
    with tempfile.NamedTemporaryFile("w+", prefix="bench-server-", suffix=".log") as log:
        process = subprocess.Popen(
            command,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://{HOST}:{port}"
            _wait_until_ready(process, base + ready_path, start_timeout, Path(log.name))
            yield base
        finally:
            _stop(process)


def _wait_until_ready(
    process: subprocess.Popen[bytes], url: str, timeout: float, log: Path
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:]
    state = f"exited with {process.returncode}" if process.poll() is not None else "timed out"
    raise ServerError(f"server at {url} {state} before answering; its log:\n{tail}")


def _stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM to the server's own process group, SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)
