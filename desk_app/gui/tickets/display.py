"""How the desk words a ticket's status, priority, department and SLA clocks (read once, here).

The clocks come from the domain's :func:`time_to_breach`: what is left
before a due time, negative once breached, frozen while the ticket waits on
the customer. A clock is "at risk" once less than a quarter of its window
(from the ticket's creation to the due time) is left, as in the queue.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from desk_app.domain.enums import Department, Priority, TicketStatus
from desk_app.domain.tickets import time_to_breach
from desk_app.gui.queue.item import AMBER_FRACTION, SlaState
from desk_app.gui.queue.model import SLA_COLOURS
from desk_app.gui.records import parse_time

_CONTEXT = "Tickets"
NEW_NUMBER = "new"  # a ticket made on this desk, until the server numbers it


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def status_name(value: Any) -> str:
    names = {
        TicketStatus.NEW: _tr("New"),
        TicketStatus.OPEN: _tr("Open"),
        TicketStatus.PENDING_CUSTOMER: _tr("Pending customer"),
        TicketStatus.PENDING_INTERNAL: _tr("Pending internal"),
        TicketStatus.RESOLVED: _tr("Resolved"),
        TicketStatus.CLOSED: _tr("Closed"),
    }
    return _named(names, TicketStatus, value)


def priority_name(value: Any) -> str:
    names = {
        Priority.LOW: _tr("Low"),
        Priority.NORMAL: _tr("Normal"),
        Priority.HIGH: _tr("High"),
        Priority.URGENT: _tr("Urgent"),
    }
    return _named(names, Priority, value)


def department_name(value: Any) -> str:
    names = {
        Department.TECHNICAL_SUPPORT: _tr("Technical support"),
        Department.LOGISTICS: _tr("Logistics"),
        Department.BILLING: _tr("Billing"),
        Department.MARKETING: _tr("Marketing"),
    }
    return _named(names, Department, value)


def category_name(value: Any) -> str:
    return str(value or "").replace("_", " ").capitalize()


def _named(names: dict[Any, str], kind: Any, value: Any) -> str:
    try:
        return names[kind(value)]
    except ValueError:
        return str(value or "").replace("_", " ").capitalize()


def department_tier(record: dict[str, Any]) -> str:
    """``Billing · tier 2``."""
    tier = int(record.get("tier") or 1)
    return _tr("{department} · tier {tier}").format(
        department=department_name(record.get("department")), tier=tier
    )


def number_of(record: dict[str, Any]) -> str:
    return str(record.get("number") or NEW_NUMBER)


def span_text(left: timedelta) -> str:
    """``2d 4h``, ``3h 12m``, ``12m``: how long, to the minute, without the sign."""
    minutes = int(abs(left.total_seconds()) // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m"


@dataclass(frozen=True)
class Clock:
    """One SLA clock of a ticket at a moment: what is left, and how it stands."""

    left: timedelta | None  # None: met, or no target
    state: SlaState

    @property
    def seconds(self) -> float | None:
        return None if self.left is None else self.left.total_seconds()

    def text(self) -> str:
        if self.left is None:
            return ""
        if self.state == SlaState.PAUSED:
            return _tr("{left} (paused)").format(left=span_text(self.left))
        if self.left.total_seconds() < 0:
            return _tr("breached {ago} ago").format(ago=span_text(self.left))
        return span_text(self.left)

    def colour(self) -> QColor | None:
        return SLA_COLOURS.get(self.state)


def clock(due_at: Any, done_at: Any, record: dict[str, Any], now: datetime) -> Clock:
    """The clock running to ``due_at`` unless ``done_at`` met it."""
    due = parse_time(due_at)
    if due is None or done_at:
        return Clock(None, SlaState.NONE)
    paused_at = parse_time(record.get("sla_paused_at"))
    left = time_to_breach(due, now, paused_at)
    assert left is not None
    if paused_at is not None:
        return Clock(left, SlaState.PAUSED)
    if left.total_seconds() < 0:
        return Clock(left, SlaState.BREACHED)
    created = parse_time(record.get("created_at"))
    window = (due - created) if created is not None else None
    if window is not None and left < window * AMBER_FRACTION:
        return Clock(left, SlaState.AMBER)
    return Clock(left, SlaState.OK)


def first_response(record: dict[str, Any], now: datetime) -> Clock:
    return clock(record.get("first_response_due_at"), record.get("first_responded_at"), record, now)


def resolution(record: dict[str, Any], now: datetime) -> Clock:
    return clock(record.get("resolution_due_at"), record.get("resolved_at"), record, now)


def next_breach(record: dict[str, Any], now: datetime) -> Clock:
    """The clock that runs out first (the list's "time to breach" column)."""
    running = [
        c for c in (first_response(record, now), resolution(record, now)) if c.left is not None
    ]
    if not running:
        return Clock(None, SlaState.NONE)
    return min(running, key=lambda c: c.seconds or 0.0)


def sentence(reason: object) -> str:
    """A domain refusal (``a closed ticket cannot …``) as a sentence for the rep."""
    text = str(reason).strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
