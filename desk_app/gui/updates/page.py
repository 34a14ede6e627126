"""The "Updates" page of the left column: announcements newest first, the one chosen below.

Each row says the kind, the title, when it was published and whether it
must be read; unread rows are bold. Choosing a row shows its body and, for
a must-read not yet acknowledged, the Acknowledge button.
"""

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.enums import UpdateKind
from desk_app.gui.records import parse_time

Row = tuple[dict[str, Any], bool, bool]  # (update record, acknowledged, unread)
ID_ROLE = Qt.ItemDataRole.UserRole


def published(update: dict[str, Any]) -> str:
    """When it was published, in the desk's local time."""
    moment = parse_time(update.get("published_at"))
    return "" if moment is None else moment.astimezone().strftime("%a %d %b %H:%M")


class UpdatesPage(QWidget):
    """Signals ``opened(record)`` (a row chosen: it has been read) and
    ``acknowledgeRequested(record)``."""

    opened = Signal(dict)
    acknowledgeRequested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("updatesPage")
        self.kinds = {
            UpdateKind.GUIDELINE.value: self.tr("Guideline"),
            UpdateKind.PRODUCT.value: self.tr("Product"),
            UpdateKind.PROMOTION.value: self.tr("Promotion"),
            UpdateKind.OUTAGE.value: self.tr("Outage"),
        }
        # UI
        self.list = QListWidget(objectName="updatesList")
        self.list.setAccessibleName(self.tr("Updates, newest first"))
        self.list.setWordWrap(True)
        self.empty = QLabel(self.tr("No updates."), objectName="updatesEmpty")
        self.heading = QLabel(objectName="updateHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QPlainTextEdit(objectName="updateBody")
        self.body.setReadOnly(True)
        self.body.setAccessibleName(self.tr("The update's text"))
        self.acknowledge_button = QPushButton(
            self.tr("&Acknowledge"), objectName="acknowledgeUpdate"
        )
        self.acknowledge_button.setAccessibleName(self.tr("Acknowledge this update"))
        self.acknowledge_button.setVisible(False)
        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.body, self.acknowledge_button):
            reading_layout.addWidget(widget)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(reading)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        # models
        self._rows: dict[str, Row] = {}
        # connections
        self.list.currentItemChanged.connect(lambda _now, _before: self._show_current())
        self.acknowledge_button.clicked.connect(self._acknowledge)

    def describe(self, update: dict[str, Any], *, must_read: bool) -> str:
        """Kind · title · published (· must read): a row's text and a notification's."""
        parts = [self.kinds.get(str(update.get("kind")), str(update.get("kind") or ""))]
        parts += [str(update.get("title") or ""), published(update)]
        if must_read:
            parts.append(self.tr("must read"))
        return " · ".join(part for part in parts if part)

    def show_updates(self, rows: list[Row]) -> None:
        """Show exactly these rows, in this order; the chosen one stays chosen."""
        current = self.current_id()
        self._rows = {str(record["id"]): (record, acked, unread) for record, acked, unread in rows}
        self.list.blockSignals(True)
        self.list.clear()
        for record, _acked, unread in rows:
            item = QListWidgetItem(
                self.describe(record, must_read=bool(record.get("requires_ack")))
            )
            item.setData(ID_ROLE, str(record["id"]))
            font = QFont(item.font())
            font.setBold(unread)
            item.setFont(font)
            self.list.addItem(item)
            if str(record["id"]) == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.empty.setVisible(not rows)
        self._show_current(announce=False)

    def ids(self) -> list[str]:
        return [str(self.list.item(row).data(ID_ROLE)) for row in range(self.list.count())]

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def choose(self, update_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == update_id:
                self.list.setCurrentRow(row)
                return

    def focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def _show_current(self, *, announce: bool = True) -> None:
        key = self.current_id()
        row = None if key is None else self._rows.get(key)
        if row is None:
            self.heading.clear()
            self.body.clear()
            self.acknowledge_button.setVisible(False)
            return
        record, acked, unread = row
        self.heading.setText(self.describe(record, must_read=bool(record.get("requires_ack"))))
        if self.body.toPlainText() != str(record.get("body") or ""):
            self.body.setPlainText(str(record.get("body") or ""))
        self.acknowledge_button.setVisible(bool(record.get("requires_ack")) and not acked)
        if announce and unread:
            self.opened.emit(record)

    def _acknowledge(self) -> None:
        key = self.current_id()
        if key is not None and key in self._rows:
            self.acknowledgeRequested.emit(self._rows[key][0])
