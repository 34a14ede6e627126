"""A dialog of things to acknowledge one by one or all at once: handover notes, must-reads.

One row per item (a bold heading, the text in full, its own Acknowledge
button); acknowledged items leave at once and the dialog accepts when none
is left. Never a trap: the "later" button, Esc and the close button reject.
"""

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

Item = tuple[dict[str, Any], str, str]  # (record, heading, text)


@dataclass(frozen=True)
class Wording:
    """What one kind of list says, and the object names its tests and styles find."""

    name: str
    title: str
    intro: str
    all_text: str
    all_name: str
    later_text: str
    row_name: str
    button_name: str


class AcknowledgeDialog(QDialog):
    """Signal ``acknowledged(list[record])``: the items the user acknowledged here."""

    acknowledged = Signal(list)

    def __init__(self, wording: Wording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName(wording.name)
        self.setWindowTitle(wording.title)
        self.resize(600, 460)
        self._button_name = wording.button_name
        self._row_name = wording.row_name
        self.intro = QLabel(wording.intro, objectName=f"{wording.name}Intro")
        self.intro.setWordWrap(True)
        self._rows = QVBoxLayout()
        self._rows.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        buttons = QDialogButtonBox()
        self.all_button = buttons.addButton(
            wording.all_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.all_button.setObjectName(wording.all_name)
        self.all_button.setAccessibleName(wording.all_text.replace("&", ""))
        self.later_button = buttons.addButton(
            wording.later_text, QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later_button.setAccessibleName(wording.later_text.replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        # models
        self.buttons: dict[str, QPushButton] = {}  # item id -> its Acknowledge button
        self._records: dict[str, dict[str, Any]] = {}
        self._frames: dict[str, QFrame] = {}
        self._heads: dict[str, QLabel] = {}
        # connections
        self.all_button.clicked.connect(self._acknowledge_all)
        self.later_button.clicked.connect(self.reject)

    def show_items(self, items: list[Item]) -> None:
        """Show exactly these items (new ones added, gone ones removed), in this order."""
        wanted = {str(record["id"]) for record, _head, _text in items}
        for key in [key for key in self._frames if key not in wanted]:
            self._remove(key)
        for position, (record, head, text) in enumerate(items):
            key = str(record["id"])
            self._records[key] = record
            if key not in self._frames:
                self._frames[key] = self._row(record, text)
            # a heading may change after the item arrived (an author's name, say)
            self._heads[key].setText(head)
            self.buttons[key].setAccessibleName(self.tr("Acknowledge: {head}").format(head=head))
            self._rows.insertWidget(position, self._frames[key])
        if not self._frames:
            self.accept()  # every item acknowledged

    def item_ids(self) -> list[str]:
        return list(self._frames)

    def _row(self, record: dict[str, Any], body: str) -> QFrame:
        frame = QFrame(objectName=self._row_name)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel()
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        self._heads[str(record["id"])] = heading
        text = QLabel(body)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(self.tr("Acknowledge"), objectName=self._button_name)
        button.clicked.connect(lambda: self.acknowledged.emit([record]))
        self.buttons[str(record["id"])] = button
        row = QHBoxLayout()
        row.addWidget(heading, 1)
        row.addWidget(button)
        layout = QVBoxLayout(frame)
        layout.addLayout(row)
        layout.addWidget(text)
        return frame

    def _remove(self, key: str) -> None:
        frame = self._frames.pop(key)
        for held in (self._records, self.buttons, self._heads):
            held.pop(key, None)
        self._rows.removeWidget(frame)
        frame.deleteLater()

    def _acknowledge_all(self) -> None:
        self.acknowledged.emit([self._records[key] for key in self._frames])
