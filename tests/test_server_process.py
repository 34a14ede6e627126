"""``desk server`` as an operator runs it: separate worker processes on either database."""

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.support.postgres import Cluster

DESK = [sys.executable, "-m", "desk_app"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def server_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/server.sqlite3"
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    name = f"proc_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return cluster.url(name)


@dataclass
class RunningServer:
    base: str
    process: subprocess.Popen[str]


@pytest.fixture
def running_server(server_database: str) -> Iterator[RunningServer]:
    port = _free_port()
    env = {**os.environ, "DESK_DATABASE_URL": server_database, "DESK_PASSWORD": "operator pw 1"}
    subprocess.run([*DESK, "server", "migrate"], env=env, check=True)
    subprocess.run([*DESK, "server", "create-user", "ops", "--role", "admin"], env=env, check=True)
    process = subprocess.Popen(
        [*DESK, "server", "--port", str(port), "--workers", "4", "--no-migrate"],
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
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"server did not start: {process.communicate()[1][-2000:]}")
    yield RunningServer(base=base, process=process)
    process.terminate()
    process.wait(timeout=30)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def test_four_workers_serve_the_same_api(running_server: RunningServer) -> None:
    base = running_server.base
    workers = [
        pid
        for pid in _children(running_server.process.pid)
        if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert len(workers) >= 4
    login = requests.post(
        f"{base}/auth/login", json={"username": "ops", "password": "operator pw 1"}, timeout=10
    )
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    created = requests.post(
        f"{base}/customers",
        json={"name": "Wide Load", "phones": ["+1 202 555 0143"]},
        headers=headers,
        timeout=10,
    )
    assert created.status_code == 201
    for _ in range(20):
        # a new connection each time, so the kernel spreads them over the workers
        response = requests.get(
            f"{base}/customers/{created.json()['id']}", headers=headers, timeout=10
        )
        assert response.status_code == 200
        assert response.json()["name"] == "Wide Load"
