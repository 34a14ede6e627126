"""Reading the server's JSON records (as cached) into Python values the widgets compute with."""

from datetime import UTC, datetime


def parse_time(value: str | datetime | None) -> datetime | None:
    """An aware UTC datetime from ISO 8601 text (``Z`` or an offset); naive times are UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
