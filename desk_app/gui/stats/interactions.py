"""The interactions behind a point of the graph, to open one from there."""

import uuid
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.gui.records import parse_time

ID_ROLE = Qt.ItemDataRole.UserRole


class PointInteractions(QDialog):
    """A short list; Enter or a double click on one emits ``openInteraction`` and closes."""

    openInteraction = Signal(uuid.UUID)

    def __init__(
        self, title: str, records: list[dict[str, Any]], zone: tzinfo, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statsPointInteractions")
        self.setWindowTitle(self.tr("Interactions: {when}").format(when=title))
        heading = QLabel(
            self.tr("%n interaction(s) handled in {when}:", "", len(records)).format(when=title)
        )
        self.list = QListWidget(objectName="statsInteractionList")
        self.list.setAccessibleName(self.tr("Interactions behind the point"))
        heading.setBuddy(self.list)
        for record in records:
            item = QListWidgetItem(self._line(record, zone))
            item.setData(ID_ROLE, str(record["id"]))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _line(self, record: dict[str, Any], zone: tzinfo) -> str:
        wrapped = parse_time(record.get("wrapped_at"))
        when = wrapped.astimezone(zone).strftime("%H:%M") if wrapped else ""
        subject = record.get("subject") or self.tr("(no subject)")
        parts = [when, str(record.get("channel") or ""), subject]
        if record.get("disposition"):
            parts.append(str(record["disposition"]))
        return " · ".join(p for p in parts if p)

    def ids(self) -> list[uuid.UUID]:
        return [uuid.UUID(self.list.item(n).data(ID_ROLE)) for n in range(self.list.count())]

    def _open(self, item: QListWidgetItem) -> None:
        self.openInteraction.emit(uuid.UUID(item.data(ID_ROLE)))
        self.accept()
