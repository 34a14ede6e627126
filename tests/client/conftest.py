"""Fixtures of the desk-side tests: a fresh local store, a real server on 127.0.0.1."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from desk_app.client.store import LocalStore
from desk_app.server.core.config import Settings
from tests.support.served_app import LosesAnswers, ServedApp


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(tmp_path / "desk" / "rep.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The server's settings, with event streams that look for changes often."""
    return Settings(database_url=database_url, events_poll_seconds=0.5)


@pytest.fixture
def lossy(app: FastAPI) -> LosesAnswers:
    return LosesAnswers(app, "/api/v1/sync/ops")


@pytest.fixture
def served(lossy: LosesAnswers) -> Iterator[ServedApp]:
    server = ServedApp(lossy)
    server.start()
    yield server
    if server.running:
        server.stop()
