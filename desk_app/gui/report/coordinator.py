"""The Day menu's report actions: the rep's end-of-shift report, a supervisor's team reports.

The window builds one :class:`ShiftReports`, calls :meth:`add_actions` on
its Day menu and passes the store's changes to :meth:`records_changed`;
the signals are the window's usual ones (an op queued, the cache changed,
a message for the status bar).
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desk_app.client.session import Profile
from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.enums import Role
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.report.dialog import ShiftReportDialog
from desk_app.gui.report.team import ENTITY, TeamReportsDialog
from desk_app.gui.stats.data import local_zone

REPORT_KEY = "Ctrl+Shift+R"


def _now() -> datetime:
    return datetime.now(UTC)


class ShiftReports(QObject):
    """Signals: ``opQueued``, ``cacheChanged(changes)``, ``message(text)``."""

    opQueued = Signal()
    cacheChanged = Signal(list)
    message = Signal(str)

    def __init__(
        self,
        *,
        store: LocalStore,
        profile: Profile,
        directory: UserDirectory,
        wake: Callable[[], None],
        window: QWidget,
        clock: Callable[[], datetime] = _now,
        zone: tzinfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._profile = profile
        self._directory = directory
        self._wake = wake
        self._window = window
        self._clock = clock
        self._zone = zone or local_zone()
        self.dialog: ShiftReportDialog | None = None  # while open
        self.team_dialog: TeamReportsDialog | None = None
        self.report_action = QAction(self.tr("End-of-shift &report…"), self)
        self.report_action.setShortcut(QKeySequence(REPORT_KEY))
        self.report_action.triggered.connect(self.open_report)
        self.team_action: QAction | None = None
        if profile.role == Role.SUPERVISOR:
            self.team_action = QAction(self.tr("&Team shift reports…"), self)
            self.team_action.triggered.connect(self.open_team_reports)

    def add_actions(self, menu: QMenu) -> None:
        menu.addAction(self.report_action)
        if self.team_action is not None:
            menu.addAction(self.team_action)

    # --- the rep's report ----------------------------------------------------------

    def open_report(self) -> ShiftReportDialog:
        """The dialog for today (brought to front when already open)."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = ShiftReportDialog(
            store=self._store,
            profile=self._profile,
            clock=self._clock,
            zone=self._zone,
            parent=self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.submitted.connect(self._submitted)
        dialog.finished.connect(lambda _result: self._closed())
        self.dialog = dialog
        dialog.show()  # not modal: calls still ring and open while the rep writes
        return dialog

    def _closed(self) -> None:
        self.dialog = None

    def _submitted(self, change: RecordChange) -> None:
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit([change])
        self.message.emit(
            self.tr("Your shift report is submitted; it reaches your supervisor when online.")
        )

    # --- a supervisor's team reports ---------------------------------------------------

    def open_team_reports(self) -> TeamReportsDialog:
        if self.team_dialog is not None:
            self.team_dialog.raise_()
            self.team_dialog.activateWindow()
            return self.team_dialog
        dialog = TeamReportsDialog(directory=self._directory, zone=self._zone, parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._team_closed())
        self.team_dialog = dialog
        dialog.view.load(self._store.records(ENTITY))
        dialog.show()
        dialog.view.list.setFocus()
        return dialog

    def _team_closed(self) -> None:
        self.team_dialog = None

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        """New or replaced reports show in the open team list."""
        if self.team_dialog is not None and any(c.entity == ENTITY for c in changes):
            self.team_dialog.view.load(self._store.records(ENTITY))
