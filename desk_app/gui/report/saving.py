"""Saving the report as PDF and CSV off the UI thread, one step at a time with progress.

Each step runs on a pool thread (:func:`run_in_background`); between steps
the UI thread moves the progress bar, so the rep sees where it is and the
window never waits for a graph or a file. The files are written by
``desk_app.reports`` (whole or not at all), named ``report-NAME-DATE`` as
``desk report`` names them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from platformdirs import user_documents_dir
from PySide6.QtCore import QCoreApplication, QObject, Signal

from desk_app.client.store import LocalStore
from desk_app.domain.day_report import DayReport, Reflection
from desk_app.gui.background import run_in_background
from desk_app.gui.report.gather import Whose, gather, measure
from desk_app.reports.csv_file import write_csv
from desk_app.reports.files import report_paths
from desk_app.reports.pdf import write_pdf


def default_folder() -> Path:
    """Documents/Desk reports: where a rep looks for a file they saved."""
    return Path(user_documents_dir()) / "Desk reports"


@dataclass(frozen=True)
class Step:
    """One step: what the progress bar says, and the work (previous result → next)."""

    label: str
    work: Callable[[Any], Any]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ShiftReport", text)


class ReportSaver(QObject):
    """One save: ``progressed(done, count, label)``, then ``saved([pdf, csv])`` or ``failed``."""

    progressed = Signal(int, int, str)
    saved = Signal(list)
    failed = Signal(str)

    def __init__(
        self,
        *,
        store: LocalStore,
        whose: Whose,
        today: date,
        now: datetime,
        reflection: Reflection,
        folder: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)

        def write_pdf_step(report: DayReport) -> DayReport:
            write_pdf(report, report_paths(report, folder)[0])
            return report

        def write_csv_step(report: DayReport) -> list[Path]:
            pdf, csv = report_paths(report, folder)
            write_csv(report, csv)
            return [pdf, csv]

        self.steps = [
            Step(_tr("Gathering the day's records…"), lambda _: gather(store, whose, today)),
            Step(_tr("Measuring the day…"), lambda got: measure(got, whose, now, reflection)),
            Step(_tr("Drawing the graph and writing the PDF…"), write_pdf_step),
            Step(_tr("Writing the CSV…"), write_csv_step),
        ]
        self.running = False

    def start(self) -> None:
        self.running = True
        self._run(0, None)

    def _run(self, index: int, previous: Any) -> None:
        step = self.steps[index]
        self.progressed.emit(index, len(self.steps), step.label)
        run_in_background(
            lambda: step.work(previous),
            lambda result, error: self._after(index, result, error),
        )

    def _after(self, index: int, result: Any, error: Exception | None) -> None:
        if error is not None:
            self.running = False
            self.failed.emit(str(error) or type(error).__name__)
            return
        if index + 1 < len(self.steps):
            self._run(index + 1, result)
            return
        self.running = False
        self.progressed.emit(len(self.steps), len(self.steps), _tr("Saved."))
        self.saved.emit(list(result))
