"""The call-control bar of a voice interaction: hold, mute, transfer, conference, hang up.

What the bar shows always follows the record, i.e. the PBX's own events:
clicking Hold only *asks* (``commandRequested``) and shows that a request is
out; the button turns into Resume when a record arrives that says
``on_hold``. A command the server or the PBX refused is shown with its reason.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.domain.enums import CallCommandKind, CallState
from desk_app.gui.offer.display import error_label
from desk_app.gui.work.transfer_editor import TransferEditor

HOLD, MUTE, TRANSFER, CONFERENCE, HANGUP = "hold", "mute", "transfer", "conference", "hangup"

# which controls a call in each state allows (the hold control resumes a held call)
ENABLED: dict[CallState | None, frozenset[str]] = {
    CallState.RINGING: frozenset({HANGUP}),
    CallState.CONNECTED: frozenset({HOLD, MUTE, TRANSFER, CONFERENCE, HANGUP}),
    CallState.ON_HOLD: frozenset({HOLD, TRANSFER, HANGUP}),
    CallState.TRANSFERRING: frozenset({MUTE, HANGUP}),
    CallState.CONFERENCE: frozenset({MUTE, HANGUP}),
    CallState.ENDED: frozenset(),
    None: frozenset(),
}


def _call_state(value: str | None) -> CallState | None:
    try:
        return CallState(value) if value else None
    except ValueError:
        return None


class CallControls(QWidget):
    """Buttons enabled by the call's reported state; one request out at a time.

    Invariant: while a request is out (``pending()``), only Hang up stays
    usable; the request is settled by the next record whose call state or
    mute differs from when it was sent, or by :meth:`show_error`.
    """

    commandRequested = Signal(str, object, object)  # command, target_type, target

    def __init__(self, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("CallControls")
        self._state = QLabel(objectName="callState")
        self._buttons = {
            HOLD: QPushButton(objectName="holdButton"),
            MUTE: QPushButton(objectName="muteButton"),
            TRANSFER: QPushButton(self.tr("&Transfer…"), objectName="transferButton"),
            CONFERENCE: QPushButton(
                self.tr("Con&ference supervisor"), objectName="conferenceButton"
            ),
            HANGUP: QPushButton(self.tr("Hang &up"), objectName="hangupButton"),
        }
        self._buttons[CONFERENCE].setAccessibleName(self.tr("Conference in a supervisor"))
        self._pending_label = QLabel(objectName="commandPending")
        self._pending_label.hide()
        self._error = error_label("commandError")
        self._transfer = TransferEditor(region)
        row = QHBoxLayout()
        row.addWidget(self._state)
        for button in self._buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self._transfer)
        layout.addWidget(self._pending_label)
        layout.addWidget(self._error)
        # models
        self._call_state: CallState | None = None
        self._muted = False
        self._pending: str | None = None
        self._pending_from: tuple[CallState | None, bool] | None = None
        # connections
        self._buttons[HOLD].clicked.connect(self._on_hold)
        self._buttons[MUTE].clicked.connect(self._on_mute)
        self._buttons[TRANSFER].clicked.connect(self._transfer.open_editor)
        self._buttons[CONFERENCE].clicked.connect(
            lambda: self._request(CallCommandKind.CONFERENCE, None, None)
        )
        self._buttons[HANGUP].clicked.connect(
            lambda: self._request(CallCommandKind.HANGUP, None, None)
        )
        self._transfer.transferRequested.connect(self._request)
        # populate
        self.show_call(None, muted=False)

    def show_call(self, call_state: str | None, *, muted: bool) -> None:
        """Draw the call as the latest record reports it."""
        state = _call_state(call_state)
        if self._pending_from is not None and self._pending_from != (state, muted):
            self._settle()
            self._show_error(None)
        self._call_state, self._muted = state, muted
        self._redraw()

    def show_error(self, message: str) -> None:
        """The last request failed: say why, and let the rep act again."""
        self._settle()
        self._show_error(message)
        self._redraw()

    def pending(self) -> str | None:
        """The command asked for and not yet confirmed or refused."""
        return self._pending

    def _redraw(self) -> None:
        held = self._call_state == CallState.ON_HOLD
        self._buttons[HOLD].setText(self.tr("&Resume") if held else self.tr("&Hold"))
        self._buttons[MUTE].setText(self.tr("Un&mute") if self._muted else self.tr("&Mute"))
        names = {
            CallState.RINGING: self.tr("Ringing"),
            CallState.CONNECTED: self.tr("Connected"),
            CallState.ON_HOLD: self.tr("On hold"),
            CallState.TRANSFERRING: self.tr("Transferring"),
            CallState.CONFERENCE: self.tr("In conference"),
            CallState.ENDED: self.tr("Ended"),
        }
        state = names.get(self._call_state, "") if self._call_state else ""
        if self._muted and self._call_state not in (CallState.ENDED, None):
            state = self.tr("{state}, muted").format(state=state)
        self._state.setText(state)
        allowed = ENABLED[self._call_state]
        if self._pending is not None:
            allowed = allowed & {HANGUP}
        for name, button in self._buttons.items():
            button.setEnabled(name in allowed)
        if not allowed & {TRANSFER}:
            self._transfer.close_editor()

    def _on_hold(self) -> None:
        held = self._call_state == CallState.ON_HOLD
        self._request(CallCommandKind.RESUME if held else CallCommandKind.HOLD, None, None)

    def _on_mute(self) -> None:
        self._request(CallCommandKind.UNMUTE if self._muted else CallCommandKind.MUTE, None, None)

    def _request(self, command: str, target_type: str | None, target: str | None) -> None:
        self._pending = str(command)
        self._pending_from = (self._call_state, self._muted)
        self._pending_label.setText(self.tr("Waiting for the phone system…"))
        self._pending_label.show()
        self._show_error(None)
        self._redraw()
        self.commandRequested.emit(str(command), target_type, target)

    def _settle(self) -> None:
        self._pending = None
        self._pending_from = None
        self._pending_label.hide()

    def _show_error(self, message: str | None) -> None:
        self._error.setText(message or "")
        self._error.setVisible(bool(message))
