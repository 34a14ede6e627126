"""The supervisor's view of the team's submitted shift reports: newest day first.

:class:`TeamReportsView` is a widget over the ``shift_report`` records the
feed brings to a supervisor's desk (the team panel embeds it); the thin
:class:`TeamReportsDialog` shows it on its own from the Day menu. Each
report shows its figures against its goals (as submitted), the items the
rep left open and their reflection and notes.
"""

import html
from collections.abc import Iterable
from datetime import date, tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.kpi import Metric
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.records import parse_time
from desk_app.gui.report import figures

ENTITY = "shift_report"
ID_ROLE = Qt.ItemDataRole.UserRole
SPLIT = (400, 560)  # the list wide enough for all its columns; the report gets the rest


def _newest_first(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest day first; within a day, the latest submitted first."""
    return sorted(
        records,
        key=lambda r: (str(r.get("day") or ""), str(r.get("submitted_at") or "")),
        reverse=True,
    )


def _metric(name: str) -> Metric | None:
    try:
        return Metric(name)
    except ValueError:
        return None


class TeamReportsView(QWidget):
    """The list of reports (day, rep, open items) and the one chosen, in full."""

    def __init__(
        self, *, directory: UserDirectory, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._directory = directory
        self._zone = zone
        self._records: dict[str, dict[str, Any]] = {}
        self._items: list[QTreeWidgetItem] = []  # in the order listed
        # UI
        self.setAccessibleName(self.tr("Team shift reports"))
        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Submitted shift reports"))
        self.list.setHeaderLabels(
            [self.tr("Day"), self.tr("Rep"), self.tr("Left open"), self.tr("Reviewed")]
        )
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("The chosen shift report"))
        self.empty_label = QLabel(self.tr("No shift reports submitted yet."))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(list(SPLIT))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        # connections
        self.list.currentItemChanged.connect(lambda _item, _previous: self._show_current())
        directory.changed.connect(self._renamed)

    def report_ids(self) -> list[str]:
        """The reports in the order listed."""
        return [str(item.data(0, ID_ROLE)) for item in self._items]

    def load(self, records: Iterable[dict[str, Any]]) -> None:
        """Show these reports (the store's ``shift_report`` records), keeping the one chosen."""
        chosen = self.current_id()
        ordered = _newest_first(records)
        self._records = {str(r["id"]): r for r in ordered}
        self.list.clear()
        self._items = []
        for record in ordered:
            item = QTreeWidgetItem(self._row(record))
            item.setData(0, ID_ROLE, str(record["id"]))
            self._items.append(item)
        self.list.addTopLevelItems(self._items)
        self.empty_label.setVisible(not ordered)
        ids = self.report_ids()
        if ids:
            self.choose(chosen if chosen in ids else ids[0])
        else:
            self.detail.clear()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(0, ID_ROLE))

    def choose(self, report_id: str) -> None:
        self.list.setCurrentItem(self._items[self.report_ids().index(report_id)])

    def _name(self, record: dict[str, Any]) -> str:
        return self._directory.name_of(record.get("user_id")) or self.tr("(unknown rep)")

    def _row(self, record: dict[str, Any]) -> list[str]:
        unresolved = record.get("unresolved") or []
        reviewed = self.tr("yes") if record.get("reviewed_at") else self.tr("no")
        return [_day(record), self._name(record), str(len(unresolved)), reviewed]

    def _renamed(self) -> None:
        self.load(list(self._records.values()))

    def _show_current(self) -> None:
        record = self._records.get(self.current_id() or "")
        self.detail.setHtml("" if record is None else self.report_html(record))

    def report_html(self, record: dict[str, Any]) -> str:
        """One report in full, escaped (what reps type is shown as text, never as markup)."""
        esc = html.escape
        parts = [f"<h2>{esc(self._name(record))} · {esc(_day(record))}</h2>"]
        submitted = parse_time(record.get("submitted_at"))
        if submitted is not None:
            when = submitted.astimezone(self._zone).strftime("%a %d %b %H:%M")
            parts.append(f"<p>{esc(self.tr('Submitted {when}').format(when=when))}</p>")
        parts.append(self._figures_html(record))
        unresolved = record.get("unresolved") or []
        parts.append(
            f"<h3>{esc(self.tr('Left open ({count})').format(count=len(unresolved)))}</h3>"
        )
        if unresolved:
            parts.append("<ul>")
            for item in unresolved:
                parts.append(f"<li>{esc(self._unresolved_text(item))}</li>")
            parts.append("</ul>")
        else:
            parts.append(f"<p>{esc(self.tr('Nothing left open.'))}</p>")
        for title, field in (
            (self.tr("What went well"), "went_well"),
            (self.tr("What to improve"), "to_improve"),
            (self.tr("Notes for the supervisor"), "notes_for_supervisor"),
        ):
            text = str(record.get(field) or "").strip() or figures.NOTHING
            body = esc(text).replace("\n", "<br>")
            parts.append(f"<h3>{esc(title)}</h3><p>{body}</p>")
        return "\n".join(parts)

    def _figures_html(self, record: dict[str, Any]) -> str:
        esc = html.escape
        values, goals = record.get("figures") or {}, record.get("goals") or {}
        head = (self.tr("Measure"), self.tr("This day"), self.tr("Goal"), self.tr("Goal met?"))
        rows = ["<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"]
        for name in values:
            metric = _metric(name)
            if metric is None:
                continue
            value = _number(values.get(name))
            goal = _number(goals.get(name))
            cells = (
                figures.metric_name(metric),
                figures.shown(metric, value),
                figures.goal(metric, goal),
                figures.verdict(metric, value, goal),
            )
            rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
        return '<table cellpadding="4">' + "".join(rows) + "</table>"

    def _unresolved_text(self, item: dict[str, Any]) -> str:
        text = f"{figures.kind_name(str(item.get('kind')))} · {item.get('title') or ''}"
        due = parse_time(item.get("due_at"))
        if due is not None:
            when = due.astimezone(self._zone).strftime("%a %d %b %H:%M")
            text += " · " + self.tr("due {when}").format(when=when)
        return text


def _day(record: dict[str, Any]) -> str:
    raw = str(record.get("day") or "")
    try:
        return date.fromisoformat(raw).strftime("%a %d %b %Y")
    except ValueError:
        return raw


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


class TeamReportsDialog(QDialog):
    """Day ▸ Team shift reports…: the view on its own."""

    def __init__(
        self, *, directory: UserDirectory, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team shift reports"))
        self.view = TeamReportsView(directory=directory, zone=zone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(960, 620)
