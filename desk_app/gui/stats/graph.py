"""The plot itself: the rep's line, the goal dashed across, the team's faint line.

Points are addressed by index (one per window). Hovering or the arrow keys
highlight one (``highlightChanged``); a click on it or Enter asks for the
interactions behind it (``pointActivated``). A value of ``None`` is a gap in
the line, never a zero: "nothing to measure" must not read as "did badly".
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

REP_COLOUR = "#1f5fa8"
GOAL_COLOUR = "#2e8540"
TEAM_COLOUR = (110, 110, 110, 120)  # faint: the rep's own line is the point of the graph
HIGHLIGHT_COLOUR = "#d9822b"
MOUSE_RATE = 30  # hover updates a second at most
TICKS_SHOWN = 8  # about this many labelled ticks along the bottom
RIGHT_MARGIN = 24  # pixels beside the plot for half of the last label
HEADROOM = 1.3  # the top of the axis over the highest value: room for the legend

_MOVES = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_PageUp: -5,
    Qt.Key.Key_PageDown: 5,
}
_ACTIVATE = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space})


def _array(values: Sequence[float | None]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], dtype=float)


def _top(plotted: "Plotted") -> float:
    """From zero (so a point's height reads as the figure, not as its distance from the
    lowest one) to a little over the highest value, leaving the legend room above the lines."""
    shown = [v for v in [*plotted.rep, *(plotted.team or []), plotted.goal] if v is not None]
    return max(shown, default=0.0) * HEADROOM or 1.0


@dataclass(frozen=True)
class Plotted:
    """What one drawing shows (values already in the axis's unit)."""

    title: str  # the metric and the range: an exported image says what it shows
    labels: list[str]  # one per point, for the bottom axis
    rep: list[float | None]
    goal: float
    team: list[float | None] | None  # None: no team average to show
    rep_name: str
    goal_name: str
    team_name: str
    unit: str


class StatsGraph(pg.PlotWidget):
    """A line graph of one metric, one point per window."""

    highlightChanged = Signal(int)
    pointActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("statsGraph")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(y=True, alpha=0.25)
        for side in ("left", "bottom"):
            item.getAxis(side).setTextPen("#333333")
            item.getAxis(side).setPen("#888888")
        item.getAxis("bottom").setStyle(hideOverlappingLabels=False)  # today's label at the end
        item.setContentsMargins(0, 0, RIGHT_MARGIN, 0)  # ...in full
        self.legend = item.addLegend(offset=(10, 5), labelTextColor="#333333")
        self.team_curve = pg.PlotDataItem(pen=pg.mkPen(TEAM_COLOUR, width=2), connect="finite")
        self.goal_curve = pg.PlotDataItem(
            pen=pg.mkPen(GOAL_COLOUR, width=2, style=Qt.PenStyle.DashLine)
        )
        self.rep_curve = pg.PlotDataItem(
            pen=pg.mkPen(REP_COLOUR, width=2.5),
            symbol="o",
            symbolSize=7,
            symbolPen=REP_COLOUR,
            symbolBrush=REP_COLOUR,
            connect="finite",
        )
        self.marker = pg.ScatterPlotItem(
            size=15, pen=pg.mkPen(HIGHLIGHT_COLOUR, width=2.5), brush=None
        )
        for curve in (self.team_curve, self.goal_curve, self.rep_curve, self.marker):
            item.addItem(curve)
        self._plotted: Plotted | None = None
        self.highlighted: int | None = None
        self._hover = pg.SignalProxy(
            self.scene().sigMouseMoved, rateLimit=MOUSE_RATE, slot=self._mouse_moved
        )
        self.scene().sigMouseClicked.connect(self._mouse_clicked)

    # --- drawing --------------------------------------------------------------------

    def draw(self, plotted: Plotted) -> None:
        self._plotted = plotted
        count = len(plotted.labels)
        xs = np.arange(count, dtype=float)
        self.rep_curve.setData(xs, _array(plotted.rep))
        self.goal_curve.setData([-0.5, count - 0.5], [plotted.goal, plotted.goal])
        if plotted.team is None:
            self.team_curve.setData([], [])
        else:
            self.team_curve.setData(xs, _array(plotted.team))
        self.legend.clear()
        self.legend.addItem(self.rep_curve, plotted.rep_name)
        self.legend.addItem(self.goal_curve, plotted.goal_name)
        self.legend.addItem(self.team_curve, plotted.team_name)
        item = self.getPlotItem()
        step = max(1, math.ceil(count / TICKS_SHOWN))
        ticks = [(float(i), plotted.labels[i]) for i in range(count - 1, -1, -step)]  # today's
        item.getAxis("bottom").setTicks([ticks, [(float(i), "") for i in range(count)]])
        item.setLabel("left", plotted.unit)
        item.setTitle(plotted.title, color="#333333")
        item.setXRange(-0.5, count - 0.5, padding=0)
        item.setYRange(0, _top(plotted), padding=0)
        if self.highlighted is not None and self.highlighted >= count:
            self.highlighted = None
        self._show_marker()

    def point_count(self) -> int:
        return 0 if self._plotted is None else len(self._plotted.labels)

    def rep_values(self) -> list[float | None]:
        """The rep's line as plotted (gaps as ``None``)."""
        _xs, ys = self.rep_curve.getData()
        return [] if ys is None else [None if math.isnan(y) else float(y) for y in ys]

    def team_values(self) -> list[float | None]:
        _xs, ys = self.team_curve.getData()
        return [] if ys is None else [None if math.isnan(y) else float(y) for y in ys]

    def legend_names(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

    # --- the highlighted point ------------------------------------------------------

    def highlight(self, index: int) -> None:
        """Mark point ``index`` (clamped to the points there are) and say so."""
        count = self.point_count()
        if count == 0:
            return
        index = min(max(index, 0), count - 1)
        self.highlighted = index
        self._show_marker()
        self.highlightChanged.emit(index)

    def _show_marker(self) -> None:
        if self._plotted is None or self.highlighted is None:
            self.marker.setData([], [])
            return
        value = self._plotted.rep[self.highlighted]
        if value is None:  # a gap: mark where it would be, on the goal line
            value = self._plotted.goal
        self.marker.setData([float(self.highlighted)], [value])

    def index_at(self, scene_pos: QPointF) -> int | None:
        """The point under a scene position (the nearest window), or None outside the plot."""
        view = self.getPlotItem().getViewBox()
        if self.point_count() == 0 or not view.sceneBoundingRect().contains(scene_pos):
            return None
        x = view.mapSceneToView(scene_pos).x()
        index = round(x)
        return index if 0 <= index < self.point_count() else None

    def _mouse_moved(self, event: tuple[QPointF]) -> None:
        index = self.index_at(event[0])
        if index is not None and index != self.highlighted:
            self.highlight(index)

    def _mouse_clicked(self, event: object) -> None:
        button = event.button()  # type: ignore[attr-defined]
        if button != Qt.MouseButton.LeftButton:
            return
        index = self.index_at(event.scenePos())  # type: ignore[attr-defined]
        if index is not None:
            self.highlight(index)
            self.pointActivated.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        count = self.point_count()
        if count and key in _MOVES:
            start = self.highlighted if self.highlighted is not None else -1
            self.highlight(start + _MOVES[key] if start >= 0 else 0)
        elif count and key is Qt.Key.Key_Home:
            self.highlight(0)
        elif count and key is Qt.Key.Key_End:
            self.highlight(count - 1)
        elif key in _ACTIVATE and self.highlighted is not None:
            self.pointActivated.emit(self.highlighted)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
