"""Escalating: the hand-off's three parts required before anything is queued, from a ticket's
page or from the interaction in front (its ticket made first), and every hand-off in the history."""

import json
import uuid
from typing import Any

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from desk_app.gui.notes.directory import DIRECTORY_KEY
from desk_app.gui.tickets.dialogs import EscalateDialog
from desk_app.gui.tickets.view import TicketView
from tests.gui.test_main_window import USER_ID, active, active_window, feed
from tests.gui.test_tickets import COLLEAGUE_ID, open_ticket, ops, store, ticket

__all__ = ["store"]  # the fixture

USERS = [
    {
        "id": str(USER_ID),
        "username": "rep",
        "display_name": "Rep One",
        "team_id": None,
        "department": None,
    },
    {
        "id": str(COLLEAGUE_ID),
        "username": "ann.smith",
        "display_name": "Ann Smith",
        "team_id": None,
        "department": "billing",
    },
]


def _fill(dialog: EscalateDialog, tried: str, told: str, expected: str) -> None:
    dialog.tried.setPlainText(tried)
    dialog.told.setPlainText(told)
    dialog.expected.setPlainText(expected)


def test_escalating_from_a_call_refuses_a_missing_part_then_makes_the_ticket_and_hands_it_off(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    call = active(subject="Router dead after update", category="technical_issue")
    feed(store, ("interaction", call))
    window = active_window(qtbot, store, desk_settings)
    window.open_interaction(uuid.UUID(call["id"]))
    qtbot.keyClick(
        window.tabs.currentWidget(),
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.tickets.dialog
    assert isinstance(dialog, EscalateDialog)
    dialog.to_tier.setCurrentIndex(dialog.to_tier.findData(2))
    _fill(dialog, "Restarted the router twice", "", "Replace the unit")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.problem.text() == "The hand-off note needs what the customer was told."
    assert store.replica.pending(100) == []  # nothing queued
    dialog.told.setPlainText("A specialist calls back today; card 4111 1111 1111 1111 on file")
    dialog.accept()
    assert not dialog.isVisible()
    ((created, _),) = ops(store, "ticket.create")
    assert created["interaction_id"] == call["id"]
    assert created["department"] == "technical_support"
    ((escalated, base_version),) = ops(store, "ticket.escalate")
    assert escalated == {
        "ticket_id": created["id"],
        "tried": "Restarted the router twice",
        "told": "A specialist calls back today; card •••• 1111 on file",
        "expected": "Replace the unit",
        "to_tier": 2,
        "interaction_id": call["id"],
    }
    assert base_version == 1  # the version the ticket.create before it makes
    view = window.tabs.currentWidget()
    assert isinstance(view, TicketView)
    assert view.department.text() == "Technical support · tier 2"
    history = view.history.toPlainText()
    assert "Escalated tier 1 → 2 — to the receiving queue" in history
    assert "Customer told: A specialist calls back today; card •••• 1111 on file" in history


def test_escalating_a_ticket_needs_somewhere_new_and_shows_the_hand_off_at_once(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    store.save_draft(DIRECTORY_KEY, json.dumps(USERS))
    record = ticket()
    feed(store, ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    view = open_ticket(window, record)
    view.escalate_button.click()
    dialog = window.tickets.dialog
    assert isinstance(dialog, EscalateDialog)
    _fill(dialog, "Checked the invoice", "Billing will correct it", "Refund the double charge")
    dialog.accept()
    assert dialog.problem.text() == "Escalate to another department or to a higher tier."
    dialog.to_department.setCurrentIndex(dialog.to_department.findData("billing"))
    dialog.to_owner.setCurrentIndex(dialog.to_owner.findText("Ann Smith"))
    dialog.accept()
    ((payload, base_version),) = ops(store, "ticket.escalate")
    assert payload == {
        "ticket_id": record["id"],
        "tried": "Checked the invoice",
        "told": "Billing will correct it",
        "expected": "Refund the double charge",
        "to_department": "billing",
        "to_owner_id": str(COLLEAGUE_ID),
    }
    assert base_version == 3
    assert view.department.text() == "Billing · tier 1"
    assert view.owner.text() == "Ann Smith"
    assert view.status.currentData() == "open"
    assert "Technical support → Billing — to Ann Smith" in view.history.toPlainText()


def test_the_history_shows_each_hand_off_with_the_context_the_server_attached(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    store.save_draft(DIRECTORY_KEY, json.dumps(USERS))
    escalation: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "at": "2026-11-25T09:00:00+00:00",
        "by_id": str(COLLEAGUE_ID),
        "from_department": "technical_support",
        "to_department": "logistics",
        "from_tier": 1,
        "to_tier": 1,
        "to_owner_id": None,
        "note": "",
        "tried": "Tracked the parcel",
        "told": "New estimate Friday",
        "expected": "Chase the carrier",
        "interaction_id": str(uuid.uuid4()),
        "context": {
            "script_path": ["verify", "late", "offer"],
            "answers": [{"step": "late", "choice": 1, "checked": True}],
            "disposition": "escalated",
        },
    }
    history = [
        {
            "id": str(uuid.uuid4()),
            "at": "2026-11-25T08:00:00+00:00",
            "by_id": str(USER_ID),
            "kind": "created",
            "detail": {},
        },
        {
            "id": str(uuid.uuid4()),
            "at": "2026-11-25T08:30:00+00:00",
            "by_id": str(USER_ID),
            "kind": "status",
            "detail": {"from": "new", "to": "open"},
        },
    ]
    record = ticket(escalations=[escalation], history=history)
    feed(store, ("ticket", record))
    window = active_window(qtbot, store, desk_settings)
    text = open_ticket(window, record).history.toPlainText()
    assert text.index("Created") < text.index("Status New → Open") < text.index("Escalated")
    assert "Technical support → Logistics — to the receiving queue" in text
    assert "Tried: Tracked the parcel" in text
    assert "Expected: Chase the carrier" in text
    assert "Script path: verify → late → offer" in text
    assert "Answers: late: 1 ✓" in text
    assert "Disposition: escalated" in text
    assert "· Ann Smith" in text
