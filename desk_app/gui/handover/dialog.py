""" "From the last shift": the handover notes the rep has not acknowledged, at sign-in.

One row per note (who, when, the ticket it is about, the text) with its own
Acknowledge button; "Acknowledge all" takes every note shown; "Later" closes
the dialog and the notes come back at the next sign-in. Acknowledged notes
leave the dialog at once; it closes when none is left.
"""

import html
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

Note = tuple[dict[str, Any], str, str]  # (note record, "who · when · about", its text)


class HandoverDialog(QDialog):
    """Signal ``acknowledged(list[note])``: the notes the rep acknowledged."""

    acknowledged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("From the last shift"))
        self.resize(560, 420)
        self._rows = QVBoxLayout()
        self._rows.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        buttons = QDialogButtonBox()
        self.all_button = buttons.addButton(
            self.tr("Acknowledge &all"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.all_button.setObjectName("acknowledgeAll")
        self.later_button = buttons.addButton(
            self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Notes left for you by the last shift:")))
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        # models
        self.buttons: dict[str, QPushButton] = {}  # note id -> its Acknowledge button
        self._notes: dict[str, dict[str, Any]] = {}
        self._frames: dict[str, QFrame] = {}
        self._heads: dict[str, QLabel] = {}
        # connections
        self.all_button.clicked.connect(self._acknowledge_all)
        self.later_button.clicked.connect(self.reject)

    def show_notes(self, notes: list[Note]) -> None:
        """Show exactly these notes (new ones added, ones gone removed), in this order."""
        wanted = {str(record["id"]) for record, _head, _body in notes}
        for key in [key for key in self._frames if key not in wanted]:
            self._remove(key)
        for position, (record, head, body) in enumerate(notes):
            key = str(record["id"])
            self._notes[key] = record
            if key not in self._frames:
                self._frames[key] = self._row(record, body)
            # the author's name may arrive after the note (with the user directory)
            self._heads[key].setText(f"<b>{html.escape(head)}</b>")
            self.buttons[key].setAccessibleName(self.tr("Acknowledge: {head}").format(head=head))
            self._rows.insertWidget(position, self._frames[key])
        if not self._frames:
            self.accept()  # every note acknowledged

    def note_ids(self) -> list[str]:
        return list(self._frames)

    def _row(self, record: dict[str, Any], body: str) -> QFrame:
        frame = QFrame(objectName="handoverNote")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel()
        heading.setTextFormat(Qt.TextFormat.RichText)
        self._heads[str(record["id"])] = heading
        text = QLabel(body)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(self.tr("Acknowledge"), objectName="acknowledgeNote")
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
        self._notes.pop(key, None)
        self.buttons.pop(key, None)
        self._heads.pop(key, None)
        self._rows.removeWidget(frame)
        frame.deleteLater()

    def _acknowledge_all(self) -> None:
        self.acknowledged.emit([self._notes[key] for key in self._frames])
