"""The real server as an operator runs it (``desk server``), in separate processes, for tests."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests
import sqlalchemy as sa

from tests.support.postgres import Cluster

DESK = [sys.executable, "-m", "desk_app"]
ADMIN = ("ops", "operator pw 1")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_database(kind: str, *, tmp_path: Path, cluster: Cluster | None) -> str:
    """A URL for an empty database of ``kind`` (``sqlite`` or ``postgresql``)."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path}/server-{uuid.uuid4().hex[:6]}.sqlite3"
    assert cluster is not None
    name = f"live_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return cluster.url(name)


@dataclass
class LiveServer:
    base: str
    process: subprocess.Popen[str]
    env: dict[str, str]

    def login(self, username: str = ADMIN[0], password: str = ADMIN[1]) -> dict[str, str]:
        response = requests.post(
            f"{self.base}/auth/login", json={"username": username, "password": password}, timeout=10
        )
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def prepare(database_url: str, **env: str) -> dict[str, str]:
    """Migrate ``database_url`` and create the admin account; the env to run the server with."""
    full_env = {**os.environ, "DESK_DATABASE_URL": database_url, "DESK_PASSWORD": ADMIN[1], **env}
    subprocess.run([*DESK, "server", "migrate"], env=full_env, check=True)
    subprocess.run(
        [*DESK, "server", "create-user", ADMIN[0], "--role", "admin"], env=full_env, check=True
    )
    return full_env


@contextlib.contextmanager
def live_server(
    env: dict[str, str], *, workers: int = 1, port: int | None = None
) -> Iterator[LiveServer]:
    """Run ``desk server`` until the block ends; wait until it answers /health."""
    port = port or free_port()
    process = subprocess.Popen(
        [*DESK, "server", "--port", str(port), "--workers", str(workers), "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/health", timeout=1).ok:
                break
        except requests.RequestException:  # not listening yet, or too busy starting to answer
            if process.poll() is not None:
                break
            time.sleep(0.2)
    else:
        process.kill()
    if process.poll() is not None:
        raise RuntimeError(f"server did not start: {process.communicate()[1][-2000:]}")
    try:
        yield LiveServer(base=base, process=process, env=env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
