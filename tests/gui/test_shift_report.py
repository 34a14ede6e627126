"""Day ▸ End-of-shift report: figures against goals, saving PDF and CSV, the draft, sign-off."""

import csv
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from desk_app.client.my_day import MyDay
from desk_app.client.store import LocalStore
from desk_app.domain import day_report
from desk_app.domain.day_report import CSV_HEADER, Reflection, report_id
from desk_app.domain.kpi import DEFAULT_GOALS, Metric
from desk_app.gui.report import figures
from desk_app.gui.report.dialog import ShiftReportDialog
from tests.gui.collab_records import follow_up, ops, window_at
from tests.gui.offer_records import NOW, Clock
from tests.gui.shift_day import DAY, PROFILE, SESSION, TEAM_ID, ZONE, keep_team_average, morning
from tests.gui.test_main_window import USER_ID, feed


@pytest.fixture
def store(data_dir: Path) -> Iterator[LocalStore]:
    opened = LocalStore.open(SESSION.store_file(data_dir))
    yield opened
    opened.close()


def open_dialog(qtbot: QtBot, store: LocalStore) -> ShiftReportDialog:
    dialog = ShiftReportDialog(store=store, profile=PROFILE, clock=Clock(), zone=ZONE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None)
    return dialog


def expected_report(store: LocalStore) -> day_report.DayReport:
    mine = MyDay(store, user_id=USER_ID, team_id=TEAM_ID)
    return day_report.build(
        user_id=USER_ID,
        agent_name="rep.one",
        day=DAY,
        zone=ZONE,
        now=NOW,
        rows=mine.rows_of(DAY, ZONE),
        spans=mine.spans(),
        schedules=mine.schedules(),
        goals=mine.goals(),
        team_average=dict.fromkeys(Metric),
        unresolved=mine.unresolved(),
    )


def cells(dialog: ShiftReportDialog, row: int) -> list[str]:
    table = dialog.figures_table
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_the_dialog_shows_the_days_figures_against_goals_and_what_is_left_open(
    qtbot: QtBot, store: LocalStore
) -> None:
    morning(store)
    keep_team_average(store, {"aht": 312.0, "fcr": 0.8})
    dialog = open_dialog(qtbot, store)
    expected = expected_report(store)
    assert dialog.report is not None
    assert dialog.report.day_figures == expected.day_figures
    for row, metric in enumerate(Metric):
        value = expected.day_figures.values[metric]
        assert cells(dialog, row)[0] == figures.shown(metric, value)
        assert cells(dialog, row)[1] == figures.goal(metric, expected.goals[metric])
    aht = list(Metric).index(Metric.AHT)
    assert cells(dialog, aht) == ["6:00", "≤ 5:30", "missed", "5:12"]  # (5 + 7) / 2 minutes
    fcr = list(Metric).index(Metric.FCR)
    assert cells(dialog, fcr) == ["50%", "≥ 75%", "missed", "80%"]
    csat = list(Metric).index(Metric.CSAT)
    assert cells(dialog, csat)[:3] == ["4.0", "≥ 4.2", "missed"]
    assert cells(dialog, csat)[3] == figures.NOTHING  # the team has no CSAT that day
    assert "2 handled of 3 interactions" in dialog.summary_label.text()
    shown = [dialog.unresolved_list.item(i).text() for i in range(dialog.unresolved_list.count())]
    assert any("Follow-up · Call Ada back about the refund" in text for text in shown)
    assert any("Ticket · 1042 Parcel lost" in text for text in shown)
    assert any(text.startswith("Interaction · Refund") for text in shown)


def test_save_writes_the_pdf_and_the_csv_in_the_background_with_progress(
    qtbot: QtBot, store: LocalStore, tmp_path: Path
) -> None:
    morning(store)
    dialog = open_dialog(qtbot, store)
    dialog.went_well_edit.setPlainText("Calmed an upset caller")
    steps: list[tuple[int, int, str]] = []
    dialog.save_to(tmp_path / "reports")
    assert dialog.saver is not None
    dialog.saver.progressed.connect(lambda done, count, label: steps.append((done, count, label)))
    assert dialog.progress.isVisible()
    assert not dialog.save_button.isEnabled()  # one save at a time
    qtbot.waitUntil(lambda: len(dialog.saved_paths) == 2, timeout=20_000)
    pdf, table = dialog.saved_paths
    assert pdf == tmp_path / "reports" / "report-rep.one-2026-11-25.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    with table.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == CSV_HEADER
    assert [row[0] for row in rows[1:]] == [str(r.contact.id) for r in expected_report(store).rows]
    assert steps[-1][0] == steps[-1][1] == len(dialog.saver.steps)  # the bar went to the end
    assert dialog.progress.value() == dialog.progress.maximum()
    assert str(pdf) in dialog.save_label.text()
    assert dialog.open_folder_button.isVisible()
    assert dialog.save_button.isEnabled()


def test_a_save_that_fails_says_why(qtbot: QtBot, store: LocalStore, tmp_path: Path) -> None:
    morning(store)
    dialog = open_dialog(qtbot, store)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    dialog.save_to(blocked)
    qtbot.waitUntil(lambda: "could not be saved" in dialog.save_label.text(), timeout=20_000)
    assert dialog.save_button.isEnabled()
    assert dialog.saved_paths == []


def test_signing_off_queues_the_report_with_its_id_and_shows_it_at_once(
    qtbot: QtBot, store: LocalStore
) -> None:
    records = morning(store)
    dialog = open_dialog(qtbot, store)
    dialog.went_well_edit.setPlainText("Two happy customers")
    dialog.to_improve_edit.setPlainText("Shorter holds")
    dialog.notes_edit.setPlainText("The courier portal was down at 9")
    assert not dialog.submit_button.isEnabled()  # not before the rep signs it off
    with qtbot.waitSignal(dialog.submitted) as submitted:
        dialog.sign_box.setChecked(True)
        dialog.submit_button.click()
    expected = expected_report(store)
    the_id = str(report_id(USER_ID, DAY))
    goals = {m.value: t for m, t in {**DEFAULT_GOALS, Metric.AHT: 330.0}.items()}
    assert ops(store, "shift_report.submit") == [
        {
            "id": the_id,
            "day": "2026-11-25",
            "figures": {m.value: v for m, v in expected.day_figures.values.items()},
            "goals": goals,
            "unresolved": [item.to_json() for item in expected.unresolved],
            "went_well": "Two happy customers",
            "to_improve": "Shorter holds",
            "notes_for_supervisor": "The courier portal was down at 9",
            "signed_off_at": NOW.isoformat(),
        }
    ]
    assert {i["id"] for i in ops(store, "shift_report.submit")[0]["unresolved"]} == {
        records["ticket"]["id"],
        records["follow_up"]["id"],
        records["live"]["id"],
    }
    assert submitted.args[0].id == uuid.UUID(the_id)
    shown = store.record("shift_report", uuid.UUID(the_id))
    assert shown is not None
    assert shown["user_id"] == str(USER_ID)
    assert shown["to_improve"] == "Shorter holds"
    assert "Submitted at 11:00" in dialog.submitted_label.text()  # Berlin time


def test_submitting_the_day_again_replaces_the_waiting_report(
    qtbot: QtBot, store: LocalStore
) -> None:
    morning(store)
    dialog = open_dialog(qtbot, store)
    dialog.sign_box.setChecked(True)
    dialog.submit_button.click()
    dialog.notes_edit.setPlainText("One more thing: the printer")
    dialog.sign_box.setChecked(True)
    dialog.submit_button.click()
    waiting = ops(store, "shift_report.submit")
    assert len(waiting) == 1  # offline: one report for the day waits, the latest
    assert waiting[0]["notes_for_supervisor"] == "One more thing: the printer"
    record = store.record("shift_report", report_id(USER_ID, DAY))
    assert record is not None
    assert record["notes_for_supervisor"] == "One more thing: the printer"


def test_what_the_rep_types_survives_closing_and_a_crash(qtbot: QtBot, store: LocalStore) -> None:
    morning(store)
    first = open_dialog(qtbot, store)
    first.went_well_edit.setPlainText("Solved the Okafor order")
    first.notes_edit.setPlainText("Need a refund limit raise")
    # no close, no save button: a crash right now keeps what was typed
    second = open_dialog(qtbot, store)
    assert second.went_well_edit.toPlainText() == "Solved the Okafor order"
    assert second.notes_edit.toPlainText() == "Need a refund limit raise"
    assert second.to_improve_edit.toPlainText() == ""
    assert ops(store, "shift_report.submit") == []  # a draft is not a submission


def test_a_submitted_reflection_shows_again_when_no_draft_is_left(
    qtbot: QtBot, store: LocalStore
) -> None:
    morning(store)
    dialog = open_dialog(qtbot, store)
    dialog.to_improve_edit.setPlainText("Fewer transfers")
    dialog.sign_box.setChecked(True)
    dialog.submit_button.click()
    store.discard_draft(f"shift_report/{DAY.isoformat()}")
    again = open_dialog(qtbot, store)
    assert again.reflection() == Reflection(to_improve="Fewer transfers")


def test_the_day_menu_opens_the_report_with_ctrl_shift_r(
    qtbot: QtBot, store: LocalStore, desk_settings: QSettings
) -> None:
    morning(store)
    window = window_at(qtbot, store, desk_settings, Clock(), SESSION)
    action = window.shift_reports.report_action
    assert action in window.day_menu.actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+R")
    assert window.shift_reports.team_action is None  # a rep has no team list
    action.trigger()
    dialog = window.shift_reports.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.report is not None)
    dialog.sign_box.setChecked(True)
    dialog.submit_button.click()
    assert "1 ops waiting" in window.status_bar.ops_label.text()


def test_what_the_server_would_refuse_is_not_sent(qtbot: QtBot, store: LocalStore) -> None:
    records = morning(store)
    long_note = follow_up(timedelta(hours=2), note="Refund " + "x" * 400)
    feed(store, ("follow_up", long_note))
    dialog = open_dialog(qtbot, store)
    dialog.sign_box.setChecked(True)
    dialog.notes_edit.setPlainText("y" * 5_001)
    assert not dialog.submit_button.isEnabled()
    assert "at most 5000 characters" in dialog.submitted_label.text()
    dialog.notes_edit.setPlainText("Fine now")
    dialog.submit_button.click()
    (sent,) = ops(store, "shift_report.submit")
    titles = {item["id"]: item["title"] for item in sent["unresolved"]}
    assert len(titles[long_note["id"]]) == 300
    assert titles[long_note["id"]].startswith("Refund xxx")
    assert titles[records["ticket"]["id"]] == "1042 Parcel lost"
