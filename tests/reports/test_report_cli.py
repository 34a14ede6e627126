"""``desk report`` against a real server process: the files it writes, and its refusals."""

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from desk_app.domain.day_report import CSV_HEADER
from desk_app.domain.enums import AgentState, InteractionStatus, Role, TicketStatus
from desk_app.server.core.db import make_engine, make_session_factory
from desk_app.server.goals.models import Goal
from desk_app.server.interactions.models import Interaction
from desk_app.server.shifts.models import Shift, ShiftBreak
from desk_app.server.users.models import AgentStateChange
from tests.reports.readback import line_of, pdf_text
from tests.support.builders import (
    PASSWORD,
    make_interaction,
    make_team,
    make_ticket,
    make_user,
)
from tests.support.live_server import LiveServer, free_port, live_server, new_database, prepare

DESK = [sys.executable, "-m", "desk_app"]
PARIS = ZoneInfo("Europe/Paris")
DAY = datetime.now(UTC).date() - timedelta(days=3)


def paris(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), PARIS).astimezone(UTC)


def seed(database: str) -> None:
    """Team Alpha (supervisor sam, rep lee) and Bravo (rep kim); lee's day in Paris.

    lee: shift 08:00–16:00 with lunch 12:00–12:30, kept to the minute; three
    contacts handled, 300 s (resolved first time), 420 s (transferred) and
    180 s (not resolved): AHT 300 s = 5:00, FCR 1 of 3 = 33%; team AHT goal 4:00.
    """
    engine = make_engine(database)
    with make_session_factory(engine)() as session:
        alpha, bravo = make_team(session, "Alpha"), make_team(session, "Bravo")
        make_user(session, Role.SUPERVISOR, team=alpha, username="sam")
        lee = make_user(session, Role.REP, team=alpha, username="lee")
        make_user(session, Role.REP, team=bravo, username="kim")
        shift = Shift(user_id=lee.id, team_id=alpha.id, starts_at=paris(8), ends_at=paris(16))
        shift.breaks = [ShiftBreak(kind="lunch", starts_at=paris(12), ends_at=paris(12, 30))]
        session.add(shift)
        for state, start, end, reason in [
            (AgentState.READY, paris(8), paris(12), None),
            (AgentState.NOT_READY, paris(12), paris(12, 30), "lunch"),
            (AgentState.READY, paris(12, 30), paris(16), None),
            (AgentState.OFFLINE, paris(16), None, None),
        ]:
            session.add(
                AgentStateChange(
                    user_id=lee.id, state=state, reason=reason, started_at=start, ended_at=end
                )
            )
        for start, minutes, fcr, transferred, disposition in [
            (paris(9), 5, True, False, "resolved"),
            (paris(10), 7, True, True, "transferred"),
            (paris(14), 3, False, False, "callback"),
        ]:
            make_interaction(
                session,
                agent=lee,
                status=InteractionStatus.DONE,
                subject=f"{disposition} call",
                queued_at=start - timedelta(minutes=1),
                answered_at=start,
                ended_at=start + timedelta(minutes=minutes - 1),
                wrapped_at=start + timedelta(minutes=minutes),
                first_contact_resolution=fcr,
                transferred=transferred,
                disposition=disposition,
                satisfaction=4,
            )
        make_ticket(session, owner=lee, subject="Lid arrives cracked", status=TicketStatus.OPEN)
        session.add(Goal(team_id=alpha.id, user_id=None, metric="aht", target=240.0))
        session.commit()
    engine.dispose()


@dataclass
class Served:
    server: LiveServer
    database: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    cluster = request.getfixturevalue("pg_cluster") if request.param == "postgresql" else None
    database = new_database(request.param, tmp_path=tmp_path_factory.mktemp("db"), cluster=cluster)
    env = prepare(database)
    seed(database)
    with live_server(env) as server:
        yield Served(server, database)


def desk_report(
    base: str, *args: str, password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESK_PASSWORD": password}
    server = base.removesuffix("/api/v1")
    return subprocess.run(
        [
            *DESK,
            "report",
            "--server",
            server,
            "--date",
            DAY.isoformat(),
            "--tz",
            "Europe/Paris",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def utc(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def test_a_supervisor_writes_a_team_members_report_that_matches_the_database(
    served: Served, tmp_path: Path
) -> None:
    out = tmp_path / "reports"

    done = desk_report(served.server.base, "--user", "lee", "--login", "sam", "--out", str(out))

    assert done.returncode == 0, done.stderr
    stem = f"report-lee-{DAY.isoformat()}"
    assert done.stdout.split() == [str(out / f"{stem}.pdf"), str(out / f"{stem}.csv")]
    with (out / f"{stem}.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    engine = make_engine(served.database)
    with make_session_factory(engine)() as session:
        stored = session.scalars(select(Interaction).order_by(Interaction.answered_at)).all()
        expected = [
            {
                "id": str(i.id),
                "status": i.status.value,
                "subject": i.subject,
                "answered_at": utc(i.answered_at),
                "wrapped_at": utc(i.wrapped_at),
                "handle_seconds": f"{(i.wrapped_at - i.answered_at).total_seconds():.0f}",
                "disposition": i.disposition,
                "transferred": "yes" if i.transferred else "no",
            }
            for i in stored
        ]
    engine.dispose()
    assert list(rows[0]) == list(CSV_HEADER)
    assert [{key: row[key] for key in expected[0]} for row in rows] == expected
    text = pdf_text(out / f"{stem}.pdf")
    assert line_of(text, "Average handle time")[1:4] == ["5:00", "≤ 4:00", "missed"]
    assert line_of(text, "First-contact resolution")[1:4] == ["33%", "≥ 75%", "missed"]
    assert line_of(text, "Adherence")[1:4] == ["100%", "≥ 90%", "met"]
    assert line_of(text, "Not ready: lunch") == ["Not ready: lunch", "0:30:00"]
    assert "Lid arrives cracked" in text


def test_a_rep_writes_their_own_report(served: Served, tmp_path: Path) -> None:
    done = desk_report(served.server.base, "--user", "lee", "--out", str(tmp_path))

    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"report-lee-{DAY.isoformat()}.pdf").exists()


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["--user", "kim", "--login", "sam"],
            PASSWORD,
            "desk: not allowed: you may read the days of your own team's members only",
        ),
        (
            ["--user", "sam", "--login", "lee"],
            PASSWORD,
            "desk: not allowed: you may read your own day only",
        ),
        (["--user", "nobody", "--login", "sam"], PASSWORD, "desk: no user named 'nobody'"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    served: Served, tmp_path: Path, args: list[str], password: str, message: str
) -> None:
    done = desk_report(served.server.base, *args, "--out", str(tmp_path), password=password)

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [message]
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_password_is_refused_in_one_line(served: Served, tmp_path: Path) -> None:
    done = desk_report(served.server.base, "--user", "lee", "--out", str(tmp_path), password="nope")

    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("desk: sign-in refused for 'lee': ")


def test_an_unreachable_server_or_a_bad_date_is_one_line(tmp_path: Path) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/api/v1"

    down = desk_report(nowhere, "--user", "lee", "--out", str(tmp_path))
    bad_day = subprocess.run(
        [
            *DESK,
            "report",
            "--server",
            nowhere,
            "--user",
            "lee",
            "--date",
            "2026-13-01",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert down.returncode == 1
    assert down.stderr.strip().splitlines() == [
        "desk: the server could not be reached (ConnectionError)"
    ]
    assert bad_day.returncode == 2
    assert bad_day.stderr.strip().splitlines() == [
        "desk: --date: '2026-13-01' is not a day (YYYY-MM-DD)"
    ]
