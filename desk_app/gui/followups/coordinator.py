"""Follow-ups on the desk: the dialog on the work in front, reminders, the "Due now" page.

Everything is read from and written to the local store: setting, finishing
or snoozing a follow-up is a ``followup.set`` op shown at once, and
reminders fire from the cache, so all of it works offline. A supervisor's
desk also caches the team's follow-ups and lists those overdue.
"""

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desk_app.client.session import Profile
from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.enums import FollowUpKind, Role
from desk_app.domain.followups import due_now, due_time, overdue
from desk_app.gui.followups import writes
from desk_app.gui.followups.dialog import FollowUpDialog
from desk_app.gui.followups.due_page import DuePage, Row
from desk_app.gui.followups.reminders import ReminderDriver
from desk_app.gui.inbox.notifier import Notifier
from desk_app.gui.inbox.subjects import Subject, as_uuid, display_name, subject_label
from desk_app.gui.notes.directory import UserDirectory

SNOOZE = timedelta(minutes=15)
SUPERVISING = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})


def _now() -> datetime:
    return datetime.now(UTC)


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %H:%M")


class FollowUps(QObject):
    """Signals: ``opQueued`` (count the outbox), ``cacheChanged(changes)``, ``message(text)``,
    ``openRequested(subject_type, subject_id, customer_id)``, ``countChanged(due count)``.
    """

    opQueued = Signal()
    cacheChanged = Signal(list)
    message = Signal(str)
    openRequested = Signal(str, object, object)
    countChanged = Signal(int)

    def __init__(
        self,
        *,
        store: LocalStore,
        profile: Profile,
        directory: UserDirectory,
        notifier: Notifier,
        wake: Callable[[], None],
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._directory = directory
        self._profile = profile
        self._notifier = notifier
        self._wake = wake
        self._clock = clock
        self.supervising = profile.role in SUPERVISING
        self.page = DuePage(supervisor=self.supervising)
        self.driver = ReminderDriver(store, profile.user_id, clock=clock, parent=self)
        self.dialog: FollowUpDialog | None = None  # while it is open
        # connections
        self.driver.fired.connect(self._remind)
        self.driver.checked.connect(self._redraw)
        self.page.openRequested.connect(self._open)
        self.page.doneRequested.connect(self.done)
        self.page.snoozeRequested.connect(self.snooze)

    def start(self) -> None:
        """Look now (follow-ups due while the desk was closed fire at once) and keep looking."""
        self.driver.check()

    def stop(self) -> None:
        self.driver.stop()

    def records_changed(self, changes: list[RecordChange]) -> None:
        self.driver.records_changed(changes)

    # --- the dialog -------------------------------------------------------

    def ask(self, subject: Subject | None, parent: QWidget) -> None:
        """Ctrl+Shift+F: the dialog for the work in front (window-modal), then the op."""
        if subject is None:
            self.message.emit(self.tr("Open an interaction or a ticket to follow it up."))
            return
        customer_id = subject.customer_id
        customer = None if customer_id is None else self._store.record("customer", customer_id)
        dialog = FollowUpDialog(
            subject,
            title=subject_label(self._store, subject.type, subject.id),
            customer=customer,
            region=self._profile.region,
            now=self._clock(),
            parent=parent,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set(dialog))
        dialog.finished.connect(lambda _result: self._closed())
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None

    def _set(self, dialog: FollowUpDialog) -> None:
        follow_up = dialog.follow_up
        if follow_up is None:
            return
        follow_up_id = writes.create(self._store, follow_up, owner_id=self._profile.user_id)
        self._queued([RecordChange(writes.ENTITY, follow_up_id, "changed")])
        said = self.tr("Follow-up set for {when}.").format(when=_local(follow_up.due_at))
        if dialog.masked:
            said += " " + self.tr("A card number in the note was masked.")
        self.message.emit(said)

    # --- the due list ------------------------------------------------------

    def done(self, record: dict[str, Any]) -> None:
        writes.edit(self._store, record, now=self._clock(), done=True)
        self._queued([RecordChange(writes.ENTITY, uuid.UUID(str(record["id"])), "changed")])

    def snooze(self, record: dict[str, Any]) -> None:
        writes.edit(self._store, record, now=self._clock(), due_at=self._clock() + SNOOZE)
        self._queued([RecordChange(writes.ENTITY, uuid.UUID(str(record["id"])), "changed")])

    def _queued(self, changes: list[RecordChange]) -> None:
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit(changes)
        self.driver.check()

    def _open(self, record: dict[str, Any]) -> None:
        self.openRequested.emit(
            str(record.get("subject_type")),
            as_uuid(record.get("subject_id")),
            as_uuid(record.get("customer_id")),
        )

    # --- reminders ------------------------------------------------------------

    def _describe(
        self, record: Mapping[str, Any], *, owner: bool = False, lines: bool = True
    ) -> str:
        """What and whom on the first line; when and the note on the second (one line: tray)."""
        kind = record.get("kind")
        what = self.tr("Call back") if kind == FollowUpKind.CALLBACK else self.tr("Reminder")
        head = [what, subject_label(self._store, str(record["subject_type"]), record["subject_id"])]
        if kind == FollowUpKind.CALLBACK and record.get("phone"):
            head.append(str(record["phone"]))
        if owner:
            head.insert(0, display_name(self._directory, record.get("owner_id")))
        detail = [self.tr("due {when}").format(when=_local(due_time(record)))]
        if record.get("note"):
            detail.append(str(record["note"]))
        return ("\n" if lines else " · ").join((" · ".join(head), " · ".join(detail)))

    def _remind(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            self._notifier.notify(self.tr("Follow-up due"), self._describe(record, lines=False))

    def _redraw(self, now: datetime) -> None:
        due: list[Row] = [(r, self._describe(r)) for r in due_now(self.driver.mine(), now)]
        self.page.show_due(due)
        self.countChanged.emit(len(due))
        if self.supervising:
            me = str(self._profile.user_id)
            team = [r for r in self._store.records(writes.ENTITY) if str(r.get("owner_id")) != me]
            self.page.show_team([(r, self._describe(r, owner=True)) for r in overdue(team, now)])
