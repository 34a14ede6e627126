"""The end-of-shift report from the server's day data, rendered as PDF and CSV and read back."""

import csv
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desk_app.domain.day_report import CSV_HEADER, Reflection, ReportRow
from desk_app.domain.kpi import DEFAULT_GOALS, Metric
from desk_app.reports import graph
from desk_app.reports.csv_file import write_csv
from desk_app.reports.files import write_report
from desk_app.reports.from_day_data import report_from_day_data
from desk_app.reports.pdf import write_pdf
from tests.reports.day_data import NOW, day_data, interaction
from tests.reports.readback import line_of, pdf_pages, pdf_text


def test_the_day_data_is_measured_by_hand() -> None:
    report = report_from_day_data(day_data(), NOW)

    assert report.agent_name == "lee"
    assert report.day_figures.values == {
        Metric.HANDLED_PER_HOUR: pytest.approx(3 / 8.25),
        Metric.AHT: 310.0,
        Metric.FCR: pytest.approx(2 / 3),
        Metric.CSAT: 4.0,
        Metric.OCCUPANCY: pytest.approx(1.5 / 7.75),
        Metric.ADHERENCE: pytest.approx(8.25 / 8.5),
    }
    # the rep's own goal wins over the team's; the defaults fill the rest
    assert report.goals == {**DEFAULT_GOALS, Metric.AHT: 300.0, Metric.FCR: 0.6}
    assert report.team_average == {Metric.AHT: 290.0, Metric.FCR: 0.7, Metric.CSAT: None}
    assert [(u.kind, u.title) for u in report.unresolved] == [
        ("interaction", "Where is my parcel"),  # due 16:00
        ("follow_up", "Call back Mrs Weber"),  # due 16:30
        ("ticket", "T-1001 Refund for damaged kettle"),  # no due time: last
    ]
    assert report.reflection == Reflection()


def test_only_interactions_of_the_day_are_listed() -> None:
    data = day_data()
    data["interactions"].append(
        interaction(
            "f",
            answered_at="2026-11-22T09:00:00+00:00",
            ended_at="2026-11-22T09:05:00+00:00",
            wrapped_at="2026-11-22T09:06:00+00:00",
        )
    )

    report = report_from_day_data(data, NOW)

    assert sorted(r.subject for r in report.rows) == [
        "Invoice, twice",
        "Where is my parcel",
        "contact b",
        "contact c",
        "contact d",
    ]


def test_the_stored_reflection_is_used_unless_a_new_one_is_given() -> None:
    stored = {
        "went_well": "Calm refund call",
        "to_improve": "Shorter wraps",
        "notes_for_supervisor": "",
    }
    data = day_data(report=stored)

    assert report_from_day_data(data, NOW).reflection == Reflection(
        "Calm refund call", "Shorter wraps", ""
    )
    fresh = Reflection("All good", "", "Need a headset")
    assert report_from_day_data(data, NOW, fresh).reflection == fresh


def test_the_pdf_states_every_figure_against_goal_and_team(
    qapp: QApplication, tmp_path: Path
) -> None:
    data = day_data(
        report={
            "went_well": "Calm on the refund call",
            "to_improve": "Shorter wraps after lunch",
            "notes_for_supervisor": "The kettle supplier keeps shipping broken lids",
        }
    )
    path = tmp_path / "day.pdf"

    write_pdf(report_from_day_data(data, NOW), path)

    text = pdf_text(path)
    assert pdf_pages(path) <= 2
    assert "lee, 2026-11-24" in text
    assert "Time zone: Europe/Berlin" in text
    assert "Generated at: 2026-11-24 16:45" in text  # NOW in Berlin
    assert line_of(text, "Handled per hour") == ["Handled per hour", "0.4", "≥ 8.0", "missed", "—"]
    assert line_of(text, "Average handle time") == [
        "Average handle time",
        "5:10",
        "≤ 5:00",
        "missed",
        "4:50",
    ]
    assert line_of(text, "First-contact resolution") == [
        "First-contact resolution",
        "67%",
        "≥ 60%",
        "met",
        "70%",
    ]
    assert line_of(text, "Customer satisfaction") == [
        "Customer satisfaction",
        "4.0",
        "≥ 4.2",
        "missed",
        "—",
    ]
    assert line_of(text, "Occupancy") == ["Occupancy", "19%", "≥ 80%", "missed", "—"]
    assert line_of(text, "Adherence") == ["Adherence", "97%", "≥ 90%", "met", "—"]
    assert line_of(text, "resolved") == ["resolved", "2"]
    assert line_of(text, "transferred") == ["transferred", "1"]
    assert line_of(text, "Not ready: lunch") == ["Not ready: lunch", "0:30:00"]
    assert line_of(text, "Ready") == ["Ready", "6:15:00"]
    assert line_of(text, "Busy") == ["Busy", "1:00:00"]
    assert line_of(text, "Follow-up") == ["Follow-up", "Call back Mrs Weber", "2026-11-24 17:30"]
    assert line_of(text, "Ticket") == ["Ticket", "T-1001 Refund for damaged kettle", "—"]
    assert line_of(text, "Interaction") == ["Interaction", "Where is my parcel", "2026-11-24 17:00"]
    for written in data["report"].values():
        assert written in text


def test_a_day_without_work_shows_dashes_not_zeros(qapp: QApplication, tmp_path: Path) -> None:
    empty = day_data(
        interactions=[],
        state_changes=[],
        shifts=[],
        tickets_open=[],
        follow_ups_open=[],
        team_average={},
    )
    path = tmp_path / "empty.pdf"

    write_pdf(report_from_day_data(empty, NOW), path)

    text = pdf_text(path)
    assert line_of(text, "Average handle time") == [
        "Average handle time",
        "—",
        "≤ 5:00",
        "no data",
        "—",
    ]
    assert line_of(text, "Handled per hour") == ["Handled per hour", "—", "≥ 8.0", "no data", "—"]
    assert "No contacts handled." in text
    assert "Nothing left open." in text


def test_the_graph_draws_a_bar_in_each_hour_with_handled_contacts(qapp: QApplication) -> None:
    report = report_from_day_data(day_data(), NOW)
    image = graph.hourly_graph(report.hourly, report.zone)
    slot = (graph.WIDTH - graph.LEFT - graph.RIGHT) / len(report.hourly)

    def colour_at_foot_of(hour: int) -> QColor:
        return image.pixelColor(
            round(graph.LEFT + (hour + 0.5) * slot), graph.HEIGHT - graph.BOTTOM - 5
        )

    assert (image.width(), image.height()) == (graph.WIDTH, graph.HEIGHT)
    # Berlin hours 09, 10 and 14 handled one contact each (08:05, 09:07, 13:03 UTC)
    assert [h for h in range(24) if colour_at_foot_of(h) == graph.BAR] == [9, 10, 14]


def test_the_csv_holds_one_row_per_interaction(tmp_path: Path) -> None:
    report = report_from_day_data(day_data(), NOW)
    path = tmp_path / "day.csv"

    write_csv(report, path)

    with path.open(encoding="utf-8", newline="") as file:
        lines = list(csv.reader(file))
    assert tuple(lines[0]) == CSV_HEADER
    assert lines[1:] == [row.cells() for row in report.rows]
    by_subject = {line[4]: dict(zip(CSV_HEADER, line, strict=True)) for line in lines[1:]}
    assert by_subject["Invoice, twice"]["handle_seconds"] == "300"
    assert by_subject["contact d"]["status"] == "abandoned"


def test_a_failed_write_leaves_the_old_file_and_no_scraps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = report_from_day_data(day_data(), NOW)
    path = tmp_path / "day.csv"
    path.write_text("the earlier report\n")

    def broken(self: ReportRow) -> list[str]:
        raise OSError("disk full")

    monkeypatch.setattr(ReportRow, "cells", broken)
    with pytest.raises(OSError, match="disk full"):
        write_csv(report, path)

    assert path.read_text() == "the earlier report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.csv"]


def test_write_report_names_both_files_after_the_agent_and_day(
    qapp: QApplication, tmp_path: Path
) -> None:
    report = report_from_day_data(day_data(), NOW)

    pdf, csv_path = write_report(report, tmp_path / "out")

    assert (pdf.name, csv_path.name) == ("report-lee-2026-11-24.pdf", "report-lee-2026-11-24.csv")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in pdf.parent.iterdir()) == [csv_path.name, pdf.name]
