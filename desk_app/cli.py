"""The ``desk`` command: the server, its maintenance, and the demo.

``desk server`` runs the central server; ``desk server migrate|seed|create-user``
maintain its database; ``desk demo`` brings up a seeded embedded server on
SQLite with no set-up at all; ``desk window`` opens the desk window;
``desk scripts check FILE…`` reports the problems of call script files;
``desk scripts publish FILE…`` sends them to a server; ``desk report`` writes
an agent's end-of-shift report (PDF and CSV) from a server's data.
Configuration comes from ``DESK_*`` variables (see
``desk_app/server/core/config.py``); a bad value stops the command with one
line naming the setting and exit status 2.
"""

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from desk_app import __version__
from desk_app.domain.enums import Role

EXIT_USAGE = 2


def _add_bind_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (DESK_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (DESK_PORT, default 8400)")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with help for every subcommand."""
    parser = argparse.ArgumentParser(prog="desk", description="Desk call-center workstation.")
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    server = commands.add_parser(
        "server",
        help="run the central server (or maintain its database)",
        description="Run the central server: migrate the database, then serve the API "
        "with N worker processes. Subcommands maintain the database instead.",
    )
    _add_bind_options(server)
    server.add_argument("--workers", type=int, help="worker processes (DESK_WORKERS, default 1)")
    server.add_argument(
        "--no-migrate", action="store_true", help="do not upgrade the schema before serving"
    )
    maintenance = server.add_subparsers(dest="action", metavar="ACTION")
    maintenance.add_parser(
        "migrate",
        help="upgrade the database schema to the newest version",
        description="Upgrade the database named by DESK_DATABASE_URL to the newest schema.",
    )
    seed = maintenance.add_parser(
        "seed",
        help="fill the database with realistic demo data",
        description="Create a deterministic, realistic data set: stores, teams, staff, "
        "customers with orders, shipments, invoices, interactions and tickets.",
    )
    seed.add_argument("--customers", type=int, default=2000, help="customers to create")
    seed.add_argument("--seed", type=int, default=7, help="random seed (same seed, same data)")
    create_user = maintenance.add_parser(
        "create-user",
        help="create a staff account",
        description="Create a staff account. The password is read from DESK_PASSWORD or, "
        "if unset, from standard input; never from the command line.",
    )
    create_user.add_argument("username")
    create_user.add_argument("--role", required=True, choices=[role.value for role in Role])
    create_user.add_argument("--display-name", help="the name shown to colleagues")
    create_user.add_argument("--team", help="team name (created if missing)")
    create_user.add_argument(
        "--department",
        help="the department queue the team serves (technical_support, logistics, billing, "
        "marketing, or one of DESK_DEPARTMENTS); sets it on the team",
    )
    create_user.add_argument("--store", help="store code (must exist)")

    demo = commands.add_parser(
        "demo",
        help="start a seeded embedded server on SQLite (no set-up needed)",
        description="Migrate and seed a demo database in the user's data directory "
        "(once), then serve it.",
    )
    _add_bind_options(demo)
    demo.add_argument("--customers", type=int, default=2000, help="customers in the demo data")
    demo.add_argument("--fresh", action="store_true", help="start again from a new database")

    window = commands.add_parser(
        "window",
        help="open the desk window (sign in to a server)",
        description="Open the desk window. A remembered sign-in opens straight away, "
        "offline from this computer's copy when the server cannot be reached.",
    )
    window.add_argument("--server", help="the server's address, e.g. http://127.0.0.1:8400")

    scripts = commands.add_parser(
        "scripts", help="work with call script files", description="Work with call scripts."
    )
    script_actions = scripts.add_subparsers(dest="action", metavar="ACTION")
    check = script_actions.add_parser(
        "check",
        help="report every problem of script files as FILE:LINE: message",
        description="Check call script files (YAML): malformed files, unreachable steps, "
        "loops with no exit, dangling links, unknown variables. Exit status 1 when any "
        "problem is found, 2 when a file cannot be read.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", type=Path)
    check.add_argument(
        "--kb-dir", type=Path, help="KB articles (<slug>.md) links must name (default: the shipped)"
    )
    publish = script_actions.add_parser(
        "publish",
        help="send script files to a server: new keys created, changed ones revised",
        description="Check script files, then publish them to a Desk server as a supervisor "
        "or admin: a key the server lacks is created, a changed definition becomes a new "
        "revision, an identical one is left alone. The password is read from "
        "$DESK_PASSWORD, else asked for.",
    )
    publish.add_argument("files", nargs="+", metavar="FILE", type=Path)
    publish.add_argument("--server", required=True, help="e.g. http://127.0.0.1:8400")
    publish.add_argument("--user", required=True, help="a supervisor's or admin's user name")

    report = commands.add_parser(
        "report",
        help="write an agent's end-of-shift report (PDF and CSV) from a server",
        description="Write DIR/report-NAME-DATE.pdf and .csv: the agent's figures against "
        "goals and the team average, the hourly graph, dispositions, time in each state, "
        "what is left open, the reflection, and the day's interactions. Signs in as --login "
        "(default: the agent) with the password from $DESK_PASSWORD, else asked; a "
        "supervisor may name any agent of the team, an admin anyone.",
    )
    report.add_argument("--server", required=True, help="e.g. http://127.0.0.1:8400")
    report.add_argument("--user", required=True, metavar="NAME", help="the agent's user name")
    report.add_argument("--date", required=True, help="the agent's local day, YYYY-MM-DD")
    report.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="the folder to write to"
    )
    report.add_argument(
        "--tz", help="the day's time zone, e.g. Europe/Paris (default: this computer's)"
    )
    report.add_argument("--login", help="the account to sign in with (default: --user)")
    return parser


def _fail(message: str) -> int:
    print(f"desk: {message}", file=sys.stderr)
    return EXIT_USAGE


def _apply_overrides(args: argparse.Namespace) -> None:
    """Command-line options win over the environment, and reach every worker through it."""
    for name in ("host", "port", "workers"):
        value = getattr(args, name, None)
        if value is not None:
            os.environ[f"DESK_{name.upper()}"] = str(value)


def _run_server(args: argparse.Namespace) -> int:
    import uvicorn

    from desk_app.server.core.config import get_settings

    settings = get_settings()
    if not args.no_migrate:
        _migrate()
    print(
        f"desk server: http://{settings.host}:{settings.port}/api/v1/docs "
        f"({settings.workers} worker(s), {settings.database_url.split(':', 1)[0]})",
        file=sys.stderr,
    )
    uvicorn.run(
        "desk_app.server.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        proxy_headers=True,
        # longer than any desk's pause between calls (heartbeats every 5 s): with
        # uvicorn's default 5 s, a desk reusing a connection just as the server
        # drops it gets "connection closed without response"
        timeout_keep_alive=75,
        # open event streams never end by themselves; give them a moment, then stop
        timeout_graceful_shutdown=5,
    )
    return 0


def _migrate() -> int:
    from desk_app.server.app import engine_from_settings
    from desk_app.server.migrate import upgrade

    engine = engine_from_settings()
    upgrade(engine)
    engine.dispose()
    return 0


def _print_progress(table: str, done: int, total: int) -> None:
    finished = done >= total
    if sys.stderr.isatty():
        print(
            f"\r  {table:<22} {done:>10,}/{total:,}", end="\n" if finished else "", file=sys.stderr
        )
    elif finished:
        print(f"  {table:<22} {done:>10,}", file=sys.stderr)


def _seed(customers: int, random_seed: int) -> int:
    import time

    from desk_app.server.app import engine_from_settings
    from desk_app.server.seed import SeedError, seed_database

    if customers < 1:
        return _fail("--customers must be at least 1")
    _migrate()
    engine = engine_from_settings()
    started = time.perf_counter()
    try:
        summary = seed_database(
            engine, customers=customers, random_seed=random_seed, progress=_print_progress
        )
    except SeedError as exc:
        return _fail(str(exc))
    finally:
        engine.dispose()
    print(f"seeded in {time.perf_counter() - started:.1f} s: {summary}", file=sys.stderr)
    return 0


def _read_password() -> str:
    password = os.environ.get("DESK_PASSWORD")
    if password:
        return password
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if first != getpass.getpass("again: "):
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def _create_user(args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from sqlalchemy import select

    from desk_app.server.app import engine_from_settings
    from desk_app.server.core.config import get_settings
    from desk_app.server.core.db import make_session_factory
    from desk_app.server.core.problems import Problem
    from desk_app.server.users import service
    from desk_app.server.users.models import Store, Team
    from desk_app.server.users.schemas import UserCreate

    known = get_settings().known_departments
    if args.department is not None and args.department not in known:
        return _fail(f"no department {args.department!r}; there are: {', '.join(known)}")
    if args.department is not None and not args.team:
        return _fail("--department is the team's: name the --team too")
    try:
        password = _read_password()
    except ValueError as exc:
        return _fail(str(exc))
    engine = engine_from_settings()
    with make_session_factory(engine)() as session:
        team_id = store_id = None
        if args.team:
            team = session.scalar(select(Team).where(Team.name == args.team))
            if team is None:
                team = Team(name=args.team)
                session.add(team)
                session.flush()
            if args.department is not None:
                team.department = args.department
            team_id = team.id
        if args.store:
            store = session.scalar(select(Store).where(Store.code == args.store))
            if store is None:
                return _fail(f"no store with code {args.store!r}")
            store_id = store.id
        try:
            data = UserCreate(
                username=args.username,
                display_name=args.display_name or args.username,
                password=password,
                role=Role(args.role),
                team_id=team_id,
                store_id=store_id,
            )
            user = service.create(session=session, actor=None, data=data, address="cli")
        except ValidationError as exc:
            first = exc.errors()[0]
            return _fail(f"{first['loc'][0]}: {first['msg']}")
        except Problem as exc:
            return _fail(exc.detail)
    engine.dispose()
    print(f"created {user.role} {user.username} ({user.id})", file=sys.stderr)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from desk_app.server.users.models import User

    data_dir = Path(platformdirs.user_data_dir("desk", appauthor=False))
    database = data_dir / "demo-server.sqlite3"
    if args.fresh:
        for leftover in data_dir.glob("demo-server.sqlite3*"):
            leftover.unlink()
    os.environ["DESK_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DESK_WORKERS", "1")
    _apply_overrides(args)
    from desk_app.server.app import engine_from_settings
    from desk_app.server.core.config import get_settings

    get_settings.cache_clear()
    _migrate()
    engine = engine_from_settings()
    with engine.connect() as connection:
        seeded = connection.scalar(select(func.count()).select_from(User.__table__))
    engine.dispose()
    if not seeded:
        print(f"desk demo: seeding {args.customers:,} customers into {database}", file=sys.stderr)
        _seed(args.customers, 7)
    from desk_app.server.seed import DEMO_USERS_HELP

    print(DEMO_USERS_HELP, file=sys.stderr)
    args.no_migrate = True
    return _run_server(args)


def _check_scripts(files: Sequence[Path], kb_dir: Path | None) -> int:
    from desk_app.domain.scripts.check import check_files
    from desk_app.domain.scripts.source import RESOURCES, kb_slugs

    texts, unreadable = {}, 0
    for file in files:
        try:
            texts[str(file)] = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"desk: cannot read {file}: {exc}", file=sys.stderr)
            unreadable += 1
    findings = check_files(texts, kb=kb_slugs(kb_dir or RESOURCES / "kb"))
    for finding in findings:
        print(finding)
    faulty = len({finding.file for finding in findings})
    if findings:
        print(f"{len(findings)} problem(s) in {faulty} of {len(texts)} file(s) checked")
    else:
        print(f"{len(texts)} file(s) checked, no problems")
    return EXIT_USAGE if unreadable else int(bool(findings))


def _publish_scripts(files: Sequence[Path], server: str, user: str) -> int:
    from desk_app.client.api import ApiError, DeskApi
    from desk_app.client.script_publish import publish
    from desk_app.client.session import API_PREFIX
    from desk_app.domain.scripts.source import read_source

    checked = _check_scripts(files, None)
    if checked:
        print("desk: nothing published: the files must check clean first", file=sys.stderr)
        return checked
    definitions: dict[str, dict[str, Any]] = {}
    for file in files:
        data = read_source(file.read_text(encoding="utf-8")).data
        assert isinstance(data, dict)  # it checked clean
        definitions[str(file)] = data
    password = os.environ.get("DESK_PASSWORD") or getpass.getpass(f"password for {user}: ")
    api = DeskApi(server.rstrip("/") + API_PREFIX)
    try:
        api.login(user, password)
        for done in publish(api, definitions):
            print(f"{done.file}: {done.key} {done.outcome} (revision {done.revision})")
    except ApiError as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return 1
    finally:
        api.close()
    return 0


def _report(args: argparse.Namespace) -> int:
    import datetime as dt
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from desk_app.client.api import ApiError, DeskApi
    from desk_app.client.session import API_PREFIX

    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError:
        return _fail(f"--date: {args.date!r} is not a day (YYYY-MM-DD)")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimeZone
    from PySide6.QtGui import QGuiApplication

    from desk_app.reports.command import UnknownUser, fetch_report
    from desk_app.reports.files import write_report

    tz = args.tz or bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return _fail(f"--tz: {tz!r} is not a time zone; use an IANA name such as Europe/Paris")
    login = args.login or args.user
    password = os.environ.get("DESK_PASSWORD") or getpass.getpass(f"password for {login}: ")
    api = DeskApi(args.server.rstrip("/") + API_PREFIX)
    try:
        api.login(login, password)
        report = fetch_report(api, args.user, day, tz, dt.datetime.now(dt.UTC))
    except ApiError as exc:
        prefix = {401: f"sign-in refused for {login!r}: ", 403: "not allowed: "}.get(
            exc.status or 0
        )
        print(f"desk: {prefix}{exc.detail}" if prefix else f"desk: {exc}", file=sys.stderr)
        return 1
    except UnknownUser as exc:
        print(f"desk: {exc}", file=sys.stderr)
        return 1
    finally:
        api.close()
    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts need one, no window
    try:
        pdf, csv = write_report(report, args.out)
    except OSError as exc:
        print(
            f"desk: cannot write the report in {args.out}: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
    print(pdf)
    print(csv)
    return 0


def _window(args: argparse.Namespace) -> int:
    # imported by name: the window (PySide6) is outside mypy's strict files and the
    # server commands never load Qt
    import importlib

    app = importlib.import_module("desk_app.gui.app")
    return int(app.main(["--server", args.server] if args.server else []))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``desk`` console script."""
    from desk_app.server.core.config import ConfigurationError

    parser = build_parser()
    args = parser.parse_args(argv)
    handlers: dict[tuple[str | None, str | None], Callable[[], int]] = {
        ("server", None): lambda: _run_server(args),
        ("server", "migrate"): _migrate,
        ("server", "seed"): lambda: _seed(args.customers, args.seed),
        ("server", "create-user"): lambda: _create_user(args),
        ("demo", None): lambda: _demo(args),
        ("window", None): lambda: _window(args),
        ("scripts", "check"): lambda: _check_scripts(args.files, args.kb_dir),
        ("scripts", "publish"): lambda: _publish_scripts(args.files, args.server, args.user),
        ("report", None): lambda: _report(args),
    }
    handler = handlers.get((args.command, getattr(args, "action", None)))
    if handler is None:
        parser.print_help()
        return EXIT_USAGE if args.command is None else 0
    if args.command == "server":
        _apply_overrides(args)
    try:
        return handler()
    except ConfigurationError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
