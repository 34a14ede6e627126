"""The Tickets page and a ticket's view: the list, status moves, the checklist, taking a ticket,
new tickets from an interaction. The sync thread never runs here: every op waits in the outbox."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.client.store import LocalStore
from desk_app.client.store.schema import OutboxOp
from desk_app.client.store.sessions import transaction
from desk_app.domain.enums import TicketStatus
from desk_app.domain.ids import new_id
from desk_app.domain.tickets import TRANSITIONS
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.main_window import MainWindow
from desk_app.gui.queue.model import RED
from desk_app.gui.tickets.dialogs import NewTicketDialog
from desk_app.gui.tickets.model import COL_BREACH, COL_STATUS, COL_SUBJECT
from desk_app.gui.tickets.view import TicketView
from tests.gui import offer_records
from tests.gui.test_main_window import SESSION, USER_ID, active, active_window, feed

TEAM_ID = uuid.uuid4()
OTHER_TEAM_ID = uuid.uuid4()
COLLEAGUE_ID = uuid.uuid4()


def _iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


def ticket(**fields: Any) -> dict[str, Any]:
    """A ticket record as the feed carries it: mine, open, clocks running."""
    record: dict[str, Any] = {
        "id": str(new_id()),
        "number": "T-1001",
        "subject": "Router keeps dropping the line",
        "description": "",
        "status": "open",
        "priority": "normal",
        "department": "technical_support",
        "tier": 1,
        "category": "technical_issue",
        "customer_id": None,
        "order_id": None,
        "owner_id": str(USER_ID),
        "team_id": str(TEAM_ID),
        "store_id": None,
        "needs_supervisor": False,
        "checklist": [
            {"text": "Device model and software version recorded", "done": False},
            {"text": "Troubleshooting steps tried are listed", "done": False},
        ],
        "first_response_due_at": None,
        "resolution_due_at": _iso(timedelta(hours=20)),
        "first_responded_at": _iso(timedelta(hours=-3)),
        "resolved_at": None,
        "sla_paused_at": None,
        "interaction_ids": [],
        "escalations": [],
        "history": [],
        "version": 3,
        "created_at": _iso(timedelta(hours=-4)),
        "updated_at": _iso(timedelta(hours=-1)),
    }
    record.update(fields)
    return record


def agent_profile() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "user_id": str(USER_ID),
        "team_id": str(TEAM_ID),
        "state": "ready",
        "reason": None,
        "state_since": _iso(timedelta()),
        "version": 1,
    }


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def ops(store: LocalStore, kind: str) -> list[tuple[dict[str, Any], int | None]]:
    """Every op of ``kind`` waiting in the outbox, in order (``pending`` holds back later
    edits of a record until the earlier ones are answered)."""
    with transaction(store._engine, write=False) as session:
        rows = session.scalars(
            select(OutboxOp).where(OutboxOp.kind == kind).order_by(OutboxOp.position)
        )
        return [(row.payload, row.base_version) for row in rows]


def _subjects(window: MainWindow) -> list[str]:
    proxy = window.ticket_list.proxy
    return [proxy.index(row, COL_SUBJECT).data() for row in range(proxy.rowCount())]


def open_ticket(window: MainWindow, record: dict[str, Any]) -> TicketView:
    view = window.tickets.open(uuid.UUID(record["id"]))
    assert view is not None
    assert window.tabs.currentWidget() is view
    return view


def test_the_list_shows_mine_and_my_teams_queue_soonest_breach_first_and_follows_changes(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    later = ticket(subject="Later", resolution_due_at=_iso(timedelta(hours=30)))
    sooner = ticket(subject="Sooner", owner_id=None, resolution_due_at=_iso(timedelta(hours=2)))
    theirs = ticket(subject="A colleague's", owner_id=str(COLLEAGUE_ID))
    elsewhere = ticket(subject="Other team's queue", owner_id=None, team_id=str(OTHER_TEAM_ID))
    closed = ticket(subject="Closed", status="closed")
    feed(
        store,
        ("agent_profile", agent_profile()),
        *(("ticket", t) for t in (later, sooner, theirs, elsewhere, closed)),
    )
    window = active_window(qtbot, store, desk_settings)
    assert window.left_tabs.tabText(1) == "&Tickets"
    assert _subjects(window) == ["Sooner", "Later"]
    proxy = window.ticket_list.proxy
    assert proxy.index(0, COL_BREACH).data() == "1h 59m"
    resets: list[object] = []
    window.ticket_list.model.modelReset.connect(lambda: resets.append(1))
    breached = {**later, "resolution_due_at": _iso(timedelta(minutes=-30)), "version": 4}
    window.show_changes(feed(store, ("ticket", breached)))
    assert _subjects(window) == ["Later", "Sooner"]  # now the first to breach: it has
    assert proxy.index(0, COL_BREACH).data() == "breached 30m ago"
    assert proxy.index(0, COL_BREACH).data(Qt.ItemDataRole.ForegroundRole) == RED
    window.ticket_list.status_filter.setCurrentIndex(
        window.ticket_list.status_filter.findText("Closed")
    )
    assert _subjects(window) == ["Closed"]
    window.ticket_list.status_filter.setCurrentIndex(0)
    paused = {
        **sooner,
        "status": "pending_customer",
        "sla_paused_at": _iso(timedelta()),
        "version": 4,
    }
    window.show_changes(feed(store, ("ticket", paused)))
    row = _subjects(window).index("Sooner")
    assert proxy.index(row, COL_STATUS).data() == "Pending customer"
    assert proxy.index(row, COL_BREACH).data() == "1h 59m (paused)"
    assert resets == []  # row by row, never rebuilt


def test_enter_on_a_row_opens_the_ticket_in_the_centre_tabs(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    record = ticket()
    feed(store, ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    window.left_tabs.setCurrentWidget(window.ticket_list)
    window.ticket_list.focus_list()
    qtbot.keyClick(window.ticket_list.table, Qt.Key.Key_Return)
    view = window.tabs.currentWidget()
    assert isinstance(view, TicketView)
    assert view.heading.text() == "T-1001 · Router keeps dropping the line"
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Ticket T-1001"
    assert "Resolution: 19h 59m left" in view.sla.text()


def test_the_status_list_offers_the_life_cycles_moves_and_refuses_resolving_with_open_items(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    record = ticket()
    feed(store, ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    view = open_ticket(window, record)
    offered = {view.status.itemData(i) for i in range(view.status.count())}
    assert offered == {"open"} | {s.value for s in TRANSITIONS[TicketStatus.OPEN]}
    assert "new" not in offered
    assert "closed" not in offered
    view.status.activated.emit(view.status.findData("resolved"))
    assert view.refusal.isVisible()
    assert view.refusal.text() == (
        "2 checklist item(s) still open: Device model and software version recorded; "
        "Troubleshooting steps tried are listed."
    )
    assert view.status.currentData() == "open"
    assert ops(store, "ticket.update") == []
    view.status.activated.emit(view.status.findData("pending_customer"))
    assert not view.refusal.isVisible()
    assert ops(store, "ticket.update") == [
        ({"ticket_id": record["id"], "status": "pending_customer"}, 3)
    ]
    shown = store.record("ticket", uuid.UUID(record["id"]))
    assert shown is not None
    assert shown["status"] == "pending_customer"
    assert "paused (pending customer)" in view.sla.text()
    assert view.state.text() == "Saved on this desk, waiting to sync"
    assert "1 ops waiting" in window.status_bar.ops_label.text()  # offline: it waits


def test_a_checklist_tick_queues_ticket_check_and_shows_at_once(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    record = ticket()
    feed(store, ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    view = open_ticket(window, record)
    item = view.checklist.item(1)
    assert item.checkState() == Qt.CheckState.Unchecked
    item.setCheckState(Qt.CheckState.Checked)
    assert ops(store, "ticket.check") == [
        ({"ticket_id": record["id"], "index": 1, "done": True}, 3)
    ]
    shown = store.record("ticket", uuid.UUID(record["id"]))
    assert shown is not None
    assert [i["done"] for i in shown["checklist"]] == [False, True]
    assert view.checklist.item(1).checkState() == Qt.CheckState.Checked
    view.checklist.item(0).setCheckState(Qt.CheckState.Checked)
    view.status.activated.emit(view.status.findData("resolved"))  # nothing left open now
    assert not view.refusal.isVisible()
    assert ops(store, "ticket.update") == [({"ticket_id": record["id"], "status": "resolved"}, 3)]


def test_take_it_makes_a_queue_ticket_mine(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    record = ticket(owner_id=None)
    feed(store, ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    view = open_ticket(window, record)
    assert view.owner.text() == "Unowned — in the team's queue"
    assert view.take_button.isVisible()
    view.take_button.click()
    assert ops(store, "ticket.update") == [
        ({"ticket_id": record["id"], "owner_id": str(USER_ID)}, 3)
    ]
    assert not view.take_button.isVisible()


def test_the_customer_link_opens_the_customers_view(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer()
    record = ticket(customer_id=customer["id"])
    feed(store, ("customer", customer), ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    view = open_ticket(window, record)
    assert "Ada King" in view.links.text()
    view.links.linkActivated.emit("customer")
    page = window.tabs.currentWidget()
    assert isinstance(page, CustomerView)
    assert page.customer_id == uuid.UUID(customer["id"])


def test_a_new_ticket_from_the_interaction_in_front_is_linked_and_shown_at_once(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    customer = offer_records.customer()
    call = active(
        subject="Parcel never came", category="shipping_delay", customer_id=customer["id"]
    )
    feed(store, ("customer", customer), ("interaction", call))
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    qtbot.keyClick(
        window.tabs.currentWidget(),
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.tickets.dialog
    assert isinstance(dialog, NewTicketDialog)
    assert dialog.subject.text() == "Parcel never came"
    assert dialog.category.currentData() == "shipping_delay"
    assert dialog.department.currentData() == "logistics"  # department_for(category)
    dialog.accept()
    ((payload, base_version),) = ops(store, "ticket.create")
    assert base_version is None
    ticket_id = payload.pop("id")
    assert uuid.UUID(ticket_id).version == 7
    assert payload == {
        "subject": "Parcel never came",
        "description": "",
        "priority": "normal",
        "department": "logistics",
        "category": "shipping_delay",
        "customer_id": customer["id"],
        "interaction_id": call["id"],
    }
    view = window.tabs.currentWidget()
    assert isinstance(view, TicketView)
    assert view.heading.text() == "new · Parcel never came"
    assert view.checklist.count() == 2  # the category's template, before the server's
    assert "Parcel never came" in _subjects(window)
    # the server's answer settles the op: its number replaces the provisional one
    (op,) = [op for op in store.replica.pending(100) if op.kind == "ticket.create"]
    numbered = {**store.record("ticket", uuid.UUID(ticket_id)), "number": "T-2001", "version": 1}
    answer = {"op_id": str(op.op_id), "status": "applied", "record": numbered}
    window.show_changes(store.replica.settle([answer]))
    assert view.heading.text() == "T-2001 · Parcel never came"
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Ticket T-2001"


def test_a_blank_new_ticket_needs_a_subject(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = active_window(qtbot, store, desk_settings)
    window.tickets.new_ticket()
    dialog = window.tickets.dialog
    assert isinstance(dialog, NewTicketDialog)
    assert dialog.department.currentData() == "technical_support"
    dialog.accept()
    assert dialog.problem.text() == "Give the ticket a subject."
    assert ops(store, "ticket.create") == []


def test_the_new_ticket_dialog_offers_the_departments_the_server_configured(
    qtbot: QtBot,
) -> None:
    dialog = NewTicketDialog(
        departments=("technical_support", "logistics", "billing", "marketing", "quality"),
        subject="Kettle leaks",
    )
    qtbot.addWidget(dialog)
    offered = [dialog.department.itemData(i) for i in range(dialog.department.count())]
    assert offered[-1] == "quality"
    assert dialog.department.itemText(len(offered) - 1) == "Quality"
    dialog.department.setCurrentIndex(len(offered) - 1)
    dialog.accept()
    assert dialog.ticket is not None
    assert dialog.ticket.department == "quality"
