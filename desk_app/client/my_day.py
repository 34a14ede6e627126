"""The rep's own work as the KPIs need it, read from the desk's local store (so offline too).

The stats graph and the end-of-shift report both read through here, so a
point on the graph and a figure in the report come from the same records.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from desk_app.client.store import LocalStore
from desk_app.domain import kpi_records
from desk_app.domain.day_report import ReportRow, Unresolved, of_the_day
from desk_app.domain.kpi import Contact, Metric, Schedule, StateSpan, day_window

_OPEN_WORK = frozenset({"active", "wrap_up"})
_CLOSED_TICKETS = frozenset({"resolved", "closed"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class MyDay:
    """One rep's interactions, state history, shifts and goals in the local store."""

    def __init__(self, store: LocalStore, *, user_id: uuid.UUID, team_id: uuid.UUID | None):
        self._store = store
        self._user_id = user_id
        self._team_id = team_id

    def _mine(self, entity: str, owner_field: str) -> list[dict[str, Any]]:
        me = str(self._user_id)
        return [r for r in self._store.records(entity) if str(r.get(owner_field)) == me]

    def contacts(self) -> list[Contact]:
        """Every interaction assigned to the rep."""
        return [kpi_records.contact(r) for r in self._mine("interaction", "assigned_agent_id")]

    def spans(self) -> list[StateSpan]:
        """The rep's agent-state history, oldest first."""
        spans = [kpi_records.span(r) for r in self._mine("agent_state", "user_id")]
        return sorted(spans, key=lambda s: s.started_at)

    def schedules(self) -> list[Schedule]:
        schedules = [kpi_records.schedule(r) for r in self._mine("shift", "user_id")]
        return sorted(schedules, key=lambda s: s.starts_at)

    def goals(self) -> dict[Metric, float]:
        """The goals set for the rep or the team (the defaults fill the rest where shown)."""
        return kpi_records.goals_for(
            self._store.records("goal"), user_id=self._user_id, team_id=self._team_id
        )

    def rows_of(self, day: date, zone: tzinfo) -> list[ReportRow]:
        """The day's interactions (answered, ended or wrapped that day) as CSV lines."""
        window = day_window(day, zone)
        rows = [kpi_records.report_row(r) for r in self._mine("interaction", "assigned_agent_id")]
        return [row for row in rows if of_the_day(row.contact, window)]

    def unresolved(self) -> list[Unresolved]:
        """What the rep leaves open: tickets, follow-ups not done, interactions not wrapped."""
        tickets = [
            kpi_records.unresolved_ticket(r)
            for r in self._mine("ticket", "owner_id")
            if r.get("status") not in _CLOSED_TICKETS
        ]
        follow_ups = [
            kpi_records.unresolved_follow_up(r)
            for r in self._mine("follow_up", "owner_id")
            if not r.get("done_at")
        ]
        work = [
            kpi_records.unresolved_interaction(r)
            for r in self._mine("interaction", "assigned_agent_id")
            if r.get("status") in _OPEN_WORK
        ]
        return _by_due([*tickets, *follow_ups, *work])

    def contacts_by_id(self, ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
        """The interaction records behind a point of the graph, in the point's order."""
        found = (self._store.record("interaction", i) for i in ids)
        return [r for r in found if r is not None]


def _by_due(items: list[Unresolved]) -> list[Unresolved]:
    """Soonest due first; items without a due time last."""
    return sorted(items, key=lambda u: (u.due_at is None, u.due_at or _EPOCH, u.title))
