"""The end-of-shift report's content: one rep's day, whatever rendered it (PDF, CSV, screen).

The desk builds it from its local store, ``desk report`` from the server's
``GET /reports/day``; both hand the same records to :func:`build`, so a
report made at the desk and one made by a supervisor's script agree.
"""

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from desk_app.domain.enums import AgentState
from desk_app.domain.kpi import (
    DEFAULT_GOALS,
    Contact,
    Metric,
    Point,
    Schedule,
    StateSpan,
    Window,
    day_window,
    hours_of,
    measure,
    series,
    time_in_states,
)

REPORT_NAMESPACE = uuid.UUID("9b0f6a52-3c1e-4e0b-9a57-5f1d2b7c0e11")

CSV_HEADER: tuple[str, ...] = (
    "id",
    "channel",
    "status",
    "category",
    "subject",
    "customer_id",
    "answered_at",
    "ended_at",
    "wrapped_at",
    "talk_seconds",
    "hold_seconds",
    "wrap_seconds",
    "handle_seconds",
    "disposition",
    "first_contact_resolution",
    "satisfaction",
    "transferred",
)
"""The columns of the day's CSV, one row per interaction of the rep that day."""


def of_the_day(contact: Contact, window: Window) -> bool:
    """Whether the interaction belongs in the day's list: answered, ended or wrapped in it."""
    moments = (contact.answered_at, contact.ended_at, contact.wrapped_at)
    return any(m is not None and window.holds(m) for m in moments)


def report_id(user_id: uuid.UUID, day: date) -> uuid.UUID:
    """The one id of a rep's report for a day: a desk offline and the server agree on it."""
    return uuid.uuid5(REPORT_NAMESPACE, f"{user_id}/{day.isoformat()}")


@dataclass(frozen=True)
class Unresolved:
    """Work the rep leaves open at the end of the shift, for the supervisor."""

    kind: str  # "ticket" | "follow_up" | "interaction"
    id: uuid.UUID
    title: str
    due_at: datetime | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "id": str(self.id),
            "title": self.title,
            "due_at": self.due_at.isoformat() if self.due_at else None,
        }


@dataclass(frozen=True)
class ReportRow:
    """One interaction of the day with the fields the CSV carries (see :data:`CSV_HEADER`)."""

    contact: Contact
    category: str | None
    subject: str
    customer_id: uuid.UUID | None

    def cells(self) -> list[str]:
        c = self.contact

        def moment(value: datetime | None) -> str:
            return value.astimezone(UTC).isoformat() if value else ""

        def flag(value: bool | None) -> str:
            return "" if value is None else ("yes" if value else "no")

        return [
            str(c.id),
            c.channel,
            c.status,
            self.category or "",
            self.subject,
            str(self.customer_id) if self.customer_id else "",
            moment(c.answered_at),
            moment(c.ended_at),
            moment(c.wrapped_at),
            f"{c.talk_seconds:.0f}",
            f"{c.hold_seconds:.0f}",
            f"{c.wrap_seconds:.0f}",
            f"{c.handle_seconds:.0f}",
            c.disposition or "",
            flag(c.first_contact_resolution),
            "" if c.satisfaction is None else str(c.satisfaction),
            flag(c.transferred),
        ]


@dataclass(frozen=True)
class Reflection:
    """What the rep writes at the end of the day; stored with the shift's report."""

    went_well: str = ""
    to_improve: str = ""
    notes_for_supervisor: str = ""


@dataclass(frozen=True)
class DayReport:
    """Everything the end-of-shift report shows."""

    user_id: uuid.UUID
    agent_name: str
    day: date
    zone: tzinfo
    generated_at: datetime
    day_figures: Point
    hourly: list[Point]
    goals: dict[Metric, float]
    team_average: dict[Metric, float | None]
    by_disposition: list[tuple[str, int]]
    state_seconds: list[tuple[AgentState, str | None, float]]
    rows: list[ReportRow]
    unresolved: list[Unresolved]
    reflection: Reflection = field(default_factory=Reflection)

    @property
    def id(self) -> uuid.UUID:
        return report_id(self.user_id, self.day)

    @property
    def file_stem(self) -> str:
        """``report-NAME-DATE`` as ``desk report`` names its files."""
        return f"report-{self.agent_name}-{self.day.isoformat()}"


def build(
    *,
    user_id: uuid.UUID,
    agent_name: str,
    day: date,
    zone: tzinfo,
    now: datetime,
    rows: Sequence[ReportRow],
    spans: Sequence[StateSpan],
    schedules: Sequence[Schedule],
    goals: dict[Metric, float],
    team_average: dict[Metric, float | None],
    unresolved: Sequence[Unresolved],
    reflection: Reflection | None = None,
) -> DayReport:
    """Measure the day and gather what the report lists; ``rows`` are the day's interactions."""
    window = day_window(day, zone)
    contacts = [row.contact for row in rows]
    figures = measure(window, contacts, spans, schedules, now)
    handled = set(figures.contact_ids)
    dispositions = Counter(
        row.contact.disposition or "(none)" for row in rows if row.contact.id in handled
    )
    states = time_in_states(spans, window, now)
    return DayReport(
        user_id=user_id,
        agent_name=agent_name,
        day=day,
        zone=zone,
        generated_at=now,
        day_figures=figures,
        hourly=series(hours_of(day, zone), contacts, spans, schedules, now),
        goals={**DEFAULT_GOALS, **goals},
        team_average=team_average,
        by_disposition=sorted(dispositions.items(), key=lambda item: (-item[1], item[0])),
        state_seconds=sorted(
            ((state, reason, seconds) for (state, reason), seconds in states.items()),
            key=lambda item: (item[0].value, item[1] or ""),
        ),
        rows=sorted(rows, key=lambda r: (r.contact.answered_at or now, str(r.contact.id))),
        unresolved=list(unresolved),
        reflection=reflection or Reflection(),
    )
