"""The must-read updates in one dialog, each readable in full: at sign-in, and before Ready.

At sign-in it offers "Acknowledge all" and "Later"; before going ready
(``gate=True``) "Acknowledge all and go ready" and "Not now". Never a trap:
Esc and the window's close button are "Later"/"Not now". Each update also
has its own Acknowledge button; acknowledged ones leave at once, and the
dialog closes when none is left (accepted: the gate goes on to Ready).
"""

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

Shown = tuple[dict[str, Any], str]  # (update record, "kind · title · published")


class MustReadDialog(QDialog):
    """Signal ``acknowledged(list[update])``: the updates the rep acknowledged here."""

    acknowledged = Signal(list)

    def __init__(self, *, gate: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("mustReadGate" if gate else "mustReadDialog")
        self.setWindowTitle(self.tr("Before you go ready") if gate else self.tr("Must read"))
        self.resize(600, 460)
        intro = (
            self.tr(
                "These updates must be read and acknowledged before you take work. "
                "You stay in your current state until then."
            )
            if gate
            else self.tr("Updates you must read before taking work:")
        )
        self.intro = QLabel(intro, objectName="mustReadIntro")
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
            self.tr("Acknowledge all and go &ready") if gate else self.tr("Acknowledge &all"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.all_button.setObjectName("acknowledgeAllUpdates")
        self.all_button.setAccessibleName(self.all_button.text().replace("&", ""))
        self.later_button = buttons.addButton(
            self.tr("&Not now") if gate else self.tr("&Later"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        self.later_button.setAccessibleName(self.later_button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        # models
        self.buttons: dict[str, QPushButton] = {}  # update id -> its Acknowledge button
        self._updates: dict[str, dict[str, Any]] = {}
        self._frames: dict[str, QFrame] = {}
        # connections
        self.all_button.clicked.connect(self._acknowledge_all)
        self.later_button.clicked.connect(self.reject)

    def show_updates(self, updates: list[Shown]) -> None:
        """Show exactly these updates (new ones added, gone ones removed), in this order."""
        wanted = {str(record["id"]) for record, _head in updates}
        for key in [key for key in self._frames if key not in wanted]:
            self._remove(key)
        for position, (record, head) in enumerate(updates):
            key = str(record["id"])
            self._updates[key] = record
            if key not in self._frames:
                self._frames[key] = self._row(record, head)
            self._rows.insertWidget(position, self._frames[key])
        if not self._frames:
            self.accept()  # every update acknowledged

    def update_ids(self) -> list[str]:
        return list(self._frames)

    def _row(self, record: dict[str, Any], head: str) -> QFrame:
        frame = QFrame(objectName="mustReadUpdate")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel(head)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        text = QLabel(str(record.get("body") or ""))
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(self.tr("Acknowledge"), objectName="acknowledgeMustRead")
        button.setAccessibleName(self.tr("Acknowledge: {head}").format(head=head))
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
        self._updates.pop(key, None)
        self.buttons.pop(key, None)
        self._rows.removeWidget(frame)
        frame.deleteLater()

    def _acknowledge_all(self) -> None:
        self.acknowledged.emit([self._updates[key] for key in self._frames])
