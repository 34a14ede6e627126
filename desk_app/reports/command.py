"""What ``desk report`` asks the server: the named agent's day, made into a :class:`DayReport`."""

import uuid
from datetime import date, datetime

from desk_app.client.api import DeskApi
from desk_app.domain.day_report import DayReport
from desk_app.reports.from_day_data import report_from_day_data


class UnknownUser(LookupError):
    """No active staff member has that user name."""


def fetch_report(api: DeskApi, username: str, day: date, tz: str, now: datetime) -> DayReport:
    """The day of ``username`` as the signed-in account may read it (the server checks who)."""
    found = next((u for u in api.users_directory() if u.get("username") == username), None)
    if found is None:
        raise UnknownUser(f"no user named {username!r}")
    return report_from_day_data(api.report_day(day, tz, user_id=uuid.UUID(str(found["id"]))), now)
