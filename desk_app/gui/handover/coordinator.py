"""Handover at sign-in: the last shift's notes shown until acknowledged; leaving a note.

:meth:`Handover.start` (called once the window is up after sign-in) shows
what the cache holds. The notes that matter most were usually written after
the rep signed out last time, so they arrive with the first catch-up: until
the sync thread reports a finished sync, newly arrived notes open (or join)
the dialog too; later ones wait for the next sign-in. Acknowledging queues
``handover.acknowledge`` with a local ``handover_ack`` so the note leaves at
once, offline too; one not acknowledged comes back next time.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desk_app.client.session import Profile
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.ids import new_id
from desk_app.gui.handover.dialog import HandoverDialog
from desk_app.gui.handover.leave import LeaveNoteDialog
from desk_app.gui.handover.pending import pending_notes
from desk_app.gui.inbox.subjects import display_name, subject_label
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.records import parse_time

NOTE = "handover_note"
ACK = "handover_ack"


def _now() -> datetime:
    return datetime.now(UTC)


class Handover(QObject):
    """Signals: ``opQueued``, ``cacheChanged(changes)``, ``message(text)``."""

    opQueued = Signal()
    cacheChanged = Signal(list)
    message = Signal(str)

    def __init__(
        self,
        *,
        store: LocalStore,
        profile: Profile,
        directory: UserDirectory,
        wake: Callable[[], None],
        window: QWidget,
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._directory = directory
        self._profile = profile
        self._wake = wake
        self._window = window
        self._clock = clock
        self._catching_up_since: datetime | None = None
        self._seen: set[str] = set()  # notes shown (or put off with "Later") this sign-in
        self.dialog: HandoverDialog | None = None  # while it is open
        self.leave_dialog: LeaveNoteDialog | None = None
        directory.changed.connect(self._refresh)  # the authors' names, once the directory came

    def pending(self) -> list[dict[str, Any]]:
        return pending_notes(
            self._store.records(NOTE), self._store.records(ACK), self._profile.user_id
        )

    # --- at sign-in -------------------------------------------------------------

    def start(self) -> None:
        """After sign-in: show what is pending, and what the first catch-up brings."""
        self._catching_up_since = self._clock()
        self._show(self.pending())

    def sync_status(self, status: SyncStatus) -> None:
        """The bridge's status: a sync finished since sign-in ends the catch-up."""
        since = self._catching_up_since
        synced = status.last_synced_at
        if since is not None and synced is not None and synced >= since:
            self._catching_up_since = None

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        if any(change.entity in (NOTE, ACK) for change in changes):
            self._refresh()

    def _refresh(self) -> None:
        """Keep the open dialog's notes that are still pending; add new ones while catching up."""
        arriving = self._catching_up_since is not None
        if self.dialog is None and not arriving:
            return
        shown = set() if self.dialog is None else set(self.dialog.note_ids())
        self._show(
            [
                note
                for note in self.pending()
                if str(note["id"]) in shown or (arriving and str(note["id"]) not in self._seen)
            ]
        )

    def _show(self, notes: list[dict[str, Any]]) -> None:
        dialog = self.dialog
        if dialog is None:
            if not notes:
                return
            dialog = HandoverDialog(self._window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.acknowledged.connect(self.acknowledge)
            dialog.finished.connect(lambda _result: self._closed())
            self.dialog = dialog
            dialog.open()
        self._seen.update(str(note["id"]) for note in notes)
        dialog.show_notes([(n, self._heading(n), str(n.get("body") or "")) for n in notes])

    def _closed(self) -> None:
        self.dialog = None

    def _heading(self, note: dict[str, Any]) -> str:
        parts = [display_name(self._directory, note.get("author_id"))]
        written = parse_time(note.get("created_at"))
        if written is not None:
            parts.append(written.astimezone().strftime("%a %d %b %H:%M"))
        if note.get("ticket_id"):
            parts.append(subject_label(self._store, "ticket", note["ticket_id"]))
        return " · ".join(parts)

    def acknowledge(self, notes: list[dict[str, Any]]) -> None:
        """One ``handover.acknowledge`` per note, each shown at once as my acknowledgement."""
        changes = []
        for note in notes:
            ack_id = new_id()  # the server's own ack replaces this one when it answers
            shown = {"note_id": str(note["id"]), "user_id": str(self._profile.user_id)}
            shown["at"] = self._clock().isoformat()
            self._store.record_op(
                "handover.acknowledge",
                {"handover_id": uuid.UUID(str(note["id"]))},
                local=LocalChange(ACK, ack_id, shown),
            )
            changes.append(RecordChange(ACK, ack_id, "changed"))
        if not changes:
            return
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit(changes)
        self._refresh()

    # --- leaving a note ---------------------------------------------------------

    def leave_note(self, ticket_id: uuid.UUID | None) -> None:
        """Desk ▸ Leave a handover note…: the dialog, then ``handover.add``."""
        title = None if ticket_id is None else subject_label(self._store, "ticket", ticket_id)
        dialog = LeaveNoteDialog(ticket_title=title, parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._leave(dialog, ticket_id))
        dialog.finished.connect(lambda _result: self._leave_closed())
        self.leave_dialog = dialog
        dialog.open()

    def _leave_closed(self) -> None:
        self.leave_dialog = None

    def _leave(self, dialog: LeaveNoteDialog, ticket_id: uuid.UUID | None) -> None:
        note_id = new_id()
        payload: dict[str, Any] = {"id": note_id, "body": dialog.body}
        if dialog.about_ticket and ticket_id is not None:
            payload["ticket_id"] = ticket_id
        shown = {
            **payload,
            "ticket_id": payload.get("ticket_id"),
            "author_id": self._profile.user_id,
            "done": False,
            "created_at": self._clock().isoformat(),
        }
        self._store.record_op("handover.add", payload, local=LocalChange(NOTE, note_id, shown))
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit([RecordChange(NOTE, note_id, "changed")])
        said = self.tr("Handover note left for the next shift.")
        if dialog.masked:
            said += " " + self.tr("A card number in it was masked.")
        self.message.emit(said)
