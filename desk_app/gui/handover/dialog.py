""" "From the last shift": the handover notes the rep has not acknowledged, at sign-in.

One row per note (who, when, the ticket it is about, the text) with its own
Acknowledge button; "Acknowledge all" takes every note shown; "Later" closes
the dialog and the notes come back at the next sign-in.
"""

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desk_app.gui.acknowledge_list import AcknowledgeDialog, Wording

Note = tuple[dict[str, Any], str, str]  # (note record, "who · when · about", its text)


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandoverDialog", text)


class HandoverDialog(AcknowledgeDialog):
    """Signal ``acknowledged(list[note])``: the notes the rep acknowledged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        wording = Wording(
            name="handoverDialog",
            title=_tr("From the last shift"),
            intro=_tr("Notes left for you by the last shift:"),
            all_text=_tr("Acknowledge &all"),
            all_name="acknowledgeAll",
            later_text=_tr("&Later"),
            row_name="handoverNote",
            button_name="acknowledgeNote",
        )
        super().__init__(wording, parent)

    def show_notes(self, notes: list[Note]) -> None:
        """Show exactly these notes, in this order (see :meth:`show_items`)."""
        self.show_items(notes)

    def note_ids(self) -> list[str]:
        return self.item_ids()
