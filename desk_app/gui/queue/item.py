"""One queue row's facts, read once from a cached interaction record (no Qt).

Records arrive as the server's ``InteractionRead`` JSON (ids and times as
strings). Parsing them on every paint would cost more than painting, so each
record is read once, on arrival, into a :class:`QueueItem` that keeps the
parsed values and the record itself; only the parts that move with the clock
(waiting time, SLA countdown) are computed when asked, from a given ``now``.
"""

import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from desk_app.domain.enums import Channel, InteractionStatus, Priority
from desk_app.gui.records import parse_time

LEAVES_QUEUE = frozenset({InteractionStatus.DONE, InteractionStatus.ABANDONED})
PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}
# Plain dict look-ups: calling an Enum class costs a Python frame, 30,000 times a load.
_CHANNELS = {member.value: member for member in Channel}
_STATUSES = {member.value: member for member in InteractionStatus}
_PRIORITIES = {member.value: member for member in Priority}
AMBER_FRACTION = 0.25  # amber once less than this share of the SLA window is left


class SlaState(StrEnum):
    NONE = "none"  # no SLA on this interaction
    OK = "ok"
    AMBER = "amber"  # under a quarter of the window left
    BREACHED = "breached"
    PAUSED = "paused"  # the clock is stopped (e.g. pending customer)


def _uuid(value: str | uuid.UUID | None) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(value)


def clock_text(seconds: int) -> str:
    """``83`` → ``"1:23"``, ``3723`` → ``"1:02:03"``, ``-15`` → ``"-0:15"``."""
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def _millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@dataclass(slots=True)
class QueueItem:
    """A record and what the queue reads from it, parsed once.

    ``breach_key`` is the "time to breach" order as one string that sorts
    correctly as text, so sorting and binary search compare it in C:
    running SLAs by due time, then paused ones (they cannot breach while
    paused), then those without an SLA; within a due time the higher
    priority, then the longer wait, first.
    """

    record: dict[str, Any]
    id: uuid.UUID
    number: int  # ``id.int``: hashed in C, unlike ``uuid.UUID``, so the indexes key on it
    channel: Channel
    status: InteractionStatus
    priority: Priority
    subject: str
    assigned_agent_id: uuid.UUID | None
    queued_at: datetime
    sla_due_at: datetime | None
    sla_paused_at: datetime | None
    answered: bool
    breach_key: str

    @classmethod
    def of(cls, record: dict[str, Any]) -> "QueueItem":
        priority = _PRIORITIES[record.get("priority") or Priority.NORMAL]
        queued_at = parse_time(record.get("queued_at"))
        if queued_at is None:
            raise ValueError(f"interaction {record.get('id')} has no queued_at")
        due = parse_time(record.get("sla_due_at"))
        paused = parse_time(record.get("sla_paused_at"))
        group = 2 if due is None else 1 if paused is not None else 0
        due_ms = _millis(due) if due is not None else 0
        breach_key = f"{group}{due_ms:015d}{3 - PRIORITY_RANK[priority]}{_millis(queued_at):015d}"
        interaction_id = _uuid(record["id"])
        if interaction_id is None:
            raise ValueError("an interaction record without an id")
        return cls(
            record=record,
            id=interaction_id,
            number=interaction_id.int,
            channel=_CHANNELS[record["channel"]],
            status=_STATUSES[record["status"]],
            priority=priority,
            subject=record.get("subject") or "",
            assigned_agent_id=_uuid(record.get("assigned_agent_id")),
            queued_at=queued_at,
            sla_due_at=due,
            sla_paused_at=paused,
            answered=record.get("answered_at") is not None,
            breach_key=breach_key,
        )

    @property
    def customer_id(self) -> uuid.UUID | None:
        """Read when the customer column is first shown, not for every record loaded."""
        return _uuid(self.record.get("customer_id"))

    @property
    def leaves_queue(self) -> bool:
        return self.status in LEAVES_QUEUE

    @property
    def running_due(self) -> datetime | None:
        """The due time of an SLA that can still breach before anyone answers, else ``None``."""
        if self.answered or self.sla_paused_at is not None:
            return None
        return self.sla_due_at

    def waiting_seconds(self, now: datetime) -> int:
        return max(0, math.floor((now - self.queued_at).total_seconds()))

    def sla_seconds_left(self, now: datetime) -> int | None:
        """Whole seconds to the due time (negative once breached); ``None`` without an SLA."""
        if self.sla_due_at is None:
            return None
        return math.floor((self.sla_due_at - now).total_seconds())

    def sla_state(self, now: datetime) -> SlaState:
        if self.sla_due_at is None:
            return SlaState.NONE
        if self.sla_paused_at is not None:
            return SlaState.PAUSED
        left = (self.sla_due_at - now).total_seconds()
        if left < 0:
            return SlaState.BREACHED
        window = (self.sla_due_at - self.queued_at).total_seconds()
        return SlaState.AMBER if left < AMBER_FRACTION * window else SlaState.OK
