"""Merging a duplicate into the customer on screen: find it, confirm with both names, see it done.

Only supervisors and admins see the button that opens this (the server
checks again, and audits the merge). The duplicate is picked with the same
look-up as the toolbar's; the confirmation names both customers and what
happens to each, because a merge cannot be undone.
"""

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.gui.lookup.box import LookupBox
from desk_app.gui.lookup.search import LookupSearch
from desk_app.gui.offer.display import error_label, record_id


class MergeDialog(QDialog):
    """Pick → confirm → result; ``mergeConfirmed(duplicate record)`` when the rep confirms."""

    mergeConfirmed = Signal(dict)

    def __init__(
        self, survivor: dict[str, Any], search: LookupSearch, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("MergeDialog")
        self.setWindowTitle(self.tr("Merge a duplicate"))
        self.resize(560, 460)
        self._pages = QStackedWidget()
        pick = QWidget(objectName="mergePick")
        pick_text = QLabel(
            self.tr("Find the duplicate record of {name}:").format(name=survivor.get("name", ""))
        )
        pick_text.setWordWrap(True)
        self.finder = LookupBox(search, inline=True)
        self.pick_error = error_label("mergePickError")
        pick_layout = QVBoxLayout(pick)
        pick_layout.addWidget(pick_text)
        pick_layout.addWidget(self.finder, 1)
        pick_layout.addWidget(self.pick_error)
        confirm = QWidget(objectName="mergeConfirm")
        self.question = QLabel(objectName="mergeQuestion")
        self.question.setWordWrap(True)
        self.merge_button = QPushButton(self.tr("&Merge"), objectName="mergeConfirmButton")
        self.back_button = QPushButton(self.tr("&Back"), objectName="mergeBack")
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addStretch(1)
        confirm_buttons.addWidget(self.back_button)
        confirm_buttons.addWidget(self.merge_button)
        confirm_layout = QVBoxLayout(confirm)
        confirm_layout.addWidget(self.question)
        confirm_layout.addStretch(1)
        confirm_layout.addLayout(confirm_buttons)
        done = QWidget(objectName="mergeDone")
        self.result = QLabel(objectName="mergeResult")
        self.result.setWordWrap(True)
        self.close_button = QPushButton(self.tr("&Close"), objectName="mergeClose")
        done_layout = QVBoxLayout(done)
        done_layout.addWidget(self.result)
        done_layout.addStretch(1)
        done_layout.addWidget(self.close_button)
        for page in (pick, confirm, done):
            self._pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self._pages)
        # models
        self._survivor = survivor
        self._duplicate: dict[str, Any] | None = None
        # connections
        self.finder.customerChosen.connect(self._picked)
        self.back_button.clicked.connect(lambda: self._pages.setCurrentIndex(0))
        self.merge_button.clicked.connect(self._confirmed)
        self.close_button.clicked.connect(self.accept)
        # populate
        self.finder.edit.setFocus()

    @property
    def duplicate(self) -> dict[str, Any] | None:
        return self._duplicate

    def page(self) -> str:
        """``"pick"``, ``"confirm"`` or ``"done"``."""
        return ("pick", "confirm", "done")[self._pages.currentIndex()]

    def show_result(self, merged: dict[str, Any] | None, problem: str | None) -> None:
        """The server's answer: the survivor as merged, or why not."""
        duplicate = (self._duplicate or {}).get("name", "")
        if merged is not None:
            self.result.setText(
                self.tr("Merged: “{duplicate}” is now part of “{name}”.").format(
                    duplicate=duplicate, name=merged.get("name", "")
                )
            )
        else:
            self.result.setText(self.tr("Not merged: {problem}").format(problem=problem))
        self.merge_button.setEnabled(True)
        self._pages.setCurrentIndex(2)

    def _picked(self, customer: dict[str, Any]) -> None:
        if record_id(customer) == record_id(self._survivor):
            self.pick_error.setText(self.tr("That is this customer: pick the other record"))
            self.pick_error.show()
            return
        self.pick_error.hide()
        self._duplicate = customer
        self.question.setText(
            self.tr(
                "Merge “{duplicate}” into “{name}”?\n\n"
                "“{duplicate}”'s numbers, emails, addresses, orders, invoices, interactions, "
                "tickets and notes move to “{name}”, and “{duplicate}” is deleted. "
                "This cannot be undone."
            ).format(duplicate=customer.get("name", ""), name=self._survivor.get("name", ""))
        )
        self._pages.setCurrentIndex(1)
        self.merge_button.setFocus()

    def _confirmed(self) -> None:
        if self._duplicate is not None:
            self.merge_button.setEnabled(False)  # one merge per confirmation
            self.mergeConfirmed.emit(self._duplicate)
