"""The must-read updates in one dialog, each readable in full: at sign-in, and before Ready.

At sign-in it offers "Acknowledge all" and "Later"; before going ready
(``gate=True``) "Acknowledge all and go ready" and "Not now". Never a trap:
Esc and the window's close button are "Later"/"Not now". Acknowledged
updates leave at once, and the dialog closes when none is left (accepted:
the gate goes on to Ready).
"""

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desk_app.gui.acknowledge_list import AcknowledgeDialog, Wording

Shown = tuple[dict[str, Any], str]  # (update record, "kind · title · published")


def _tr(text: str) -> str:
    return QCoreApplication.translate("MustReadDialog", text)


class MustReadDialog(AcknowledgeDialog):
    """Signal ``acknowledged(list[update])``: the updates the rep acknowledged here."""

    def __init__(self, *, gate: bool, parent: QWidget | None = None) -> None:
        intro = (
            _tr(
                "These updates must be read and acknowledged before you take work. "
                "You stay in your current state until then."
            )
            if gate
            else _tr("Updates you must read before taking work:")
        )
        wording = Wording(
            name="mustReadGate" if gate else "mustReadDialog",
            title=_tr("Before you go ready") if gate else _tr("Must read"),
            intro=intro,
            all_text=_tr("Acknowledge all and go &ready") if gate else _tr("Acknowledge &all"),
            all_name="acknowledgeAllUpdates",
            later_text=_tr("&Not now") if gate else _tr("&Later"),
            row_name="mustReadUpdate",
            button_name="acknowledgeMustRead",
        )
        super().__init__(wording, parent)

    def show_updates(self, updates: list[Shown]) -> None:
        """Show exactly these updates, in this order (see :meth:`show_items`)."""
        self.show_items([(record, head, str(record.get("body") or "")) for record, head in updates])

    def update_ids(self) -> list[str]:
        return self.item_ids()
