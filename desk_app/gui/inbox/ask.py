"""The "Ask my supervisor…" dialog: one question about the interaction or ticket in front.

The question is refused empty or too long; card numbers in it are masked
before it is queued (:attr:`AskDialog.masked` says so).
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.pan import mask_pans

MAX_QUESTION = 2000  # what the server takes


class AskDialog(QDialog):
    """On accept, :attr:`question` holds the (masked) text to send."""

    def __init__(self, *, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("askSupervisorDialog")
        self.setWindowTitle(self.tr("Ask my supervisor"))
        about = QLabel(self.tr("About: {title}").format(title=title))
        about.setWordWrap(True)
        self.body = QPlainTextEdit(objectName="questionBody")
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(self.tr("Your question"))
        self.error = QLabel(objectName="questionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Ask"))
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.body)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # models
        self.question = ""
        self.masked = False
        # connections
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        text = self.body.toPlainText().strip()
        if not text:
            self._refuse(self.tr("Write the question first."))
            return
        if len(text) > MAX_QUESTION:
            self._refuse(
                self.tr("Keep the question under {count} characters.").format(count=MAX_QUESTION)
            )
            return
        self.question = mask_pans(text)
        self.masked = self.question != text
        super().accept()

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)
