"""The 360° view: contact edits saved locally and synced, orders, invoices, history, merging."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desk_app.client.api import DeskApi
from desk_app.client.credentials import CredentialStore
from desk_app.client.session import DeskSession, Profile
from desk_app.client.store import LocalStore
from desk_app.gui.app import DeskApp
from desk_app.gui.customer.invoices import OVERDUE_ROLE
from desk_app.gui.customer.orders import COL_STATUS, KIND_ROLE
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.main_window import MainWindow
from desk_app.gui.sync_thread import SyncBridge
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.customer_desk import (
    SEED_PASSWORD,
    Admin,
    cached,
    loaded,
    open_desk,
    seeded_server,
)
from tests.gui.live_desk import SERVER_ENV, LiveDesk
from tests.support.live_server import free_port, live_server, new_database, prepare

CATCH_UP_MS = 120_000  # the sync engine backs off (with jitter) while the server is away


def _customer(**fields: Any) -> dict[str, Any]:
    record = {
        "id": str(uuid.uuid4()),
        "name": "Ada Lovelace",
        "segment": "consumer",
        "vip": False,
        "locale": "en_US",
        "preferred_channel": None,
        "phones": [{"number": "+12025550143", "label": "mobile"}],
        "emails": ["ada@example.com"],
        "addresses": [],
        "version": 3,
    }
    return {**record, **fields}


def _feed(store: LocalStore, *customers: dict[str, Any]) -> None:
    """Put customers in the cache as the change feed would."""
    start = store.replica.position().last_seq
    changes = [
        {"seq": start + n, "entity": "customer", "id": c["id"], "action": "upsert", "record": c}
        for n, c in enumerate(customers, start=1)
    ]
    store.replica.apply_changes(changes, start + len(changes))


# --- a window with no server behind it ------------------------------------------------------


def _session(role: str) -> DeskSession:
    return DeskSession(
        "http://127.0.0.1:9", "someone", "token", Profile(uuid.uuid4(), "Some One", role, "US")
    )


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(data_dir / "desk.sqlite3")
    yield opened
    opened.close()


def _window(qtbot: QtBot, store: LocalStore, settings: QSettings, role: str = "rep") -> MainWindow:
    window = MainWindow(_session(role), store, SyncBridge(), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _phone_edit(view: CustomerView, row: int = 0) -> QLineEdit:
    return view.contact.phone_edits()[row]


def _retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """What a rep does: empty the field and type."""
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_an_invalid_phone_or_email_says_why_and_nothing_is_saved(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    ada = _customer()
    _feed(store, ada)
    window = _window(qtbot, store, desk_settings)
    window.open_customer(ada)
    view = window.customers.view(uuid.UUID(ada["id"]))
    assert view is not None
    saved: list[dict[str, Any]] = []
    view.saveRequested.connect(saved.append)
    _retype(qtbot, _phone_edit(view), "12")
    _retype(qtbot, view.contact.email_edits()[0], "ada@")
    view.contact.save_button.click()
    assert (
        view.findChild(QLabel, "contactPhoneError").text() == "“12” is too short for United States"
    )
    assert (
        view.findChild(QLabel, "contactEmailError").text()
        == "There must be something after the @-sign."
    )
    assert saved == []
    assert store.replica.counts() == (0, 0, 0)
    assert store.record("customer", uuid.UUID(ada["id"]))["phones"][0]["number"] == "+12025550143"
    assert window.focusWidget() is _phone_edit(view)  # the cursor is on the first problem


def test_a_conflicting_edit_is_shown_and_the_rep_settles_it(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    ada = _customer()
    _feed(store, ada)
    window = _window(qtbot, store, desk_settings)
    view = window.customers.open(ada)
    _retype(qtbot, _phone_edit(view), "+1 202-555-0188")
    view.contact.save_button.click()
    (op,) = store.replica.pending(10)
    assert op.kind == "customer.update"
    assert op.base_version == 3
    assert op.payload == {
        "customer_id": ada["id"],
        "phones": [{"number": "+12025550188", "label": "mobile"}],
    }
    assert view.contact.state_label.text() == "Saved on this desk, waiting to sync"
    theirs = {**ada, "name": "Ada King", "version": 4}
    changes = store.replica.settle(
        [{"op_id": str(op.op_id), "status": "conflict", "record": theirs, "reason": "stale"}]
    )
    window.show_changes(changes)
    assert view.conflict.isVisibleTo(view)
    assert view.conflict.text.text().startswith("Your change was not applied: stale.")
    assert not _phone_edit(view).isEnabled()
    view.conflict.keep_mine.click()
    assert not view.conflict.isVisibleTo(view)
    (again,) = store.replica.pending(10)
    assert again.base_version == 4  # sent again on top of their version
    assert again.payload["phones"] == [{"number": "+12025550188", "label": "mobile"}]
    assert view.contact.state_label.text() == "Saved on this desk, waiting to sync"


def test_offline_the_view_shows_the_cached_contact_and_says_the_rest_needs_the_server(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    ada = _customer(vip=True, segment="enterprise", preferred_channel="email", locale="fr_FR")
    _feed(store, ada)
    window = _window(qtbot, store, desk_settings)
    window.screen_pop.show_customer(ada)
    window.screen_pop.open_button.click()
    view = window.tabs.currentWidget()
    assert isinstance(view, CustomerView)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Ada Lovelace"
    assert view.badges.text() == "VIP · Enterprise"
    assert _phone_edit(view).text() == "+1 202-555-0143"
    assert (
        view.summary.text() == "+1 202-555-0143 · ada@example.com · French (France) · prefers email"
    )
    qtbot.waitUntil(lambda: view.note.isVisible(), timeout=LONG_WAIT_MS)
    assert view.note.text().startswith("Offline: the contact data is this desk's copy.")
    assert view.overview is None
    assert not view.busy.isVisible()


def test_a_refund_is_offered_only_to_roles_that_may_request_one(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    ada = _customer()
    for role, refund, merge in (("retail", False, False), ("rep", True, False)):
        window = _window(qtbot, store, desk_settings, role)
        view = window.customers.open(ada)
        actions = [view.orders.action.itemData(i) for i in range(view.orders.action.count())]
        assert ("refund_request" in actions) is refund
        assert {"resend_confirmation", "start_return", "flag_delay"} <= set(actions)
        assert view.merge_button.isVisibleTo(view) is merge
        window.close()


def test_late_parcels_and_overdue_invoices_stand_out_and_a_thread_opens() -> None:
    view = CustomerView(_customer(), region="US", may_refund=True, may_merge=False)
    shipment = {
        "carrier": "UPS",
        "tracking_number": "1Z999",
        "status": "in_transit",
        "expected_on": "2026-01-02",
        "delivered_at": None,
        "delayed": True,
        "events": [
            {
                "at": "2026-01-01T08:00:00Z",
                "status": "in_transit",
                "location": "Reno",
                "description": "Departed",
            },
            {
                "at": "2026-01-03T08:00:00Z",
                "status": "delayed",
                "location": "Reno",
                "description": "Weather",
            },
        ],
    }
    order = {
        "id": str(uuid.uuid4()),
        "number": "O-1",
        "status": "shipped",
        "placed_at": "2025-12-30T10:00:00Z",
        "currency": "USD",
        "total_cents": 4200,
        "lines": [{"sku": "K1", "description": "Kettle", "quantity": 2, "unit_price_cents": 2100}],
        "shipments": [shipment],
    }
    invoice = {
        "number": "INV-1",
        "issued_on": "2025-12-30",
        "due_on": "2026-01-10",
        "currency": "USD",
        "amount_cents": 4200,
        "paid_cents": 1000,
        "balance_cents": 3200,
        "overdue": True,
        "status": "open",
        "payments": [
            {
                "paid_at": "2026-01-01T09:00:00Z",
                "amount_cents": 1000,
                "method": "card",
                "card_last4": "4242",
            }
        ],
    }
    entry = {
        "kind": "interaction",
        "id": str(uuid.uuid4()),
        "at": "2026-01-04T10:00:00Z",
        "channel": "voice",
        "status": "done",
        "subject": "Where is my kettle?",
        "disposition": "resolved",
        "wrap_notes": "Told her about the storm",
        "notes": [{"body": "Called back at 3", "created_at": "2026-01-04T10:05:00Z"}],
    }
    overview = {
        "customer": _customer(),
        "orders": [order],
        "invoices": [invoice],
        "balance_cents": 3200,
        "overdue_cents": 3200,
        "order_actions": [],
        "timeline": [entry],
    }
    view.show_overview(overview, [], set())
    tree = view.orders.tree
    top = tree.topLevelItem(0)
    assert top.text(0) == "Order O-1"
    assert top.text(COL_STATUS) == "Shipped · delayed"
    kinds = [top.child(i).data(0, KIND_ROLE) for i in range(top.childCount())]
    assert kinds == ["line", "shipment"]
    assert top.child(0).text(0) == "2 × Kettle"
    assert top.child(0).toolTip(0) == "2 × Kettle (K1)"
    parcel = top.child(1)
    assert parcel.text(COL_STATUS) == "In transit · late"
    assert top.isExpanded()  # a late parcel's order and tracking are open
    assert parcel.isExpanded()
    assert parcel.foreground(COL_STATUS).color().name() == "#c62828"
    assert [parcel.child(i).text(0) for i in range(parcel.childCount())] == [
        "Weather, Reno",
        "Departed, Reno",
    ]  # the tracking timeline, newest first
    row = view.invoices.tree.topLevelItem(0)
    assert row.data(0, OVERDUE_ROLE) is True
    assert row.text(1) == "Overdue"
    assert "3,200.00" not in view.invoices.balance.text()
    assert "USD 32.00" in view.invoices.balance.text()
    assert "overdue" in view.invoices.balance.text()
    assert [view.sections.tabText(i) for i in range(4)] == [
        "Contact",
        "Orders (1)",
        "Invoices (1)",
        "History (1)",
    ]
    view.timeline.open_entry(0)
    thread = view.timeline.thread.toPlainText()
    for text in ("Where is my kettle?", "resolved", "Told her about the storm", "Called back at 3"):
        assert text in thread
    view.deleteLater()


# --- against a real server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDesk]:
    with seeded_server(tmp_path_factory.mktemp("seeded")) as live:
        yield live


@pytest.fixture(scope="module")
def admin(seeded: LiveDesk) -> Admin:
    return Admin(seeded)


def _overview_as(window: MainWindow, customer_id: Any) -> dict[str, Any]:
    api = DeskApi(window.session.api_url, token=window.session.token)
    try:
        return api.customer_overview(uuid.UUID(str(customer_id)))
    finally:
        api.close()


def test_enter_opens_the_360_view_with_orders_invoices_and_history_from_the_server(
    qtbot: QtBot, desk: DeskApp, seeded: LiveDesk, admin: Admin, credentials: CredentialStore
) -> None:
    window = open_desk(qtbot, desk, seeded, credentials, "sup.atlantic", SEED_PASSWORD)
    expected = next(
        overview
        for customer in admin.get("/customers", limit=100)["items"]
        if (overview := _overview_as(window, customer["id"]))["orders"]
        and overview["invoices"]
        and overview["timeline"]
    )
    name = expected["customer"]["name"]
    box = window.lookup
    box.focus()
    qtbot.keyClicks(box.edit, name)
    qtbot.waitUntil(lambda: name in [h.name for h in box.model.hits()], timeout=LONG_WAIT_MS)
    row = [h.name for h in box.model.hits()].index(name)
    for _ in range(row):
        qtbot.keyClick(box.edit, Qt.Key.Key_Down)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    view = window.tabs.currentWidget()
    assert isinstance(view, CustomerView)
    assert view.name.text() == name
    loaded(qtbot, view)
    assert view.orders.tree.topLevelItemCount() == len(expected["orders"])
    numbers = [view.orders.tree.topLevelItem(i).text(0) for i in range(len(expected["orders"]))]
    assert numbers == [f"Order {o['number']}" for o in expected["orders"]]
    assert view.invoices.tree.topLevelItemCount() == len(expected["invoices"])
    overdue = [
        view.invoices.tree.topLevelItem(i).data(0, OVERDUE_ROLE)
        for i in range(len(expected["invoices"]))
    ]
    assert overdue == [i["overdue"] for i in expected["invoices"]]
    assert view.timeline.entries.count() == len(expected["timeline"])
    view.timeline.open_entry(0)
    assert expected["timeline"][0]["subject"] in view.timeline.thread.toPlainText()


def test_an_order_action_is_an_op_that_reaches_the_server(
    qtbot: QtBot, desk: DeskApp, seeded: LiveDesk, admin: Admin, credentials: CredentialStore
) -> None:
    window = open_desk(qtbot, desk, seeded, credentials, admin.user("rep"))
    target = admin.seeded(lambda overview: bool(overview["orders"]))
    view = window.customers.open(target["customer"])
    loaded(qtbot, view)
    order = target["orders"][0]
    view.orders.select_order(uuid.UUID(order["id"]))
    panel = view.orders
    panel.action.setCurrentIndex(panel.action.findData("flag_delay"))
    note = f"Parcel stuck {uuid.uuid4().hex[:6]}"
    panel.note.setText(note)
    panel.send.click()
    top = panel.tree.topLevelItem(0)
    actions = [
        top.child(i) for i in range(top.childCount()) if top.child(i).data(0, KIND_ROLE) == "action"
    ]
    assert [a.text(0) for a in actions] == [f"Flag a delay: {note}"]
    assert actions[0].text(COL_STATUS) in ("waiting to sync", "requested")
    qtbot.waitUntil(
        lambda: window.status_bar.ops_label.text() == "0 ops waiting", timeout=LONG_WAIT_MS
    )
    on_server = admin.overview(target["customer"]["id"])["order_actions"]
    assert [(a["action"], a["note"]) for a in on_server if a["note"] == note] == [
        ("flag_delay", note)
    ]


def test_a_supervisor_merges_a_duplicate_after_confirming_both_names(
    qtbot: QtBot, desk: DeskApp, seeded: LiveDesk, admin: Admin, credentials: CredentialStore
) -> None:
    token = uuid.uuid4().hex[:6]
    survivor = admin.customer(f"Marta Survivor{token}", "+1 202-555-0170")
    duplicate = admin.customer(f"Marta Twin{token}", "+1 202-555-0171")
    window = open_desk(qtbot, desk, seeded, credentials, admin.user("supervisor"))
    cached(qtbot, window, survivor)
    cached(qtbot, window, duplicate)
    view = window.customers.open(survivor)
    loaded(qtbot, view)
    assert view.merge_button.isVisible()
    view.merge_button.click()
    dialog = window.customers.merge_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.finder.edit, f"twin{token}")
    qtbot.waitUntil(
        lambda: [h.name for h in dialog.finder.model.hits()] == [duplicate["name"]],
        timeout=LONG_WAIT_MS,
    )
    qtbot.keyClick(dialog.finder.edit, Qt.Key.Key_Return)
    assert dialog.page() == "confirm"
    assert f"Merge “{duplicate['name']}” into “{survivor['name']}”?" in dialog.question.text()
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.page() == "done", timeout=LONG_WAIT_MS)
    assert dialog.result.text() == (
        f"Merged: “{duplicate['name']}” is now part of “{survivor['name']}”."
    )
    assert admin.call("GET", f"/customers/{duplicate['id']}", ok=False).status_code == 404
    phones = {p["number"] for p in admin.get(f"/customers/{survivor['id']}")["phones"]}
    assert phones == {"+12025550170", "+12025550171"}
    qtbot.waitUntil(
        lambda: window.store.record("customer", uuid.UUID(duplicate["id"])) is None,
        timeout=LONG_WAIT_MS,
    )


def test_a_phone_edited_offline_is_saved_at_once_and_synced_when_the_server_returns(
    qtbot: QtBot, tmp_path: Path, desk: DeskApp, credentials: CredentialStore
) -> None:
    port = free_port()
    env = prepare(new_database("sqlite", tmp_path=tmp_path, cluster=None), **SERVER_ENV)
    with live_server(env, port=port) as server:
        live = LiveDesk(server)
        admin = Admin(live)
        ada = admin.customer("Ada Lovelace", "+1 202-555-0143")
        window = open_desk(qtbot, desk, live, credentials, admin.user("rep"))
        cached(qtbot, window, ada)
        view = window.customers.open(ada)
        loaded(qtbot, view)
    # the server is gone
    qtbot.waitUntil(
        lambda: window.status_bar.connection_label.text().startswith("Offline"),
        timeout=LONG_WAIT_MS,
    )
    _retype(qtbot, _phone_edit(view), "(202) 555-0199")
    view.contact.save_button.click()
    ada_id = uuid.UUID(ada["id"])
    assert window.store.record("customer", ada_id)["phones"][0]["number"] == "+12025550199"
    assert view.contact.state_label.text() == "Saved on this desk, waiting to sync"
    assert window.status_bar.ops_label.text() == "1 ops waiting"
    # a second edit on top of the first, still offline: both go, in order
    _retype(qtbot, _phone_edit(view), "(202) 555-0123")
    view.contact.save_button.click()
    assert window.store.record("customer", ada_id)["phones"][0]["number"] == "+12025550123"
    assert window.status_bar.ops_label.text() == "2 ops waiting"

    with live_server(env, port=port) as server:
        admin = Admin(LiveDesk(server))
        qtbot.waitUntil(
            lambda: window.status_bar.ops_label.text() == "0 ops waiting", timeout=CATCH_UP_MS
        )
        assert window.store.conflicts() == []
        on_server = admin.get(f"/customers/{ada_id}")
        assert [p["number"] for p in on_server["phones"]] == ["+12025550123"]
        qtbot.waitUntil(
            lambda: view.contact.state_label.text() == "Saved and synced", timeout=LONG_WAIT_MS
        )
        assert _phone_edit(view).isEnabled()
        loaded(qtbot, view)  # back online, the rest of the view loads again
        window.close()
