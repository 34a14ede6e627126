"""The report's numbers as people read them: AHT as m:ss, shares as %, "—" for nothing.

Both files and any screen showing a report use these, so "82%" on the desk
is "82%" in the PDF.
"""

from datetime import datetime, tzinfo

from desk_app.domain.enums import AgentState
from desk_app.domain.kpi import Metric, meets

NOTHING = "—"

LABELS: dict[Metric, str] = {
    Metric.HANDLED_PER_HOUR: "Handled per hour",
    Metric.AHT: "Average handle time",
    Metric.FCR: "First-contact resolution",
    Metric.CSAT: "Customer satisfaction",
    Metric.OCCUPANCY: "Occupancy",
    Metric.ADHERENCE: "Adherence",
}

STATE_LABELS: dict[AgentState, str] = {
    AgentState.READY: "Ready",
    AgentState.BUSY: "Busy",
    AgentState.WRAP_UP: "Wrap-up",
    AgentState.NOT_READY: "Not ready",
    AgentState.AWAY: "Away",
    AgentState.OFFLINE: "Offline",
}

_SHARES = frozenset({Metric.FCR, Metric.OCCUPANCY, Metric.ADHERENCE})


def minutes(seconds: float) -> str:
    """``m:ss`` (``75:04`` past the hour: a handle time is read in minutes)."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def duration(seconds: float) -> str:
    """``h:mm:ss`` for time spent in a state."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def value(metric: Metric, figure: float | None) -> str:
    """One KPI value for people."""
    if figure is None:
        return NOTHING
    if metric is Metric.AHT:
        return minutes(figure)
    if metric in _SHARES:
        return f"{figure * 100:.0f}%"
    return f"{figure:.1f}"


def goal(metric: Metric, target: float | None) -> str:
    """A goal with the side that meets it: ``≤ 6:00``, ``≥ 80%``."""
    if target is None:
        return NOTHING
    return f"{'≤' if metric is Metric.AHT else '≥'} {value(metric, target)}"


def verdict(metric: Metric, figure: float | None, target: float | None) -> str:
    """``met`` or ``missed`` in words (the PDF may be printed in black and white)."""
    if figure is None or target is None:
        return "no data"
    return "met" if meets(metric, figure, target) else "missed"


def state(agent_state: AgentState, reason: str | None) -> str:
    """``Not ready: lunch``; other states by their name."""
    label = STATE_LABELS[agent_state]
    return f"{label}: {reason.replace('_', ' ')}" if reason else label


def moment(at: datetime | None, zone: tzinfo) -> str:
    """A time in the report's zone, ``2026-11-24 17:30``."""
    return NOTHING if at is None else at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def zone_name(zone: tzinfo) -> str:
    """``Europe/Berlin`` for a ZoneInfo; the zone's own name otherwise."""
    return str(getattr(zone, "key", None) or zone)
