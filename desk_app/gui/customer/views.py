"""The open 360° views: opening one per customer, feeding them, and acting for them.

What the rep does in a view becomes an op in the local store at once (a
``customer.update`` with the changed fields, an ``order.action``), shown
before the server has it and sent by the sync thread; the view says
"waiting to sync" until the op is settled, and shows a conflict or a
refusal as the store records it. Reads the rep waits for (the overview, a
merge) go straight to the server through :class:`DirectCalls`.
"""

import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.access import Action, may
from desk_app.domain.enums import Role
from desk_app.domain.ids import new_id
from desk_app.gui.customer.merge import MergeDialog
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.lookup.search import LookupSearch, server_reachable
from desk_app.gui.offer.display import record_id
from desk_app.gui.sync_thread import SyncBridge
from desk_app.gui.work.tabs import InteractionTabs

Remembered = tuple[dict[str, Any], list[RecordChange]]
"""A server's answer, and the cached records that remembering it changed."""


def _reason(error: Exception | None) -> str:
    if isinstance(error, ApiError):
        return error.detail
    return str(error or "")


def _offline(error: Exception | None) -> bool:
    return isinstance(error, ApiError) and error.status is None


class CustomerViews(QObject):
    """Every open :class:`CustomerView`, keyed by customer id.

    Signals: ``opQueued()`` after an op was written (the status bar
    recounts the outbox); ``cacheChanged(changes)`` when a server answer
    was remembered in the cache (the window redraws those records).
    """

    opQueued = Signal()
    cacheChanged = Signal(list)

    def __init__(
        self,
        *,
        store: LocalStore,
        bridge: SyncBridge,
        direct: DirectCalls | None,
        tabs: InteractionTabs,
        user_id: uuid.UUID,
        role: str,
        region: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._bridge = bridge
        self._direct = direct
        self._tabs = tabs
        self._user_id = user_id
        self._region = region
        try:
            known = Role(role)
        except ValueError:
            known = Role.REP
        self._may_refund = may(known, Action.REFUND_REQUEST)
        self._may_merge = may(known, Action.CUSTOMER_MERGE)
        self._views: dict[uuid.UUID, CustomerView] = {}
        self._stale: set[uuid.UUID] = set()  # views whose overview did not come
        self.merge_dialog: MergeDialog | None = None
        # connections
        tabs.pageClosed.connect(self._closed)
        bridge.statusChanged.connect(self._status_changed)

    # --- opening -------------------------------------------------------------------------

    def open(self, customer: dict[str, Any]) -> CustomerView:
        """Show the customer's view (opened once; again, it comes to the front)."""
        customer_id = record_id(customer)
        view = self._views.get(customer_id)
        if view is None:
            record = self._store.record("customer", customer_id) or customer
            view = CustomerView(
                record,
                region=self._region,
                may_refund=self._may_refund,
                may_merge=self._may_merge,
            )
            view.saveRequested.connect(partial(self._save, view))
            view.actionRequested.connect(partial(self._order_action, view))
            view.refreshRequested.connect(partial(self.load_overview, view))
            view.mergeRequested.connect(partial(self._start_merge, view))
            view.keepMineRequested.connect(partial(self._keep_mine, view))
            view.takeTheirsRequested.connect(partial(self._take_theirs, view))
            view.dismissRequested.connect(partial(self._dismiss, view))
            self._views[customer_id] = view
            self._show_sync(view)
            self.load_overview(view)
        self._tabs.show_page(view, view.title())
        return view

    def view(self, customer_id: uuid.UUID) -> CustomerView | None:
        return self._views.get(customer_id)

    def _closed(self, page: object) -> None:
        if isinstance(page, CustomerView):
            self._views.pop(page.customer_id, None)
            self._stale.discard(page.customer_id)

    # --- the overview ----------------------------------------------------------------------

    def load_overview(self, view: CustomerView) -> None:
        """Ask the server for the view's orders, invoices and timeline (off the UI thread)."""
        if self._direct is None:
            self._unavailable(view, None)
            return
        view.begin_loading()
        customer_id = view.customer_id
        store = self._store

        def work(api: DeskApi) -> Remembered:
            overview = api.customer_overview(customer_id)
            # offline later, the contact data is here
            return overview, list(store.remember_customers([overview["customer"]]))

        self._direct.call(work, partial(self._overview_came, customer_id))

    def _overview_came(
        self, customer_id: uuid.UUID, answer: Remembered | None, error: Exception | None
    ) -> None:
        if answer is None:
            view = self._views.get(customer_id)
            if view is not None:
                self._unavailable(view, error)
            return
        overview, changes = answer
        if changes:
            self.cacheChanged.emit(changes)
        view = self._views.get(customer_id)
        if view is None:
            return  # closed meanwhile
        self._stale.discard(customer_id)
        actions, waiting = self._actions(overview)
        view.show_overview(overview, actions, waiting)
        record = self._store.record("customer", customer_id)
        view.show_record(record or overview["customer"])
        self._show_sync(view)

    def _unavailable(self, view: CustomerView, error: Exception | None) -> None:
        self._stale.add(view.customer_id)
        if error is None or _offline(error):
            view.show_unavailable(
                self.tr(
                    "Offline: the contact data is this desk's copy. Orders, invoices and "
                    "history need the server; they load when it answers."
                )
            )
        else:
            view.show_unavailable(
                self.tr("Orders, invoices and history could not be loaded: {reason}").format(
                    reason=_reason(error)
                )
            )

    def _status_changed(self, status: SyncStatus) -> None:
        """Back online: load what could not be loaded."""
        if status.online:
            for customer_id in list(self._stale):
                view = self._views.get(customer_id)
                if view is not None:
                    self._stale.discard(customer_id)
                    self.load_overview(view)

    def _actions(self, overview: dict[str, Any]) -> tuple[list[dict[str, Any]], set[uuid.UUID]]:
        """The overview's order actions and this desk's own not yet in it; those not synced."""
        orders = {str(order["id"]) for order in overview.get("orders") or []}
        actions = {str(a["id"]): a for a in overview.get("order_actions") or []}
        for cached in self._store.records("order_action"):
            if str(cached.get("order_id")) in orders:
                actions.setdefault(str(cached["id"]), cached)
        waiting = {
            uuid.UUID(action_id)
            for action_id in actions
            if self._store.has_local_changes("order_action", uuid.UUID(action_id))
        }
        newest_first = sorted(
            actions.values(), key=lambda a: str(a.get("created_at")), reverse=True
        )
        return newest_first, waiting

    # --- what the feed changed ---------------------------------------------------------------

    def records_changed(self, changes: list[RecordChange]) -> None:
        """Redraw the open views the sync thread (or a resolution) touched."""
        actions_changed = False
        for change in changes:
            if change.entity == "order_action":
                actions_changed = True
            if change.entity != "customer" or change.id not in self._views:
                continue
            view = self._views[change.id]
            record = self._store.record("customer", change.id)
            if change.action == "removed" or record is None:
                view.show_gone()
                continue
            view.show_record(record)
            self._tabs.retitle_page(view, view.title())
            self._show_sync(view)
        if actions_changed:
            for view in self._views.values():
                if view.overview is not None:
                    view.show_actions(*self._actions(view.overview))

    def _show_sync(self, view: CustomerView) -> None:
        customer_id = view.customer_id
        conflict = next(
            (
                c
                for c in self._store.conflicts()
                if c.entity == "customer" and c.entity_id == customer_id
            ),
            None,
        )
        rejected = next(
            (
                r
                for r in self._store.rejected()
                if r.kind == "customer.update"
                and str(r.payload.get("customer_id")) == str(customer_id)
            ),
            None,
        )
        waiting = self._store.has_local_changes("customer", customer_id)
        view.show_sync(waiting=waiting, conflict=conflict, rejected=rejected)

    # --- the rep's actions ---------------------------------------------------------------------

    def _save(self, view: CustomerView, changes: dict[str, Any]) -> None:
        """The changed contact fields: shown at once, sent as a ``customer.update`` op."""
        customer_id = view.customer_id
        self._store.record_op(
            "customer.update",
            {"customer_id": str(customer_id), **changes},
            base_version=view.record.get("version"),
            local=LocalChange("customer", customer_id, changes),
        )
        self._queued()
        record = self._store.record("customer", customer_id)
        if record is not None:
            view.show_record(record)
            self._tabs.retitle_page(view, view.title())
        self._show_sync(view)

    def _order_action(
        self,
        view: CustomerView,
        order_id: uuid.UUID,
        action: str,
        note: str,
        amount_cents: int | None,
    ) -> None:
        """An ``order.action`` op; the action shows on its order at once, waiting to sync."""
        action_id = new_id()
        payload = {
            "id": str(action_id),
            "order_id": str(order_id),
            "action": action,
            "note": note,
            "amount_cents": amount_cents,
        }
        shown = {
            **payload,
            "requested_by": str(self._user_id),
            "created_at": datetime.now(UTC).isoformat(),
        }
        self._store.record_op(
            "order.action", payload, local=LocalChange("order_action", action_id, shown)
        )
        self._queued()
        if view.overview is not None:
            view.show_actions(*self._actions(view.overview))

    def _keep_mine(self, view: CustomerView, op_id: uuid.UUID | None) -> None:
        if op_id is not None:
            _new_op, change = self._store.keep_mine(op_id)
            self._resolved(view, change)
            self._queued()

    def _take_theirs(self, view: CustomerView, op_id: uuid.UUID | None) -> None:
        if op_id is not None:
            self._resolved(view, self._store.take_theirs(op_id))
            self.opQueued.emit()  # the conflict count changed

    def _dismiss(self, view: CustomerView, op_id: uuid.UUID | None) -> None:
        if op_id is not None:
            self._store.dismiss_rejected(op_id)
            self._show_sync(view)
            self.opQueued.emit()

    def _resolved(self, view: CustomerView, change: RecordChange | None) -> None:
        record = self._store.record("customer", view.customer_id)
        if record is not None:
            view.show_record(record)
        self._show_sync(view)
        if change is not None:
            self.records_changed([change])

    def _queued(self) -> None:
        self._bridge.wake()
        self.opQueued.emit()

    # --- merging -------------------------------------------------------------------------------

    def _start_merge(self, view: CustomerView) -> None:
        search = LookupSearch(
            store=self._store,
            region=self._region,
            direct=self._direct,
            reachable=lambda: server_reachable(self._bridge.status),
        )
        search.cacheChanged.connect(self.cacheChanged)
        dialog = MergeDialog(view.record, search, parent=view)
        search.setParent(dialog)
        dialog.mergeConfirmed.connect(partial(self._merge, view, dialog))
        self.merge_dialog = dialog
        dialog.open()

    def _merge(self, view: CustomerView, dialog: MergeDialog, duplicate: dict[str, Any]) -> None:
        if self._direct is None:
            dialog.show_result(None, self.tr("the desk is not connected to a server"))
            return
        survivor_id = view.customer_id
        duplicate_id = record_id(duplicate)
        version = int(view.record.get("version") or 0)
        duplicate_version = int(duplicate.get("version") or 0)
        store = self._store

        def work(api: DeskApi) -> Remembered:
            merged = api.merge_customers(survivor_id, duplicate_id, version, duplicate_version)
            return merged, list(store.remember_customers([merged]))

        self._direct.call(work, partial(self._merged, view, dialog, duplicate_id))

    def _merged(
        self,
        view: CustomerView,
        dialog: MergeDialog,
        duplicate_id: uuid.UUID,
        answer: Remembered | None,
        error: Exception | None,
    ) -> None:
        if answer is None:
            dialog.show_result(None, _reason(error))
            return
        merged, changes = answer
        dialog.show_result(merged, None)
        if changes:
            self.cacheChanged.emit(changes)
        if view.customer_id not in self._views:
            return
        view.show_record(self._store.record("customer", view.customer_id) or merged)
        self._tabs.retitle_page(view, view.title())
        self.load_overview(view)
        gone = self._views.get(duplicate_id)
        if gone is not None:
            gone.show_gone()
