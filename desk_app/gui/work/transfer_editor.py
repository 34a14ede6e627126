"""Where to transfer a call, typed inline under the call controls (no modal dialog mid-call).

Blind (the call goes straight on) or warm (the rep speaks to the target
first); to an agent (by extension), a queue (by its skill) or an outside
number, which is checked and sent as E.164.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from desk_app.domain.enums import CallCommandKind, TransferTarget
from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.gui.offer.display import error_label


class TransferEditor(QWidget):
    """Emits ``transferRequested(command, target_type, target)`` for a complete, valid target."""

    transferRequested = Signal(str, str, str)

    def __init__(self, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("TransferEditor")
        self._mode = QComboBox(objectName="transferMode")
        self._mode.setAccessibleName(self.tr("Kind of transfer"))
        self._mode.addItem(self.tr("Blind"), CallCommandKind.TRANSFER_BLIND.value)
        self._mode.addItem(self.tr("Warm (talk first)"), CallCommandKind.TRANSFER_WARM.value)
        self._target_type = QComboBox(objectName="transferTargetType")
        self._target_type.setAccessibleName(self.tr("Transfer to"))
        self._target_type.addItem(self.tr("Agent (extension)"), TransferTarget.AGENT.value)
        self._target_type.addItem(self.tr("Queue (skill)"), TransferTarget.QUEUE.value)
        self._target_type.addItem(self.tr("Outside number"), TransferTarget.NUMBER.value)
        self._target = QLineEdit(objectName="transferTarget")
        self._target.setAccessibleName(self.tr("Transfer target"))
        self._send = QPushButton(self.tr("Transfer"), objectName="transferSend")
        self._cancel = QPushButton(self.tr("Cancel"), objectName="transferCancel")
        self._error = error_label("transferError")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self._mode, self._target_type, self._target, self._send, self._cancel):
            layout.addWidget(widget)
        layout.addWidget(self._error, 1)
        # models
        self._region = region
        # connections
        self._send.clicked.connect(self._on_send)
        self._target.returnPressed.connect(self._on_send)
        self._cancel.clicked.connect(self.close_editor)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_editor)
        # populate
        self.hide()

    def open_editor(self) -> None:
        self._target.clear()
        self._error.hide()
        self.show()
        self._target.setFocus()

    def close_editor(self) -> None:
        self.hide()

    def _on_send(self) -> None:
        target_type = str(self._target_type.currentData())
        target = self._target.text().strip()
        if not target:
            self._say(self.tr("Say where to transfer the call"))
            return
        if target_type == TransferTarget.NUMBER:
            try:
                target = to_e164(target, region=self._region)
            except InvalidPhoneError:
                self._say(self.tr("“{text}” is not a phone number").format(text=target))
                return
        self.hide()
        self.transferRequested.emit(str(self._mode.currentData()), target_type, target)

    def _say(self, message: str) -> None:
        self._error.setText(message)
        self._error.show()
        self._target.setFocus()
