"""The bar a record's view shows when the server did not take this desk's change to it.

A conflict (someone changed the record first) offers Keep mine (send it again
on their version) and Take theirs (drop it); a refusal (the server said no)
only needs reading, then Dismiss. Every view of an editable record (a
customer, a ticket) shows the same bar, so the rep learns it once.
"""

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from desk_app.client.store import ConflictView, RejectedView
from desk_app.gui.offer.display import error_label


class ConflictBar(QFrame):
    """Signals ``keepMineRequested(op_id)``, ``takeTheirsRequested(op_id)``,
    ``dismissRequested(op_id)`` for the conflict or refusal shown."""

    keepMineRequested = Signal(object)
    takeTheirsRequested = Signal(object)
    dismissRequested = Signal(object)

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = error_label(f"{object_name}Text")
        self.text.show()
        self.keep_mine = QPushButton(self.tr("&Keep mine"), objectName="conflictKeepMine")
        self.take_theirs = QPushButton(self.tr("&Take theirs"), objectName="conflictTakeTheirs")
        self.dismiss = QPushButton(self.tr("D&ismiss"), objectName="rejectedDismiss")
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        for button in (self.keep_mine, self.take_theirs, self.dismiss):
            layout.addWidget(button)
        self.hide()
        self._open_op: uuid.UUID | None = None
        self.keep_mine.clicked.connect(lambda: self.keepMineRequested.emit(self._open_op))
        self.take_theirs.clicked.connect(lambda: self.takeTheirsRequested.emit(self._open_op))
        self.dismiss.clicked.connect(lambda: self.dismissRequested.emit(self._open_op))

    def show_outcome(
        self, conflict: ConflictView | None, rejected: RejectedView | None, *, changed_first: str
    ) -> None:
        """Show the conflict (else the refusal, else nothing); ``changed_first`` is the reason
        to give when the server named none ("the ticket was changed by someone else first")."""
        self._open_op = None
        if conflict is not None:
            self._open_op = conflict.op_id
            self.text.setText(
                self.tr(
                    "Your change was not applied: {reason}. Keep mine sends it again on top of "
                    "their version; Take theirs drops it."
                ).format(reason=conflict.reason or changed_first)
            )
        elif rejected is not None:
            self._open_op = rejected.op_id
            self.text.setText(
                self.tr("The server refused your change: {reason}").format(reason=rejected.reason)
            )
        self.setVisible(self._open_op is not None)
        self.keep_mine.setVisible(conflict is not None)
        self.take_theirs.setVisible(conflict is not None)
        self.dismiss.setVisible(conflict is None and rejected is not None)
