"""The "Leave a handover note…" dialog: for the next shift, about the ticket in front if any.

Refused empty; card numbers in it are masked before it is queued
(:attr:`LeaveNoteDialog.masked` says so).
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.pan import mask_pans

MAX_NOTE = 20_000  # what the server takes


class LeaveNoteDialog(QDialog):
    """On accept: :attr:`body` (masked) and :attr:`about_ticket` (the ticket box was ticked)."""

    def __init__(self, *, ticket_title: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("leaveHandoverDialog")
        self.setWindowTitle(self.tr("Leave a handover note"))
        self.text = QPlainTextEdit(objectName="handoverBody")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("What the next shift should know"))
        self.ticket = QCheckBox(objectName="handoverAboutTicket")
        self.ticket.setVisible(ticket_title is not None)
        self.ticket.setChecked(ticket_title is not None)
        if ticket_title is not None:
            self.ticket.setText(self.tr("About {ticket}").format(ticket=ticket_title))
        self.error = QLabel(objectName="handoverError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Leave note"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.ticket)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # models
        self.body = ""
        self.masked = False
        self._has_ticket = ticket_title is not None
        # connections
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    @property
    def about_ticket(self) -> bool:
        return self._has_ticket and self.ticket.isChecked()

    def accept(self) -> None:
        text = self.text.toPlainText().strip()
        if not text or len(text) > MAX_NOTE:
            self.error.setText(
                self.tr("Write the note first.")
                if not text
                else self.tr("Keep the note under {count} characters.").format(count=MAX_NOTE)
            )
            self.error.setVisible(True)
            self.text.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.body = mask_pans(text)
        self.masked = self.body != text
        super().accept()
