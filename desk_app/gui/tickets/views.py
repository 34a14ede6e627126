"""The open ticket pages, and what the rep does to tickets: each change an op, shown at once.

A status move, a priority, "take it", a checklist tick, an escalation, a new
ticket: each is an op in the local store with a :class:`LocalChange`, so the
page and the list show it before the server has it (offline too), and the
sync thread sends it (``opQueued`` tells the window to wake it). What the
rules refuse (a move the life cycle forbids, resolving with open checklist
items, a hand-off without its three parts) is refused here, with the
domain's words, before anything is queued; the server checks again.
"""

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.enums import Department, Priority, TicketStatus
from desk_app.domain.ids import new_id
from desk_app.domain.tickets import (
    ACTIVE,
    PAUSING,
    TicketRuleError,
    check_move,
    checklist_for,
    department_for,
    tick,
)
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.notes.dialog import NoteDialog
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.notes.section import NotesSection, notes_of
from desk_app.gui.offer.display import record_id
from desk_app.gui.tickets.dialogs import EscalateDialog, Escalation, NewTicket, NewTicketDialog
from desk_app.gui.tickets.display import NEW_NUMBER, sentence
from desk_app.gui.tickets.view import TicketView
from desk_app.gui.work.tabs import InteractionTabs

ENTITY = "ticket"
NEW_TICKET_KEY = "Ctrl+Shift+T"
ESCALATE_KEY = "Ctrl+Shift+E"
NOTE_KEY = "Ctrl+Shift+N"
FIRST_VERSION = 1  # a ticket made on this desk is at this version once the server has it


def _now() -> datetime:
    return datetime.now(UTC)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return None if value in (None, "") else uuid.UUID(str(value))
    except ValueError:
        return None


class TicketViews(QObject):
    """Every open :class:`TicketView`, keyed by ticket id, and the ticket actions of the Work menu.

    Signals: ``opQueued()`` after an op was written; ``cacheChanged(changes)``
    for the records it showed at once (the window redraws them: the list,
    the pages); ``message(text)`` for the status bar;
    ``customerRequested(customer)`` to open a 360° view.
    """

    opQueued = Signal()
    cacheChanged = Signal(list)
    message = Signal(str)
    customerRequested = Signal(dict)

    def __init__(
        self,
        *,
        store: LocalStore,
        tabs: InteractionTabs,
        directory: UserDirectory,
        user_id: uuid.UUID,
        departments: Sequence[str],
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._tabs = tabs
        self._directory = directory
        self._user_id = user_id
        self._departments = departments
        self._clock = clock
        self._views: dict[uuid.UUID, TicketView] = {}
        self._notes: list[NotesSection] = []  # every open notes section, pages' and dialogs'
        self.dialog: QWidget | None = None  # the last dialog opened (tests drive it)
        tabs.pageClosed.connect(self._closed)
        directory.changed.connect(self._redraw_all)

    # --- the Work menu -------------------------------------------------------------------

    def add_actions(self, menu: QMenu) -> None:
        """New ticket, Escalate, Add internal note: on the interaction or ticket in front."""
        for text, key, slot, name in (
            (self.tr("New &ticket…"), NEW_TICKET_KEY, self.new_ticket, "newTicketAction"),
            (self.tr("&Escalate…"), ESCALATE_KEY, self.escalate_front, "escalateAction"),
            (self.tr("Add internal &note…"), NOTE_KEY, self.note_front, "noteAction"),
        ):
            action = QAction(text, menu)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            menu.addAction(action)

    def _front_interaction(self) -> dict[str, Any] | None:
        interaction_id = self._tabs.current_interaction()
        return None if interaction_id is None else self._store.record("interaction", interaction_id)

    def _front_ticket(self) -> TicketView | None:
        page = self._tabs.currentWidget()
        return page if isinstance(page, TicketView) else None

    # --- opening ----------------------------------------------------------------------

    def open(self, ticket_id: uuid.UUID) -> TicketView | None:
        """The ticket's page, in front (opened once)."""
        view = self._views.get(ticket_id)
        if view is None:
            record = self._store.record(ENTITY, ticket_id)
            if record is None:
                return None
            notes = self._notes_section("ticket", ticket_id)
            view = TicketView(record, names=self._directory.name_of, notes=notes, clock=self._clock)
            view.statusRequested.connect(partial(self._move, view))
            view.priorityRequested.connect(partial(self._priority, view))
            view.takeRequested.connect(partial(self._take, view))
            view.checkRequested.connect(partial(self._check, view))
            view.escalateRequested.connect(partial(self._escalate_dialog, view))
            view.customerRequested.connect(self._open_customer)
            view.keepMineRequested.connect(partial(self._keep_mine, view))
            view.takeTheirsRequested.connect(partial(self._take_theirs, view))
            view.dismissRequested.connect(partial(self._dismiss, view))
            self._views[ticket_id] = view
            self._redraw(view)
        self._tabs.show_page(view, view.title())
        return view

    def view(self, ticket_id: uuid.UUID) -> TicketView | None:
        return self._views.get(ticket_id)

    def views(self) -> list[TicketView]:
        return list(self._views.values())

    def _notes_section(self, subject_type: str, subject_id: uuid.UUID) -> NotesSection:
        section = NotesSection(
            store=self._store,
            directory=self._directory,
            user_id=self._user_id,
            subject_type=subject_type,
            subject_id=subject_id,
        )
        section.opQueued.connect(self.opQueued)
        section.cacheChanged.connect(self.cacheChanged)  # the note joins the ticket's history
        section.message.connect(self.message)
        section.destroyed.connect(lambda: self._forget(section))
        self._notes.append(section)
        return section

    def _forget(self, section: object) -> None:
        self._notes = [s for s in self._notes if s is not section]

    def _closed(self, page: object) -> None:
        if isinstance(page, TicketView):
            self._views.pop(page.ticket_id, None)

    def _open_customer(self, customer_id: uuid.UUID) -> None:
        customer = self._store.record("customer", customer_id) or {"id": str(customer_id)}
        self.customerRequested.emit(customer)

    # --- drawing ----------------------------------------------------------------------

    def _redraw(self, view: TicketView) -> None:
        record = self._store.record(ENTITY, view.ticket_id)
        if record is None:
            return
        customer_id = _uuid(record.get("customer_id"))
        order_id = _uuid(record.get("order_id"))
        view.show_record(
            record,
            customer=None if customer_id is None else self._store.record("customer", customer_id),
            order=None if order_id is None else self._store.record("order", order_id),
            notes=notes_of(self._store, "ticket", view.ticket_id),
            may_take=record.get("owner_id") is None and record.get("status") in ACTIVE,
        )
        self._tabs.retitle_page(view, view.title())
        self._show_sync(view)

    def _redraw_all(self) -> None:
        for view in self._views.values():
            self._redraw(view)

    def _show_sync(self, view: TicketView) -> None:
        ticket_id = view.ticket_id
        conflict = next(
            (c for c in self._store.conflicts() if c.entity == ENTITY and c.entity_id == ticket_id),
            None,
        )
        rejected = next(
            (
                r
                for r in self._store.rejected()
                if r.kind.startswith("ticket.")
                and str(r.payload.get("ticket_id") or r.payload.get("id")) == str(ticket_id)
            ),
            None,
        )
        waiting = self._store.has_local_changes(ENTITY, ticket_id)
        view.show_sync(waiting=waiting, conflict=conflict, rejected=rejected)

    def records_changed(self, changes: list[RecordChange]) -> None:
        """Redraw the open pages (and notes) the sync thread or a resolution touched."""
        notes = any(change.entity == "note" for change in changes)
        touched = {change.id for change in changes if change.entity == ENTITY}
        others = any(change.entity in ("customer", "order") for change in changes)
        for ticket_id, view in list(self._views.items()):
            if notes or others or ticket_id in touched:
                self._redraw(view)
        if notes:
            for section in self._notes:
                section.records_changed(changes)

    # --- edits ------------------------------------------------------------------------

    def _update(self, view: TicketView, fields: dict[str, Any], shown: dict[str, Any]) -> None:
        ticket_id = view.ticket_id
        self._store.record_op(
            "ticket.update",
            {"ticket_id": str(ticket_id), **fields},
            base_version=view.record.get("version") or FIRST_VERSION,
            local=LocalChange(ENTITY, ticket_id, {**fields, **shown}),
        )
        self._queued(view.ticket_id)

    def _move(self, view: TicketView, target: str) -> None:
        record = view.record
        try:
            current = TicketStatus(record.get("status"))
            check_move(current, TicketStatus(target), record.get("checklist") or [])
        except (TicketRuleError, ValueError) as refusal:
            view.show_refusal(sentence(refusal))
            self._redraw(view)  # the list goes back to the current status
            return
        view.show_refusal(None)
        shown: dict[str, Any] = {"updated_at": self._clock().isoformat()}
        if TicketStatus(target) in PAUSING and not record.get("sla_paused_at"):
            shown["sla_paused_at"] = self._clock().isoformat()
        elif TicketStatus(target) not in PAUSING and record.get("sla_paused_at"):
            shown["sla_paused_at"] = None
        self._update(view, {"status": target}, shown)

    def _priority(self, view: TicketView, priority: str) -> None:
        self._update(view, {"priority": priority}, {})

    def _take(self, view: TicketView) -> None:
        """An unowned ticket of the team's queue becomes mine."""
        self._update(view, {"owner_id": str(self._user_id)}, {})
        self.message.emit(self.tr("{title} is yours now.").format(title=view.title()))

    def _check(self, view: TicketView, index: int, done: bool) -> None:
        checklist = view.record.get("checklist") or []
        try:
            ticked = tick(checklist, index, done)
        except TicketRuleError as refusal:
            view.show_refusal(sentence(refusal))
            return
        ticket_id = view.ticket_id
        self._store.record_op(
            "ticket.check",
            {"ticket_id": str(ticket_id), "index": index, "done": done},
            # the server ignores it (last writer wins per item); the outbox moves the edits
            # queued after the tick onto the version the tick makes
            base_version=view.record.get("version") or FIRST_VERSION,
            local=LocalChange(ENTITY, ticket_id, {"checklist": ticked}),
        )
        view.show_refusal(None)
        self._queued(view.ticket_id)

    def _queued(self, ticket_id: uuid.UUID) -> None:
        view = self._views.get(ticket_id)
        if view is not None:
            self._redraw(view)
        self.opQueued.emit()
        self.cacheChanged.emit([RecordChange(ENTITY, ticket_id, "changed")])

    # --- new tickets ------------------------------------------------------------------

    def new_ticket(self) -> None:
        """The New ticket dialog, filled from the interaction in front (if any)."""
        interaction = self._front_interaction()
        customer = self._customer_of(interaction)
        dialog = NewTicketDialog(
            departments=self._departments,
            subject=str((interaction or {}).get("subject") or ""),
            category=(interaction or {}).get("category"),
            customer_name=None if customer is None else customer.get("name"),
            parent=self._tabs.window(),
        )
        dialog.accepted.connect(partial(self._new_ticket_done, dialog, interaction))
        self.dialog = dialog
        dialog.open()

    def _new_ticket_done(self, dialog: NewTicketDialog, interaction: dict[str, Any] | None) -> None:
        if dialog.ticket is not None:
            ticket_id = self.create(dialog.ticket, interaction)
            self.open(ticket_id)

    def create(self, ticket: NewTicket, interaction: dict[str, Any] | None) -> uuid.UUID:
        """Queue ``ticket.create`` (linked to ``interaction``); shown at once, numbered "new"."""
        ticket_id = new_id()
        payload: dict[str, Any] = {
            "id": str(ticket_id),
            "subject": ticket.subject,
            "description": ticket.description,
            "priority": ticket.priority.value,
            "department": ticket.department,
        }
        if ticket.category:
            payload["category"] = ticket.category
        customer_id = (interaction or {}).get("customer_id")
        if customer_id:
            payload["customer_id"] = str(customer_id)
        if interaction is not None:
            payload["interaction_id"] = str(interaction["id"])
        now = self._clock().isoformat()
        shown = {
            **payload,
            "number": NEW_NUMBER,
            "status": TicketStatus.NEW.value,
            "tier": 1,
            "customer_id": payload.get("customer_id"),
            "category": ticket.category,
            "owner_id": str(self._user_id),
            "checklist": checklist_for(ticket.category),
            "interaction_ids": [payload["interaction_id"]] if interaction is not None else [],
            "escalations": [],
            "history": [],
            "created_at": now,
            "updated_at": now,
        }
        shown.pop("interaction_id", None)
        self._store.record_op("ticket.create", payload, local=LocalChange(ENTITY, ticket_id, shown))
        self._queued(ticket_id)
        return ticket_id

    def _customer_of(self, interaction: dict[str, Any] | None) -> dict[str, Any] | None:
        customer_id = _uuid((interaction or {}).get("customer_id"))
        return None if customer_id is None else self._store.record("customer", customer_id)

    # --- escalation -------------------------------------------------------------------

    def escalate_front(self) -> None:
        """Escalate the ticket in front, or the interaction (its ticket, made if needed)."""
        view = self._front_ticket()
        if view is not None:
            self._escalate_dialog(view)
            return
        interaction = self._front_interaction()
        if interaction is None:
            self.message.emit(self.tr("Open the ticket or the interaction to escalate first."))
            return
        ticket = self._ticket_of(interaction)
        department = str(
            (ticket or {}).get("department") or department_for(interaction.get("category"))
        )
        dialog = EscalateDialog(
            department=department,
            departments=self._departments,
            tier=int((ticket or {}).get("tier") or 1),
            status=TicketStatus((ticket or {}).get("status") or TicketStatus.NEW),
            directory=self._directory,
            title=str(interaction.get("subject") or self.tr("this interaction")),
            parent=self._tabs.window(),
        )
        dialog.accepted.connect(partial(self._interaction_escalated, dialog, interaction))
        self.dialog = dialog
        dialog.open()

    def _ticket_of(self, interaction: dict[str, Any]) -> dict[str, Any] | None:
        """The ticket the interaction is linked to (on the server, or by this desk)."""
        linked = _uuid(interaction.get("ticket_id"))
        if linked is not None:
            record = self._store.record(ENTITY, linked)
            if record is not None:
                return record
        wanted = str(interaction["id"])
        return next(
            (t for t in self._store.records(ENTITY) if wanted in (t.get("interaction_ids") or [])),
            None,
        )

    def _interaction_escalated(self, dialog: EscalateDialog, interaction: dict[str, Any]) -> None:
        if dialog.escalation is None:
            return
        ticket = self._ticket_of(interaction)
        if ticket is None:
            category = interaction.get("category")
            made = NewTicket(
                subject=str(interaction.get("subject") or self.tr("Escalated interaction")),
                description="",
                category=category,
                department=department_for(category),
                priority=_priority_of(interaction),
            )
            ticket_id = self.create(made, interaction)
        else:
            ticket_id = record_id(ticket)
        self.escalate(ticket_id, dialog.escalation, interaction_id=record_id(interaction))
        self.open(ticket_id)

    def _escalate_dialog(self, view: TicketView) -> None:
        record = view.record
        dialog = EscalateDialog(
            department=str(record.get("department") or Department.TECHNICAL_SUPPORT),
            departments=self._departments,
            tier=int(record.get("tier") or 1),
            status=TicketStatus(record.get("status") or TicketStatus.NEW),
            directory=self._directory,
            title=view.title(),
            parent=view.window(),
        )
        dialog.accepted.connect(partial(self._view_escalated, dialog, view.ticket_id))
        self.dialog = dialog
        dialog.open()

    def _view_escalated(self, dialog: EscalateDialog, ticket_id: uuid.UUID) -> None:
        if dialog.escalation is not None:
            self.escalate(ticket_id, dialog.escalation)

    def escalate(
        self,
        ticket_id: uuid.UUID,
        escalation: Escalation,
        *,
        interaction_id: uuid.UUID | None = None,
    ) -> None:
        """Queue ``ticket.escalate``; the hand-off shows in the history at once."""
        record = self._store.record(ENTITY, ticket_id) or {}
        hand_off = escalation.hand_off
        payload: dict[str, Any] = {
            "ticket_id": str(ticket_id),
            "tried": hand_off.tried,
            "told": hand_off.told,
            "expected": hand_off.expected,
        }
        if escalation.to_department is not None:
            payload["to_department"] = escalation.to_department
        if escalation.to_tier is not None:
            payload["to_tier"] = escalation.to_tier
        if escalation.to_owner_id is not None:
            payload["to_owner_id"] = str(escalation.to_owner_id)
        if interaction_id is not None:
            payload["interaction_id"] = str(interaction_id)
        department = payload.get("to_department") or record.get("department")
        tier = payload.get("to_tier") or record.get("tier") or 1
        now = self._clock().isoformat()
        handed = {
            "id": str(new_id()),
            "at": now,
            "by_id": str(self._user_id),
            "from_department": record.get("department"),
            "to_department": department,
            "from_tier": record.get("tier") or 1,
            "to_tier": tier,
            "to_owner_id": payload.get("to_owner_id"),
            "note": hand_off.text(),
            "tried": hand_off.tried,
            "told": hand_off.told,
            "expected": hand_off.expected,
            "interaction_id": payload.get("interaction_id"),
            "context": {},
        }
        shown = {
            "department": department,
            "tier": tier,
            "owner_id": payload.get("to_owner_id"),
            "status": TicketStatus.OPEN.value,
            "escalations": [*(record.get("escalations") or []), handed],
            "updated_at": now,
        }
        self._store.record_op(
            "ticket.escalate",
            payload,
            base_version=record.get("version") or FIRST_VERSION,
            local=LocalChange(ENTITY, ticket_id, shown),
        )
        self._queued(ticket_id)
        self.message.emit(self.tr("Escalated with the hand-off note."))

    # --- notes ------------------------------------------------------------------------

    def note_front(self) -> None:
        """An internal note on the ticket, interaction or customer in front."""
        page = self._tabs.currentWidget()
        subject: tuple[str, uuid.UUID, str] | None = None
        if isinstance(page, TicketView):
            subject = ("ticket", page.ticket_id, page.title())
        elif isinstance(page, CustomerView):
            subject = ("customer", page.customer_id, page.title())
        else:
            interaction_id = self._tabs.current_interaction()
            tab = None if interaction_id is None else self._tabs.tab(interaction_id)
            if interaction_id is not None and tab is not None:
                subject = ("interaction", interaction_id, tab.title())
        if subject is None:
            self.message.emit(self.tr("Open the interaction or ticket to write a note on first."))
            return
        subject_type, subject_id, title = subject
        section = self._notes_section(subject_type, subject_id)
        dialog = NoteDialog(section, title, parent=self._tabs.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    # --- conflicts --------------------------------------------------------------------

    def _keep_mine(self, view: TicketView, op_id: uuid.UUID | None) -> None:
        if op_id is not None:
            self._store.keep_mine(op_id)
            self._queued(view.ticket_id)

    def _take_theirs(self, view: TicketView, op_id: uuid.UUID | None) -> None:
        if op_id is not None:
            self._store.take_theirs(op_id)
            self._queued(view.ticket_id)

    def _dismiss(self, view: TicketView, op_id: uuid.UUID | None) -> None:
        if op_id is not None:
            self._store.dismiss_rejected(op_id)
            self._queued(view.ticket_id)


def _priority_of(interaction: dict[str, Any]) -> Priority:
    try:
        return Priority(interaction.get("priority") or Priority.NORMAL)
    except ValueError:
        return Priority.NORMAL
