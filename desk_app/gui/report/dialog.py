"""Day ▸ End-of-shift report…: the day against the goals, what is left open, reflect, sign off.

The figures are measured off the UI thread from the local store (so the
report works offline) and shown beside the goals and the team average, in
words as well as numbers. What the rep types is kept as a draft with every
keystroke, so a crash loses nothing; reopening the day brings it back (or
the reflection last submitted). "Save PDF and CSV…" writes both files in
steps with a progress bar; "Sign off and submit" queues the report for the
supervisor, offline too.
"""

import json
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.session import Profile
from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.day_report import DayReport, Reflection, Unresolved, report_id
from desk_app.domain.kpi import Metric
from desk_app.gui.background import run_in_background
from desk_app.gui.report import figures
from desk_app.gui.report.gather import Whose, gather, measure
from desk_app.gui.report.saving import ReportSaver, default_folder
from desk_app.gui.report.submit import ENTITY, REFLECTION_MAX, submit

COLUMNS = 4  # the day's figure, the goal, met or missed, the team average
DRAFT_PREFIX = "shift_report/"


def draft_key(day: date) -> str:
    """Where the reflection typed for ``day`` is kept until it is submitted (and after)."""
    return f"{DRAFT_PREFIX}{day.isoformat()}"


def _editor(name: str, placeholder: str) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setAccessibleName(name)
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the dialog
    return editor


class ShiftReportDialog(QDialog):
    """One rep's day (``report`` once measured); ``submitted(change)`` after a sign-off."""

    submitted = Signal(object)  # the RecordChange of the report queued

    def __init__(
        self,
        *,
        store: LocalStore,
        profile: Profile,
        clock: Callable[[], datetime],
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._profile = profile
        self._clock = clock
        self._zone = zone
        self._generation = 0  # a day changed while measuring: the older answer is dropped
        self._restoring = False  # filling the boxes is not typing: no draft written
        self.report: DayReport | None = None
        self.saver: ReportSaver | None = None
        self.saved_paths: list[Path] = []
        # UI
        self.setWindowTitle(self.tr("End-of-shift report"))
        self.setAccessibleName(self.tr("End-of-shift report"))
        self.day_edit = QDateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setAccessibleName(self.tr("Day of the report"))
        self.day_edit.setDisplayFormat("ddd d MMM yyyy")
        day_label = QLabel(self.tr("&Day:"))
        day_label.setBuddy(self.day_edit)
        self.state_label = QLabel()
        self.state_label.setAccessibleName(self.tr("Report status"))
        self.figures_table = QTableWidget(len(Metric), COLUMNS)
        self.figures_table.setAccessibleName(self.tr("The day's figures against the goals"))
        self.figures_table.setHorizontalHeaderLabels(
            [self.tr("This day"), self.tr("Goal"), self.tr("Goal met?"), self.tr("Team average")]
        )
        self.figures_table.setVerticalHeaderLabels([figures.metric_name(m) for m in Metric])
        self.figures_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.figures_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # all six rows at once: no scrolling for the one table that matters most
        self.figures_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.figures_table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        self.figures_table.setTabKeyNavigation(False)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.unresolved_list = QListWidget()
        self.unresolved_list.setAccessibleName(self.tr("Left open for your supervisor"))
        open_box = QGroupBox(self.tr("Left open for your supervisor"))
        QVBoxLayout(open_box).addWidget(self.unresolved_list)
        self.went_well_edit = _editor(
            self.tr("What went well"), self.tr("A call you are proud of, a tip that worked…")
        )
        self.to_improve_edit = _editor(
            self.tr("What to improve"), self.tr("What you would do differently tomorrow…")
        )
        self.notes_edit = _editor(
            self.tr("Notes for my supervisor"),
            self.tr("Anything your supervisor should know or follow up…"),
        )
        reflect_box = QGroupBox(self.tr("Reflect"))
        reflect = QVBoxLayout(reflect_box)
        for text, editor in (
            (self.tr("What went &well"), self.went_well_edit),
            (self.tr("What to &improve"), self.to_improve_edit),
            (self.tr("&Notes for my supervisor"), self.notes_edit),
        ):
            label = QLabel(text)
            label.setBuddy(editor)
            reflect.addWidget(label)
            reflect.addWidget(editor)
        self.save_button = QPushButton(self.tr("&Save PDF and CSV…"))
        self.save_button.setAccessibleName(self.tr("Save the report as PDF and CSV"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Saving the report"))
        self.progress.setVisible(False)
        self.save_label = QLabel()
        self.save_label.setWordWrap(True)
        self.save_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_label.setAccessibleName(self.tr("Where the report was saved"))
        self.open_folder_button = QPushButton(self.tr("&Open folder"))
        self.open_folder_button.setAccessibleName(self.tr("Open the folder of the saved report"))
        self.open_folder_button.setVisible(False)
        self.sign_box = QCheckBox(self.tr("I si&gn this report off"))
        self.sign_box.setAccessibleName(self.tr("I sign this report off"))
        self.submit_button = QPushButton(self.tr("Sign off and su&bmit"))
        self.submit_button.setAccessibleName(self.tr("Sign off and submit to my supervisor"))
        self.submit_button.setEnabled(False)
        self.submitted_label = QLabel()
        self.submitted_label.setWordWrap(True)
        self.submitted_label.setAccessibleName(self.tr("Submission"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # layout: the day's figures and open items left, reflection right, actions below
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.day_edit)
        top.addWidget(self.state_label, 1)
        left = QVBoxLayout()
        left.addWidget(self.figures_table)
        left.addWidget(self.summary_label)
        left.addWidget(open_box, 1)
        middle = QGridLayout()
        middle.addLayout(left, 0, 0)
        middle.addWidget(reflect_box, 0, 1)
        middle.setColumnStretch(0, 3)
        middle.setColumnStretch(1, 2)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.open_folder_button)
        save_row.addStretch(1)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.sign_box)
        sign_row.addWidget(self.submit_button)
        sign_row.addWidget(self.submitted_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(save_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.save_label)
        layout.addLayout(sign_row)
        layout.addWidget(buttons)
        self.resize(980, 680)
        # connections
        self.day_edit.dateChanged.connect(lambda _date: self.load())
        for editor in self._editors():
            editor.textChanged.connect(self._keep_draft)
        self.save_button.clicked.connect(self.choose_folder)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.sign_box.toggled.connect(lambda _on: self._enable_submit())
        self.submit_button.clicked.connect(self.submit)
        # populate
        today = self.today()
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day_edit.setDate(QDate(today.year, today.month, today.day))  # loads the day
        self.went_well_edit.setFocus()  # the figures are read; the reflection is typed

    # --- the day -------------------------------------------------------------------

    def today(self) -> date:
        return self._clock().astimezone(self._zone).date()

    def day(self) -> date:
        chosen = self.day_edit.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def whose(self) -> Whose:
        profile = self._profile
        name = profile.username or profile.display_name
        return Whose(profile.user_id, profile.team_id, name, self.day(), self._zone)

    def reflection(self) -> Reflection:
        return Reflection(
            went_well=self.went_well_edit.toPlainText(),
            to_improve=self.to_improve_edit.toPlainText(),
            notes_for_supervisor=self.notes_edit.toPlainText(),
        )

    def load(self) -> None:
        """Show the chosen day: its reflection at once, its figures once measured."""
        self._generation += 1
        generation = self._generation
        self.report = None
        self._restore_reflection()
        self._show_submitted()
        self._enable_submit()
        self.state_label.setText(self.tr("Measuring the day…"))
        store, whose, today, now = self._store, self.whose(), self.today(), self._clock()
        run_in_background(
            lambda: measure(gather(store, whose, today), whose, now, Reflection()),
            lambda report, error: self._measured(generation, report, error),
        )

    def _measured(self, generation: int, report: DayReport | None, error: Exception | None) -> None:
        if generation != self._generation:
            return  # another day was chosen meanwhile
        if error is not None or report is None:
            self.state_label.setText(
                self.tr("The day could not be measured: {error}").format(error=error)
            )
            return
        self.report = report
        self._show_figures(report)
        self._show_unresolved(report.unresolved)
        self.state_label.setText(
            self.tr("Measured at {time}").format(
                time=report.generated_at.astimezone(self._zone).strftime("%H:%M")
            )
        )
        self._enable_submit()

    def _show_figures(self, report: DayReport) -> None:
        values = report.day_figures.values
        for row, metric in enumerate(Metric):
            value, goal = values.get(metric), report.goals.get(metric)
            cells = (
                figures.shown(metric, value),
                figures.goal(metric, goal),
                figures.verdict(metric, value, goal),
                figures.shown(metric, report.team_average.get(metric)),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.figures_table.setItem(row, column, item)
        handled = len(report.day_figures.contact_ids)
        self.summary_label.setText(
            self.tr("{handled} handled of {rows} interactions this day; {open} left open.").format(
                handled=handled, rows=len(report.rows), open=len(report.unresolved)
            )
        )

    def _show_unresolved(self, items: list[Unresolved]) -> None:
        self.unresolved_list.clear()
        for item in items:
            text = f"{figures.kind_name(item.kind)} · {item.title}"
            if item.due_at is not None:
                due = item.due_at.astimezone(self._zone).strftime("%a %d %b %H:%M")
                text += " · " + self.tr("due {when}").format(when=due)
            self.unresolved_list.addItem(QListWidgetItem(text))
        if not items:
            self.unresolved_list.addItem(QListWidgetItem(self.tr("Nothing left open.")))

    # --- the reflection, kept as typed -------------------------------------------------

    def _editors(self) -> tuple[QPlainTextEdit, ...]:
        return (self.went_well_edit, self.to_improve_edit, self.notes_edit)

    def _restore_reflection(self) -> None:
        """The draft of the day, else the reflection last submitted, else empty boxes."""
        kept = _read_draft(self._store.draft(draft_key(self.day())))
        if kept is None:
            record = self._submitted_record() or {}
            kept = {name: str(record.get(name) or "") for name in _REFLECTION_FIELDS}
        self._restoring = True
        try:
            for name, editor in zip(_REFLECTION_FIELDS, self._editors(), strict=True):
                editor.setPlainText(kept.get(name, ""))
        finally:
            self._restoring = False

    def _keep_draft(self) -> None:
        if self._restoring:
            return
        self._enable_submit()
        if self.too_long():
            self.submitted_label.setText(
                self.tr("Each box holds at most {count} characters.").format(count=REFLECTION_MAX)
            )
        else:
            self._show_submitted()
        reflection = self.reflection()
        text = json.dumps({name: getattr(reflection, name) for name in _REFLECTION_FIELDS})
        self._store.save_draft(draft_key(self.day()), text)

    # --- saving the files --------------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask where (Documents/Desk reports first), then save there."""
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save the report in"), str(_existing(default_folder()))
        )
        if folder:
            self.save_to(Path(folder))

    def save_to(self, folder: Path) -> None:
        """Write the PDF and the CSV of the day into ``folder``, off the UI thread."""
        if self.saver is not None and self.saver.running:
            return
        saver = ReportSaver(
            store=self._store,
            whose=self.whose(),
            today=self.today(),
            now=self._clock(),
            reflection=self.reflection(),
            folder=folder,
            parent=self,
        )
        self.saver = saver
        saver.progressed.connect(self._progressed)
        saver.saved.connect(self._saved)
        saver.failed.connect(self._failed)
        self.save_button.setEnabled(False)
        self.open_folder_button.setVisible(False)
        self.progress.setRange(0, len(saver.steps))
        self.progress.setVisible(True)
        saver.start()

    def _progressed(self, done: int, count: int, label: str) -> None:
        self.progress.setValue(done)
        self.progress.setFormat(label)
        self.save_label.setText(label)

    def _saved(self, paths: list[Path]) -> None:
        self.saved_paths = paths
        self.save_button.setEnabled(True)
        self.save_label.setText(
            self.tr("Saved: {files}").format(files=" · ".join(str(path) for path in paths))
        )
        self.open_folder_button.setVisible(True)
        self.open_folder_button.setFocus()

    def _failed(self, reason: str) -> None:
        self.save_button.setEnabled(True)
        self.progress.setVisible(False)
        self.save_label.setText(
            self.tr("The report could not be saved: {reason}").format(reason=reason)
        )

    def open_folder(self) -> None:
        if self.saved_paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_paths[0].parent)))

    # --- sign-off ----------------------------------------------------------------------

    def too_long(self) -> bool:
        """A box longer than the server keeps: submitting would be refused."""
        return any(len(editor.toPlainText()) > REFLECTION_MAX for editor in self._editors())

    def _enable_submit(self) -> None:
        ready = self.report is not None and self.sign_box.isChecked() and not self.too_long()
        self.submit_button.setEnabled(ready)

    def submit(self) -> None:
        """Queue ``shift_report.submit`` for the day shown (it replaces one sent before)."""
        report = self.report
        if report is None or not self.sign_box.isChecked() or self.too_long():
            return
        change: RecordChange = submit(
            self._store, self._profile, report, self.reflection(), self._clock()
        )
        self.sign_box.setChecked(False)
        self._show_submitted()
        self.submitted.emit(change)

    def _submitted_record(self) -> dict[str, Any] | None:
        return self._store.record(ENTITY, report_id(self._profile.user_id, self.day()))

    def _show_submitted(self) -> None:
        record = self._submitted_record()
        at = None if record is None else record.get("submitted_at")
        if not at:
            self.submitted_label.setText(self.tr("Not submitted yet."))
            return
        when = datetime.fromisoformat(str(at)).astimezone(self._zone).strftime("%H:%M")
        self.submitted_label.setText(
            self.tr("Submitted at {time}; submitting again replaces it.").format(time=when)
        )


_REFLECTION_FIELDS = ("went_well", "to_improve", "notes_for_supervisor")


def _read_draft(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    try:
        kept = json.loads(text)
    except ValueError:
        return None
    if not isinstance(kept, dict):
        return None
    return {name: str(kept.get(name) or "") for name in _REFLECTION_FIELDS}


def _existing(folder: Path) -> Path:
    """The folder, or its nearest existing parent (the dialog opens where it can)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder
