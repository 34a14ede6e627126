"""``desk server`` as an operator runs it: separate worker processes on either database."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.live_server import LiveServer, live_server, new_database, prepare


@pytest.fixture(params=["sqlite", "postgresql"])
def server_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    return new_database(request.param, tmp_path=tmp_path, cluster=cluster)


@pytest.fixture
def running_server(server_database: str) -> Iterator[LiveServer]:
    with live_server(prepare(server_database), workers=4) as server:
        yield server


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def test_four_workers_serve_the_same_api(running_server: LiveServer) -> None:
    base = running_server.base
    workers = [
        pid
        for pid in _children(running_server.process.pid)
        if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    assert len(workers) == 4
    headers = running_server.login()
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
