"""The updates board on the desk: the page, new updates announced, must-reads and the Ready gate.

Everything is read from the local store, so the board and the gate work
offline. Acknowledging queues ``update.acknowledge`` with a local
``acknowledgement`` so the update counts as read at once.

- :meth:`Updates.start` (after sign-in) shows the unread must-reads; those
  the first catch-up brings join them, as with the handover notes.
- Updates arriving later land on the board at once and raise a notification.
- :meth:`Updates.holds_ready`: before the window asks for Ready, the
  must-reads this desk knows of are shown; "Acknowledge all and go ready"
  goes on, "Not now" (or Esc) leaves the rep where they were, told why.
- Should the server still refuse Ready (a must-read this desk had not yet
  received), its reason is shown and the dialog opens with what is known.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QWidget

from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.enums import AgentState
from desk_app.domain.ids import new_id
from desk_app.gui.inbox.notifier import Notifier
from desk_app.gui.updates import rules
from desk_app.gui.updates.must_read import MustReadDialog
from desk_app.gui.updates.page import UpdatesPage

UPDATE = "update"
ACK = "acknowledgement"
OPENED_KEY = "updates/opened/{user}"  # QSettings: updates without must-read opened here
KEEP_OPENED = 500  # the newest ids remembered; older updates have long expired


def _now() -> datetime:
    return datetime.now(UTC)


class Updates(QObject):
    """Signals: ``opQueued``, ``cacheChanged(changes)``, ``message(text)``,
    ``countChanged(unread)``, ``goReady()`` (acknowledged at the gate: ask for Ready again),
    ``stayed()`` (the gate was closed: show the state the rep is still in)."""

    opQueued = Signal()
    cacheChanged = Signal(list)
    message = Signal(str)
    countChanged = Signal(int)
    goReady = Signal()
    stayed = Signal()

    def __init__(
        self,
        *,
        store: LocalStore,
        user_id: uuid.UUID,
        settings: QSettings,
        notifier: Notifier,
        wake: Callable[[], None],
        window: QWidget,
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._user_id = user_id
        self._settings = settings
        self._notifier = notifier
        self._wake = wake
        self._window = window
        self._clock = clock
        self.page = UpdatesPage()
        self.dialog: MustReadDialog | None = None  # the sign-in one, while open
        self.gate: MustReadDialog | None = None  # before Ready, while open
        self._catching_up_since: datetime | None = None
        self._seen_must_reads: set[str] = set()  # shown (or put off) this sign-in
        self._known = {str(update["id"]) for update in store.records(UPDATE)}
        # connections
        self.page.opened.connect(self._opened)
        self.page.acknowledgeRequested.connect(lambda record: self.acknowledge([record]))
        # populate
        self.redraw()

    # --- reading the store -----------------------------------------------------

    def _acknowledged(self) -> set[str]:
        return rules.acknowledged_ids(self._store.records(ACK), self._user_id)

    def must_reads(self) -> list[dict[str, Any]]:
        """Unread must-reads this desk knows of, oldest first."""
        return rules.must_reads(
            self._store.records(UPDATE), self._acknowledged(), self._user_id, self._clock()
        )

    def _opened_ids(self) -> list[str]:
        value = self._settings.value(OPENED_KEY.format(user=self._user_id)) or []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def redraw(self) -> None:
        """The board and its unread count, from the store."""
        acknowledged = self._acknowledged()
        now = self._clock()
        updates = self._store.records(UPDATE)
        pending = {
            str(u["id"]) for u in rules.must_reads(updates, acknowledged, self._user_id, now)
        }
        opened = set(self._opened_ids())
        rows = [
            (u, str(u["id"]) in acknowledged, rules.unread(u, pending, opened))
            for u in rules.on_board(updates, now)
        ]
        self.page.show_updates(rows)
        self.countChanged.emit(sum(1 for _u, _acked, unread in rows if unread))

    def _opened(self, record: dict[str, Any]) -> None:
        if record.get("requires_ack"):
            return  # read only once acknowledged
        opened = [i for i in self._opened_ids() if i != str(record["id"])] + [str(record["id"])]
        self._settings.setValue(OPENED_KEY.format(user=self._user_id), opened[-KEEP_OPENED:])
        self.redraw()

    # --- at sign-in and as updates arrive ----------------------------------------

    def start(self) -> None:
        """After sign-in: the unread must-reads, and those the first catch-up brings."""
        self._catching_up_since = self._clock()
        self._show_at_sign_in(self.must_reads())

    def sync_status(self, status: SyncStatus) -> None:
        """The bridge's status: the end of the first catch-up; Ready refused by the server."""
        since, synced = self._catching_up_since, status.last_synced_at
        if since is not None and synced is not None and synced >= since:
            self._catching_up_since = None
        if status.rejected:
            self._tell_refusals()

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        changed = [change for change in changes if change.entity in (UPDATE, ACK)]
        if not changed:
            return
        arrived = [c.id for c in changed if c.entity == UPDATE and c.action == "changed"]
        new = [i for i in arrived if str(i) not in self._known]
        self._known.update(str(i) for i in arrived)
        self.redraw()
        self._announce(new)
        pending = self.must_reads()
        if self.dialog is not None or self._catching_up_since is not None:
            shown = set() if self.dialog is None else set(self.dialog.update_ids())
            self._show_at_sign_in(
                [
                    u
                    for u in pending
                    if str(u["id"]) in shown
                    or (
                        self._catching_up_since is not None
                        and str(u["id"]) not in self._seen_must_reads
                    )
                ]
            )
        if self.gate is not None:
            self.gate.show_updates(self._shown(pending))

    def _announce(self, update_ids: list[uuid.UUID]) -> None:
        """A notification for updates new to this desk (one for a batch of several)."""
        updates = [u for u in (self._store.record(UPDATE, i) for i in update_ids) if u]
        updates = [u for u in updates if not rules.expired(u, self._clock())]
        if len(updates) == 1:
            update = updates[0]
            must = bool(update.get("requires_ack"))
            self._notifier.notify(
                self.tr("New must-read update") if must else self.tr("New update"),
                self.page.describe(update, must_read=must),
            )
        elif updates:
            self._notifier.notify(
                self.tr("New updates"),
                self.tr("{count} new updates on the board").format(count=len(updates)),
            )

    def _shown(self, updates: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
        return [(u, self.page.describe(u, must_read=True)) for u in updates]

    def _show_at_sign_in(self, updates: list[dict[str, Any]]) -> None:
        dialog = self.dialog
        if dialog is None:
            if not updates or self.gate is not None:
                return
            dialog = self.dialog = self._dialog(gate=False)
            dialog.finished.connect(lambda _result: self._sign_in_closed())
            dialog.open()
        self._seen_must_reads.update(str(u["id"]) for u in updates)
        dialog.show_updates(self._shown(updates))

    def _sign_in_closed(self) -> None:
        self.dialog = None

    def _dialog(self, *, gate: bool) -> MustReadDialog:
        dialog = MustReadDialog(gate=gate, parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acknowledged.connect(self.acknowledge)
        return dialog

    # --- acknowledging -------------------------------------------------------------

    def acknowledge(self, updates: list[dict[str, Any]]) -> None:
        """One ``update.acknowledge`` per update, each shown at once as my acknowledgement."""
        acknowledged = self._acknowledged()
        changes = []
        for update in updates:
            if str(update["id"]) in acknowledged:
                continue
            ack_id = new_id()  # the server's acknowledgement replaces this one when it answers
            shown = {
                "announcement_id": str(update["id"]),
                "user_id": str(self._user_id),
                "at": self._clock().isoformat(),
            }
            self._store.record_op(
                "update.acknowledge",
                {"update_id": uuid.UUID(str(update["id"]))},
                local=LocalChange(ACK, ack_id, shown),
            )
            changes.append(RecordChange(ACK, ack_id, "changed"))
        if not changes:
            return
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit(changes)  # the window hands them back to records_changed

    # --- the gate before Ready -----------------------------------------------------

    def holds_ready(self, state: str) -> bool:
        """Whether going to ``state`` waits for must-reads (the gate is then shown)."""
        if state != AgentState.READY:
            return False
        pending = self.must_reads()
        if not pending:
            return False
        self._open_gate(pending)
        return True

    def _open_gate(self, pending: list[dict[str, Any]]) -> None:
        if self.dialog is not None:
            self.dialog.close()  # the gate shows the same updates and more
        gate = self.gate
        if gate is None:
            gate = self.gate = self._dialog(gate=True)
            gate.finished.connect(self._gate_closed)
            gate.open()
        gate.show_updates(self._shown(pending))
        gate.raise_()

    def _gate_closed(self, result: int) -> None:
        self.gate = None
        if result == MustReadDialog.DialogCode.Accepted and not self.must_reads():
            self.goReady.emit()
            return
        self.stayed.emit()
        self.message.emit(
            self.tr(
                "You have not gone ready: {count} must-read updates are waiting for your "
                "acknowledgement (Ctrl+Shift+U)."
            ).format(count=len(self.must_reads()))
        )

    def _tell_refusals(self) -> None:
        """Ready refused by the server: say why (then forget the refusal), show what is known."""
        for refused in self._store.rejected():
            if refused.kind != "agent.state" or refused.payload.get("state") != AgentState.READY:
                continue
            self.message.emit(
                self.tr("The server kept you from going ready: {reason}").format(
                    reason=refused.reason
                )
            )
            self._store.dismiss_rejected(refused.op_id)  # the rep has been told
            self.opQueued.emit()  # recount: one rejected op fewer
            pending = self.must_reads()
            if pending:
                self._open_gate(pending)
