"""Signing the day off: the ``shift_report.submit`` op and the record shown before it is sent.

The report's id is ``report_id(user, day)``, the server's too, so a report
submitted offline and submitted again later is one report: the op waits in
the outbox (the latest submit replacing an unsent earlier one) and the
local record shows at once, on the rep's desk and, once sent, on the
supervisor's.
"""

from datetime import datetime
from typing import Any

from desk_app.client.session import Profile
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.day_report import DayReport, Reflection, Unresolved

KIND = "shift_report.submit"
ENTITY = "shift_report"
TITLE_MAX = 300  # the server's limit on an open item's title (UnresolvedItem)
REFLECTION_MAX = 5_000  # and on each reflection box


def _item(item: Unresolved) -> dict[str, str | None]:
    """An open item as the server takes it: a long note or subject cut to the title's limit."""
    shown = item.to_json()
    title = str(shown["title"])
    if len(title) > TITLE_MAX:
        shown["title"] = title[: TITLE_MAX - 1] + "…"
    return shown


def payload(report: DayReport, reflection: Reflection, signed_off_at: datetime) -> dict[str, Any]:
    """``ShiftReportSubmit`` as JSON: the day's figures, goals, open items and reflection."""
    return {
        "id": str(report.id),
        "day": report.day.isoformat(),
        "figures": {metric.value: value for metric, value in report.day_figures.values.items()},
        "goals": {metric.value: target for metric, target in report.goals.items()},
        "unresolved": [_item(item) for item in report.unresolved],
        "went_well": reflection.went_well,
        "to_improve": reflection.to_improve,
        "notes_for_supervisor": reflection.notes_for_supervisor,
        "signed_off_at": signed_off_at.isoformat(),
    }


def submit(
    store: LocalStore,
    profile: Profile,
    report: DayReport,
    reflection: Reflection,
    now: datetime,
) -> RecordChange:
    """Queue the op with its local record (``ShiftReportRead``'s fields); the change to show."""
    sent = payload(report, reflection, now)
    shown = {
        **sent,
        "user_id": str(profile.user_id),
        "team_id": None if profile.team_id is None else str(profile.team_id),
        "submitted_at": now.isoformat(),
        "reviewed_at": None,
        "reviewed_by_id": None,
    }
    store.record_op(KIND, sent, local=LocalChange(ENTITY, report.id, shown), latest_only=True)
    return RecordChange(ENTITY, report.id, "changed")
