"""The sign-in dialog: server address, user, password, "remember me".

Signing in talks to the server, so it runs on a pool thread while the
dialog stays responsive with a busy bar; the answer comes back on the UI
thread. Failures are said plainly: wrong password, server unreachable,
locked out (with the server's own words on how long). When there is no
system keyring the dialog says where the sign-in is kept instead.
"""

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.credentials import CredentialStore
from desk_app.client.session import DeskSession, SignInError, sign_in
from desk_app.gui.background import run_in_background


class SignInDialog(QDialog):
    """Asks for a sign-in until one succeeds; :attr:`session` is the result once accepted."""

    signedIn = Signal(object)

    def __init__(
        self,
        credentials: CredentialStore,
        *,
        server: str = "",
        username: str = "",
        message: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._credentials = credentials
        self._attempt = 0  # answers to an attempt the user walked away from are ignored
        self.session: DeskSession | None = None
        # UI
        self.setWindowTitle(self.tr("Sign in to Desk"))
        self.server_edit = QLineEdit(server)
        self.server_edit.setPlaceholderText("http://desk.example:8400")
        self.user_edit = QLineEdit(username)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(self.tr("Remember me on this computer"))
        self.remember_box.setChecked(bool(username))
        self.error_label = QLabel(message or "")
        self.error_label.setObjectName("signInError")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(bool(message))
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_label = QLabel(credentials.notice or "")
        self.notice_label.setObjectName("keyringNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(credentials.notice is not None)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no known length: a moving bar
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button: QPushButton = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server_edit)
        form.addRow(self.tr("User"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.remember_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.buttons)
        # connections
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        # focus where typing starts
        first_empty = next(
            (edit for edit in (self.server_edit, self.user_edit) if not edit.text()),
            self.password_edit,
        )
        first_empty.setFocus()

    @property
    def busy(self) -> bool:
        return self.busy_bar.isVisible()

    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        for widget in (self.server_edit, self.user_edit, self.password_edit, self.remember_box):
            widget.setEnabled(not busy)
        self.sign_in_button.setEnabled(not busy)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def _submit(self) -> None:
        server = self.server_edit.text().strip()
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not (server and username and password):
            self._show_error(self.tr("Enter the server address, your user name and password."))
            return
        self.error_label.setVisible(False)
        self._set_busy(True)
        self._attempt += 1
        work = partial(
            sign_in,
            server,
            username,
            password,
            remember=self.remember_box.isChecked(),
            credentials=self._credentials,
        )
        run_in_background(work, partial(self._finished, self._attempt))

    def _finished(self, attempt: int, session: DeskSession | None, error: Exception | None) -> None:
        if attempt != self._attempt:
            return
        self._set_busy(False)
        if session is None:
            if isinstance(error, SignInError):
                self._show_error(str(error))
            else:
                self._show_error(self.tr("Signing in failed: %s") % error)
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        self.session = session
        self.signedIn.emit(session)
        self.accept()

    def reject(self) -> None:
        self._attempt += 1  # a sign-in still running is no longer wanted
        super().reject()
