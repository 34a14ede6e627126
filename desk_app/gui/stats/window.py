"""The "My stats" window: pick a metric and a range; the graph, hover, click, export.

The window computes nothing itself: the rep's points come from
:func:`data.measure` (``domain.kpi`` over the local store) on a pool thread,
the team's from :class:`TeamAverages`. Record changes that could move a
figure redraw it, at most once per :data:`REFRESH_MS`.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from pathlib import Path

import pyqtgraph.exporters
from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.my_day import MyDay
from desk_app.client.store import RecordChange
from desk_app.domain.kpi import Metric, Window
from desk_app.gui.background import run_in_background
from desk_app.gui.stats.data import Figures, Range, measure, windows_of
from desk_app.gui.stats.graph import Plotted, StatsGraph
from desk_app.gui.stats.interactions import PointInteractions
from desk_app.gui.stats.metrics import view_of
from desk_app.gui.stats.team import TeamAverages, TeamLine

REFRESH_MS = 2_000
# The records a KPI is computed from: a change to any other entity moves no figure.
WATCHED = frozenset({"interaction", "agent_state", "shift", "goal"})
EXPORT_WIDTH = 1200


class StatsWindow(QWidget):
    """One rep's graph; ``openInteraction`` when they pick an interaction behind a point."""

    openInteraction = Signal(uuid.UUID)
    measured = Signal()  # the graph shows newly measured figures (for tests and screenshots)

    def __init__(
        self,
        my_day: MyDay,
        team: TeamAverages,
        *,
        clock: Callable[[], datetime],
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("statsWindow")
        self.setWindowTitle(self.tr("My stats"))
        self.setAccessibleName(self.tr("My stats"))
        self._my_day = my_day
        self._team = team
        self._clock = clock
        self._zone = zone
        self.figures: Figures | None = None
        self._team_line: TeamLine | None = None
        self._generation = 0
        self._stale = False
        self._measuring = False
        self.interactions: PointInteractions | None = None
        # choosers
        self.metric_box = QComboBox(objectName="statsMetric")
        self.metric_box.setAccessibleName(self.tr("Metric"))
        for metric in Metric:
            self.metric_box.addItem(view_of(metric).label, metric.value)
        self.range_box = QComboBox(objectName="statsRange")
        self.range_box.setAccessibleName(self.tr("Range"))
        self.range_box.addItem(self.tr("Today by hour"), Range.TODAY.value)
        self.range_box.addItem(self.tr("Last 30 days by day"), Range.MONTH.value)
        metric_label = QLabel(self.tr("&Metric:"))
        metric_label.setBuddy(self.metric_box)
        range_label = QLabel(self.tr("&Range:"))
        range_label.setBuddy(self.range_box)
        self.export_button = QPushButton(self.tr("&Export as PNG…"), objectName="statsExport")
        self.export_button.setAccessibleName(self.tr("Export the graph as a PNG image"))
        choosers = QHBoxLayout()
        for widget in (metric_label, self.metric_box, range_label, self.range_box):
            choosers.addWidget(widget)
        choosers.addStretch(1)
        choosers.addWidget(self.export_button)
        # the graph and what it says in words
        self.graph = StatsGraph(self)
        self.graph.setAccessibleName(self.tr("Graph of the chosen metric"))
        self.graph.setAccessibleDescription(
            self.tr("Left and right arrows move between points; Enter lists the interactions.")
        )
        self.readout = QLabel(objectName="statsReadout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAccessibleName(self.tr("The highlighted point"))
        self.team_note = QLabel(objectName="statsTeamNote")
        self.status = QLabel(objectName="statsStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(choosers)
        layout.addWidget(self.graph, 1)
        layout.addWidget(self.readout)
        bottom = QHBoxLayout()
        bottom.addWidget(self.team_note, 1)
        bottom.addWidget(self.status)
        layout.addLayout(bottom)
        self.setTabOrder(self.metric_box, self.range_box)
        self.setTabOrder(self.range_box, self.export_button)
        self.setTabOrder(self.export_button, self.graph)
        self.resize(900, 520)
        # behaviour
        self._throttle = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._throttle.timeout.connect(self._records_settled)
        self.metric_box.currentIndexChanged.connect(self._redraw)
        self.range_box.currentIndexChanged.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_export)
        self.graph.highlightChanged.connect(self._say_point)
        self.graph.pointActivated.connect(self.open_point)
        team.lineReady.connect(self._team_line_ready)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.activated.connect(self.refresh)

    # --- what is shown -------------------------------------------------------------

    @property
    def chosen_metric(self) -> Metric:
        return Metric(self.metric_box.currentData())

    @property
    def shown_range(self) -> Range:
        return Range(self.range_box.currentData())

    def show_metric(self, metric: Metric) -> None:
        self.metric_box.setCurrentIndex(self.metric_box.findData(metric.value))

    def show_range(self, shown: Range | str) -> None:
        """Show ``shown`` (``"today"`` or ``"30d"``), measuring it again."""
        index = self.range_box.findData(Range(shown).value)
        if index == self.range_box.currentIndex():
            self.refresh()
        else:
            self.range_box.setCurrentIndex(index)  # which refreshes

    def is_current(self) -> bool:
        """Whether the graph shows the latest measure of the chosen range."""
        figures = self.figures
        return figures is not None and figures.shown is self.shown_range and not self._measuring

    def refresh(self) -> None:
        """Measure the chosen range again off the UI thread, and ask for the team's average."""
        self._generation += 1
        generation, shown, now = self._generation, self.shown_range, self._clock()
        my_day, zone = self._my_day, self._zone
        self._measuring = True
        self.status.setText(self.tr("Measuring…"))
        run_in_background(
            lambda: measure(my_day, shown, now, zone),
            lambda figures, error: self._measured(generation, figures, error),
        )
        windows = windows_of(shown, now.astimezone(zone).date(), zone)
        self._team.ask(windows, shown.bucket, self._first_day(windows), zone)

    def _first_day(self, windows: list[Window]) -> str:
        return windows[0].start.astimezone(self._zone).date().isoformat()

    def _measured(self, generation: int, figures: Figures | None, error: Exception | None) -> None:
        if generation != self._generation:
            return  # a newer measure is on its way
        self._measuring = False
        if error is not None or figures is None:
            self.status.setText(self.tr("The figures could not be measured: {e}").format(e=error))
            return
        self.status.setText("")
        self.figures = figures
        self._redraw()
        self.measured.emit()

    def _team_line_ready(self, bucket: str, first_day: str, line: TeamLine | None) -> None:
        windows = windows_of(
            self.shown_range, self._clock().astimezone(self._zone).date(), self._zone
        )
        if bucket == self.shown_range.bucket and first_day == self._first_day(windows):
            self._team_line = line
            self._redraw()

    def team_name(self) -> str:
        """The legend's name of the team line: since when it is known, or that it is not."""
        line = self._team_line
        if line is None:
            return self.tr("Team average not available")
        when = line.fetched_at.astimezone(self._zone).strftime("%H:%M")
        return self.tr("Team average as of {time}").format(time=when)

    def _team_values(self, figures: Figures) -> list[float | None] | None:
        line = self._team_line
        return None if line is None else line.over(figures.windows, self.chosen_metric)

    def _redraw(self) -> None:
        figures = self.figures
        if figures is None or figures.shown is not self.shown_range:
            return
        metric, view = self.chosen_metric, view_of(self.chosen_metric)
        team = self._team_values(figures)
        self.graph.draw(
            Plotted(
                title=f"{view.label} — {self.range_box.currentText()}",
                labels=[self._tick(w) for w in figures.windows],
                rep=[view.plotted(p.values[metric]) for p in figures.points],
                goal=figures.goals[metric] * view.scale,
                team=None if team is None else [view.plotted(v) for v in team],
                rep_name=self.tr("Me"),
                goal_name=self.tr("Goal {value}").format(value=view.text(figures.goals[metric])),
                team_name=self.team_name(),
                unit=view.unit,
            )
        )
        self.team_note.setText(self.team_name())
        if self.graph.highlighted is not None:
            self._say_point(self.graph.highlighted)
        else:
            self.readout.setText(
                self.tr("Hover a point, or Tab to the graph and use the arrow keys.")
            )

    # --- one point ------------------------------------------------------------------

    def _tick(self, window: Window) -> str:
        start = window.start.astimezone(self._zone)
        if self.figures is not None and self.figures.shown is Range.TODAY:
            return start.strftime("%H:%M")
        return QLocale().toString(QDate(start.year, start.month, start.day), "d MMM")

    def _when(self, window: Window) -> str:
        start, end = window.start.astimezone(self._zone), window.end.astimezone(self._zone)
        if self.figures is not None and self.figures.shown is Range.TODAY:
            return f"{start:%H:%M}–{end:%H:%M}"
        return QLocale().toString(QDate(start.year, start.month, start.day), "ddd d MMM yyyy")

    def hover_text(self, index: int) -> str:
        """What hovering point ``index`` says: when, the value, the goal, the team's average."""
        figures = self.figures
        assert figures is not None
        metric, view = self.chosen_metric, view_of(self.chosen_metric)
        point = figures.points[index]
        team = self._team_values(figures)
        team_text = self.tr("not available") if team is None else view.text(team[index])
        return "\n".join(
            (
                self._when(point.window),
                self.tr("{metric}: {value}").format(
                    metric=view.label, value=view.text(point.values[metric])
                ),
                self.tr("Goal: {value}").format(value=view.text(figures.goals[metric])),
                self.tr("Team average: {value}").format(value=team_text),
            )
        )

    def _say_point(self, index: int) -> None:
        if self.figures is None:
            return
        text = self.hover_text(index)
        self.readout.setText(text.replace("\n", "  ·  "))
        self.graph.setToolTip(text)

    def open_point(self, index: int) -> None:
        """List the interactions handled in point ``index``'s window."""
        figures = self.figures
        if figures is None:
            return
        point = figures.points[index]
        records = self._my_day.contacts_by_id(point.contact_ids)
        when = self._when(point.window)
        if not records:
            self.status.setText(
                self.tr("No interactions were handled in {when}.").format(when=when)
            )
            return
        if self.interactions is not None:
            self.interactions.close()
        self.interactions = PointInteractions(when, records, self._zone, self)
        self.interactions.openInteraction.connect(self.openInteraction)
        self.interactions.open()

    # --- export ---------------------------------------------------------------------

    def export_png(self, path: Path) -> None:
        """Write the graph (with its legend) as a PNG image at ``path``."""
        exporter = pyqtgraph.exporters.ImageExporter(self.graph.getPlotItem())
        exporter.parameters()["width"] = EXPORT_WIDTH
        exporter.export(str(path))

    def choose_export(self) -> None:
        figures = self.figures
        day = figures.day.isoformat() if figures else ""
        suggested = f"stats-{self.chosen_metric.value}-{self.shown_range.value}-{day}.png"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the graph"), suggested, self.tr("PNG images (*.png)")
        )
        if not path:
            return
        try:
            self.export_png(Path(path))
        except OSError as exc:
            self.status.setText(self.tr("The image could not be saved: {e}").format(e=exc))
            return
        self.status.setText(self.tr("Saved to {path}").format(path=path))

    # --- keeping up with the records ------------------------------------------------

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        """Measure again (at most every :data:`REFRESH_MS`) when a figure could have moved."""
        if any(c.entity in WATCHED for c in changes) and not self._throttle.isActive():
            self._throttle.start()

    def _records_settled(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self.figures is None:
            self._stale = False
            self.refresh()
