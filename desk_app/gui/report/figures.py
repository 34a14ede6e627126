"""The report's figures as the dialog and the supervisor's list write them.

Numbers are written by ``desk_app.reports.figures`` (so "82%" on screen is
"82%" in the PDF) and metrics named as the stats graph names them; what is
said in words here (met or missed, the kind of an open item) goes through
Qt's translations.
"""

from PySide6.QtCore import QCoreApplication

from desk_app.domain.kpi import Metric, meets
from desk_app.gui.stats.metrics import view_of
from desk_app.reports import figures

NOTHING = figures.NOTHING


def _tr(text: str) -> str:
    return QCoreApplication.translate("ShiftReport", text)


def metric_name(metric: Metric) -> str:
    return view_of(metric).label


def shown(metric: Metric, value: float | None) -> str:
    """AHT as m:ss, shares as %, the rest to one decimal; "—" when nothing was measured."""
    return figures.value(metric, value)


def goal(metric: Metric, target: float | None) -> str:
    """The goal with the side that meets it (``≤ 6:00``, ``≥ 80%``)."""
    return figures.goal(metric, target)


def verdict(metric: Metric, value: float | None, target: float | None) -> str:
    """Met or missed in words: the table never relies on colour alone."""
    if value is None or target is None:
        return _tr("no data")
    return _tr("met") if meets(metric, value, target) else _tr("missed")


def kind_name(kind: str) -> str:
    """An unresolved item's kind as the supervisor reads it."""
    names = {
        "ticket": _tr("Ticket"),
        "follow_up": _tr("Follow-up"),
        "interaction": _tr("Interaction"),
    }
    return names.get(kind, kind)
