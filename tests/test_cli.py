"""The ``desk`` command: help for every subcommand, one-line configuration errors, accounts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.server.core.db import make_engine, make_session_factory
from desk_app.server.users.models import User

DESK = [sys.executable, "-m", "desk_app"]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["server"],
        ["server", "migrate"],
        ["server", "seed"],
        ["server", "create-user"],
        ["demo"],
    ],
)
def test_every_command_has_help(args: list[str]) -> None:
    result = subprocess.run([*DESK, *args, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: desk")


def test_bad_configuration_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {**os.environ, "DESK_WORKERS": "lots", "DESK_DATABASE_URL": f"sqlite:///{tmp_path}/x"}
    result = subprocess.run(
        [*DESK, "server", "migrate"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "desk: bad configuration: DESK_WORKERS: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]


def test_migrate_then_create_user_reads_password_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.server.core.config import get_settings

    url = f"sqlite:///{tmp_path}/server.sqlite3"
    monkeypatch.setenv("DESK_DATABASE_URL", url)
    monkeypatch.setenv("DESK_PASSWORD", "a long secret")
    get_settings.cache_clear()
    try:
        assert main(["server", "migrate"]) == 0
        assert main(["server", "create-user", "lee", "--role", "supervisor", "--team", "A"]) == 0
        assert main(["server", "create-user", "lee", "--role", "rep"]) == 2  # taken
    finally:
        get_settings.cache_clear()
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        user = session.scalar(select(User).where(User.username == "lee"))
        assert user is not None
        assert user.role == "supervisor"
        assert user.password_hash.startswith("$argon2id$")
    engine.dispose()


def test_create_user_reads_password_from_stdin_never_argv(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DESK_PASSWORD"}
    env["DESK_DATABASE_URL"] = f"sqlite:///{tmp_path}/server.sqlite3"
    subprocess.run([*DESK, "server", "migrate"], env=env, check=True)
    result = subprocess.run(
        [*DESK, "server", "create-user", "kim", "--role", "rep"],
        input="short\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert "password" in result.stderr


def test_seed_migrates_fills_and_then_refuses_a_second_time(tmp_path: Path) -> None:
    env = {**os.environ, "DESK_DATABASE_URL": f"sqlite:///{tmp_path}/seeded.sqlite3"}
    first = subprocess.run(
        [*DESK, "server", "seed", "--customers", "20"], capture_output=True, text=True, env=env
    )
    assert first.returncode == 0, first.stderr
    assert "20 customer" in first.stderr
    second = subprocess.run(
        [*DESK, "server", "seed", "--customers", "20"], capture_output=True, text=True, env=env
    )
    assert second.returncode == 2
    assert (
        second.stderr.strip() == "desk: the database already has customers; seed an empty database"
    )


def test_a_team_serves_a_configured_department_and_an_unknown_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desk_app.server.core.config import get_settings
    from desk_app.server.users.models import Team

    url = f"sqlite:///{tmp_path}/server.sqlite3"
    monkeypatch.setenv("DESK_DATABASE_URL", url)
    monkeypatch.setenv("DESK_PASSWORD", "a long secret")
    monkeypatch.setenv("DESK_DEPARTMENTS", '["quality"]')
    get_settings.cache_clear()
    try:
        assert main(["server", "migrate"]) == 0
        create = ["server", "create-user", "qa1", "--role", "rep", "--team", "Quality desk"]
        assert main([*create, "--department", "legal"]) == 2
        assert "no department 'legal'; there are: technical_support" in capsys.readouterr().err
        assert main([*create, "--department", "quality"]) == 0
    finally:
        get_settings.cache_clear()
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        team = session.scalar(select(Team).where(Team.name == "Quality desk"))
        assert team is not None
        assert team.department == "quality"
    engine.dispose()
