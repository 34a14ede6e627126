"""Fixtures shared by every test: databases (SQLite and a real PostgreSQL), the app, people."""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.server.app import create_app
from desk_app.server.core.config import Settings
from desk_app.server.core.db import make_engine
from desk_app.server.migrate import upgrade
from tests.support.builders import World, build_world
from tests.support.postgres import Cluster, throwaway_cluster

BACKENDS = ("sqlite", "postgresql")
TEMPLATE_DB = "desk_template"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL per test process (each xdist worker has its own)."""
    with throwaway_cluster() as cluster:
        yield cluster


def _admin_execute(cluster: Cluster, statement: str) -> None:
    engine = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database migrated to head once, cloned for every test."""
    _admin_execute(pg_cluster, f"CREATE DATABASE {TEMPLATE_DB}")
    engine = make_engine(pg_cluster.url(TEMPLATE_DB))
    upgrade(engine)
    engine.dispose()
    return TEMPLATE_DB


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "server.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh migrated database for one test, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        target = tmp_path / "server.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    _admin_execute(cluster, f"CREATE DATABASE {name} TEMPLATE {template}")
    yield cluster.url(name)
    _admin_execute(cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def db(app: FastAPI) -> Iterator[Session]:
    """A session on the test's database, for arranging and checking rows."""
    with app.state.session_factory() as session:
        yield session


@pytest.fixture
def world(db: Session) -> World:
    return build_world(db)
