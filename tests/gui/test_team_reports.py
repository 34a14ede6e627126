"""A supervisor's Day ▸ Team shift reports…: the team's submitted reports, newest day first."""

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from desk_app.domain.day_report import report_id
from desk_app.domain.ids import new_id
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.report.coordinator import ShiftReports
from desk_app.gui.report.dialog import ShiftReportDialog
from tests.gui.collab_records import COLLEAGUE, SUPERVISOR, remember_directory, window_at
from tests.gui.offer_records import Clock
from tests.gui.shift_day import PROFILE, SESSION, ZONE, morning
from tests.gui.test_main_window import USER_ID, feed


@pytest.fixture
def rep_store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    """The supervisor's desk."""
    opened = LocalStore.open(SUPERVISOR.store_file(data_dir))
    yield opened
    opened.close()


def shift_report(user_id: str, day: str, **fields: Any) -> dict[str, Any]:
    """A report as ``ShiftReportRead`` carries it on the feed."""
    record: dict[str, Any] = {
        "id": str(report_id(uuid.UUID(user_id), date.fromisoformat(day))),
        "user_id": user_id,
        "team_id": str(uuid.uuid4()),
        "day": day,
        "figures": {"aht": 300.0, "fcr": None},
        "goals": {"aht": 360.0, "fcr": 0.75},
        "unresolved": [],
        "went_well": "",
        "to_improve": "",
        "notes_for_supervisor": "",
        "signed_off_at": f"{day}T16:00:00+00:00",
        "submitted_at": f"{day}T16:01:00+00:00",
        "reviewed_at": None,
        "reviewed_by_id": None,
        "version": 1,
    }
    record.update(fields)
    return record


def reports_of(qtbot: QtBot, store: LocalStore) -> ShiftReports:
    window = QWidget()
    qtbot.addWidget(window)
    return ShiftReports(
        store=store,
        profile=SUPERVISOR.profile,
        directory=UserDirectory(store=store, direct=None),
        wake=lambda: None,
        window=window,
        clock=Clock(),
        zone=ZONE,
    )


def test_a_reps_submitted_report_shows_its_open_items_and_reflection_to_the_supervisor(
    qtbot: QtBot, rep_store: LocalStore, store: LocalStore
) -> None:
    records = morning(rep_store)
    dialog = ShiftReportDialog(store=rep_store, profile=PROFILE, clock=Clock(), zone=ZONE)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None)
    dialog.went_well_edit.setPlainText("Kept calm <b>all</b> day")
    dialog.notes_edit.setPlainText("Ticket 1042 needs logistics")
    dialog.sign_box.setChecked(True)
    dialog.submit_button.click()
    submitted = rep_store.record("shift_report", report_id(USER_ID, dialog.day()))
    assert submitted is not None
    # the feed brings the report to the supervisor's desk
    remember_directory(store, (str(USER_ID), "rep.one", "Rep One"))
    feed(store, ("shift_report", submitted))
    team = reports_of(qtbot, store).open_team_reports()
    view = team.view
    assert view.report_ids() == [submitted["id"]]
    assert view.list.topLevelItem(0).text(1) == "Rep One"
    assert view.list.topLevelItem(0).text(2) == "3"  # left open
    text = view.detail.toPlainText()
    assert "Call Ada back about the refund" in text
    assert "1042 Parcel lost" in text
    assert records["live"]["subject"] in text
    assert "Kept calm <b>all</b> day" in text  # what the rep typed is text, not markup
    assert "Ticket 1042 needs logistics" in text
    assert "Average handle time" in text
    assert "6:00" in text


def test_reports_are_listed_newest_day_first_and_new_ones_join_the_open_list(
    qtbot: QtBot, store: LocalStore
) -> None:
    remember_directory(store, (COLLEAGUE, "bob", "Bob Night"), (str(USER_ID), "rep", "Rep One"))
    older = shift_report(str(USER_ID), "2026-11-23")
    newer = shift_report(COLLEAGUE, "2026-11-24", reviewed_at="2026-11-24T18:00:00+00:00")
    feed(store, ("shift_report", older), ("shift_report", newer))
    reports = reports_of(qtbot, store)
    view = reports.open_team_reports().view
    assert view.report_ids() == [newer["id"], older["id"]]
    assert [view.list.topLevelItem(i).text(3) for i in range(2)] == ["yes", "no"]
    assert view.current_id() == newer["id"]
    view.choose(older["id"])
    today = shift_report(
        COLLEAGUE,
        "2026-11-25",
        unresolved=[{"kind": "ticket", "id": str(new_id()), "title": "Refund 88", "due_at": None}],
    )
    reports.records_changed(feed(store, ("shift_report", today)))
    assert view.report_ids() == [today["id"], newer["id"], older["id"]]
    assert view.current_id() == older["id"]  # the one being read stays chosen
    view.choose(today["id"])
    assert "Ticket · Refund 88" in view.detail.toPlainText()


def test_only_a_supervisor_has_the_team_reports_in_the_day_menu(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    window = window_at(qtbot, store, desk_settings, Clock(), SUPERVISOR)
    action = window.shift_reports.team_action
    assert action is not None
    assert action in window.day_menu.actions()
    action.trigger()
    assert window.shift_reports.team_dialog is not None
    assert window.shift_reports.team_dialog.view.empty_label.isVisible()
