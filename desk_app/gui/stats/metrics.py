"""How each KPI is named, scaled and written on the graph (the numbers come from domain.kpi).

The graph plots a share as a percentage and a handle time in minutes, so
the axis reads the way a rep talks about their figures; the raw KPI value is
only rescaled here, never recomputed.
"""

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desk_app.domain.kpi import Metric

_SHARES = frozenset({Metric.FCR, Metric.OCCUPANCY, Metric.ADHERENCE})


def _tr(text: str) -> str:
    return QCoreApplication.translate("Stats", text)


@dataclass(frozen=True)
class MetricView:
    """A metric as the graph shows it: its label, the axis unit and the factor to plot with."""

    metric: Metric
    label: str
    unit: str
    scale: float

    def plotted(self, value: float | None) -> float | None:
        return None if value is None else value * self.scale

    def text(self, value: float | None) -> str:
        """The value with its unit, as the rep reads it (``None``: nothing to measure)."""
        if value is None:
            return _tr("no data")
        if self.metric is Metric.AHT:
            minutes, seconds = divmod(round(value), 60)
            return _tr("{m}:{s:02d} min").format(m=minutes, s=seconds)
        if self.metric in _SHARES:
            return _tr("{v:.0f} %").format(v=value * 100)
        if self.metric is Metric.CSAT:
            return _tr("{v:.2f} / 5").format(v=value)
        return _tr("{v:.1f} an hour").format(v=value)


def view_of(metric: Metric) -> MetricView:
    """The label, unit and scale of ``metric`` (translated at call time)."""
    views = {
        Metric.HANDLED_PER_HOUR: MetricView(metric, _tr("Handled per hour"), _tr("contacts"), 1.0),
        Metric.AHT: MetricView(metric, _tr("Average handle time"), _tr("minutes"), 1 / 60),
        Metric.FCR: MetricView(metric, _tr("First-contact resolution"), "%", 100.0),
        Metric.CSAT: MetricView(metric, _tr("Customer satisfaction"), _tr("score 1–5"), 1.0),
        Metric.OCCUPANCY: MetricView(metric, _tr("Occupancy"), "%", 100.0),
        Metric.ADHERENCE: MetricView(metric, _tr("Adherence to schedule"), "%", 100.0),
    }
    return views[metric]
