"""Follow-ups: due, overdue, reminding once, and who a due callback goes to."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desk_app.domain.enums import AgentState, FollowUpKind
from desk_app.domain.followups import (
    OVERDUE_AFTER,
    Reminders,
    callback_goes_to_team,
    check_follow_up,
    due_now,
    next_due,
    overdue,
)

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def _follow_up(name: str, minutes: int, *, done: bool = False) -> dict[str, Any]:
    return {
        "id": name,
        "due_at": (NOW + timedelta(minutes=minutes)).isoformat(),
        "done_at": NOW.isoformat() if done else None,
    }


def test_due_now_lists_open_follow_ups_whose_time_has_come_oldest_first() -> None:
    records = [
        _follow_up("later", 10),
        _follow_up("just", 0),
        _follow_up("old", -90),
        _follow_up("done", -30, done=True),
    ]
    assert [r["id"] for r in due_now(records, NOW)] == ["old", "just"]
    assert [r["id"] for r in overdue(records, NOW)] == ["old"]
    assert next_due(records, NOW) == NOW + timedelta(minutes=10)
    assert next_due([_follow_up("done", 5, done=True)], NOW) is None


def test_a_follow_up_is_overdue_only_after_the_grace() -> None:
    edge = _follow_up("edge", -int(OVERDUE_AFTER.total_seconds() // 60))
    assert overdue([edge], NOW) == []
    assert overdue([edge], NOW + timedelta(seconds=1)) == [edge]


def test_each_follow_up_is_reminded_once_per_due_time() -> None:
    reminders = Reminders()
    records = [_follow_up("a", 5), _follow_up("b", -1)]
    assert [r["id"] for r in reminders.fire(records, NOW)] == ["b"]
    assert reminders.fire(records, NOW) == []
    assert [r["id"] for r in reminders.fire(records, NOW + timedelta(minutes=6))] == ["a"]
    snoozed = [_follow_up("b", 15)]  # moved later: reminded again when that comes
    assert reminders.fire(snoozed, NOW + timedelta(minutes=10)) == []
    assert [r["id"] for r in reminders.fire(snoozed, NOW + timedelta(minutes=16))] == ["b"]


@pytest.mark.parametrize(
    ("state", "to_team"),
    [
        (AgentState.READY, False),
        (AgentState.BUSY, False),
        (AgentState.NOT_READY, False),  # on a break: it waits for them
        (AgentState.AWAY, True),
        (AgentState.OFFLINE, True),
        (None, True),
    ],
)
def test_a_due_callback_goes_to_the_team_when_its_owner_is_away(
    state: AgentState | None, to_team: bool
) -> None:
    assert callback_goes_to_team(state) is to_team


def test_a_callback_needs_a_number_and_notes_stay_short() -> None:
    check_follow_up(FollowUpKind.REMINDER, None, "call the carrier")
    check_follow_up(FollowUpKind.CALLBACK, "+12025550143", "")
    with pytest.raises(ValueError, match="needs the number"):
        check_follow_up(FollowUpKind.CALLBACK, "  ", "")
    with pytest.raises(ValueError, match="under 2000"):
        check_follow_up(FollowUpKind.REMINDER, None, "x" * 2001)
