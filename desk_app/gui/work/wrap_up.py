"""The wrap-up panel of an interaction tab: its queue's codes, notes, callback time, ACW clock.

It opens by itself when a call ends (the interaction goes to wrap-up), and
for a chat or email when the rep ends it (the tab's "Wrap up" button,
Ctrl+Shift+W). The interaction's queue (its skill, else its channel, else
``default`` in ``resources/wrapup.yaml``) gives the code tree, each group on
the F-key the queue names (F1 is the knowledge base, F9 the calm words,
Alt+digits switch tabs), whether notes are required and the after-contact
work rule. The script's suggestion comes first and is preselected. A
callback code asks when to call (local time shown, sent as UTC). The notes
are saved as a draft in the local store with every change, card numbers
already masked (nothing typed keeps a card number on disk), so a desk that
crashes mid-sentence shows them again when the tab reopens. Must-say lines
the script showed and the rep never confirmed are listed, and Submit
(Ctrl+Enter) waits until the rep ticks that they said them or could not.

The ACW rule: ``mandatory_limited`` counts down and applies the queue's
timeout code at the deadline (notes typed so far kept); ``time_boxed``
holds Submit until the box ends, then sends the rep's code (or the timeout
code); ``optional`` offers "Skip wrap-up" (Esc), which ends the
interaction with the timeout code at once. Both go as a timed-out wrap-up.
The deadline is the server's ``acw_deadline_at`` when it has one, else the
rule's limit from the moment the interaction ended.

Submit masks card numbers (telling the rep), queues ``interaction.wrap_up``
with the interaction shown done at once, drops the draft and closes the tab.
The server applies the assigned rep's own wrap-up on whatever version is
current (call events and script trails move it meanwhile). It refuses one
for an interaction already done (a supervisor wrapped it up): the server's
copy then stays, and the rep is told; any other conflict is the rep's to
settle, as every conflict is.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache

from PySide6.QtCore import QDateTime, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.enums import AcwPolicy, InteractionStatus
from desk_app.domain.pan import mask_pans
from desk_app.domain.wrapup import (
    BY_CODE,
    MAX_NOTES,
    Outcome,
    Problem,
    QueueWrapUp,
    WrapUp,
    WrapUpError,
    queue_for,
    shipped_queues,
    wrap_up,
)
from desk_app.gui.offer.display import error_label
from desk_app.gui.records import parse_time
from desk_app.gui.work.acw_clock import AcwClock, countdown
from desk_app.gui.work.code_tree import CodeTree
from desk_app.gui.work.tabs import InteractionTabs

KIND = "interaction.wrap_up"
FINISHED = (InteractionStatus.DONE, InteractionStatus.ABANDONED)
SUBMIT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
SKIP_KEY = "Esc"
CALLBACK_AFTER = timedelta(hours=1)  # the callback time offered first
CALLBACK_FORMAT = "ddd d MMM yyyy, HH:mm"


def _now() -> datetime:
    return datetime.now(UTC)


@cache
def desk_queues() -> dict[str, QueueWrapUp]:
    """The shipped queues, read once per process (every panel asks)."""
    return shipped_queues()


def draft_key(interaction_id: uuid.UUID) -> str:
    """Where the store keeps the wrap-up notes being typed for this interaction."""
    return f"wrapup/{interaction_id}"


class Ending(StrEnum):
    """How a wrap-up was sent: the rep's Submit, the ACW limit, or the rep skipping it."""

    SUBMITTED = "submitted"
    TIMED_OUT = "timed_out"
    SKIPPED = "skipped"


class WrapUpPanel(QFrame):
    """Codes, notes, callback time, warning and Submit for one interaction.

    Emits ``submitted(WrapUp, Ending)`` once the op is queued.
    ``unconfirmed()`` and ``suggested()`` are asked again each time the panel
    is drawn: the rep may still tick a line in the script guide meanwhile.
    """

    submitted = Signal(object, object)

    def __init__(
        self,
        store: LocalStore,
        interaction_id: uuid.UUID,
        *,
        queue: QueueWrapUp,
        unconfirmed: Callable[[], list[str]],
        suggested: Callable[[], tuple[str, ...]],
        clock: Callable[[], datetime] = _now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("wrapUpPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Wrap-up"))
        heading = QLabel(self.tr("Wrap-up"), objectName="wrapUpHeading")
        heading_font = QFont(heading.font())
        heading_font.setBold(True)
        heading.setFont(heading_font)
        self.acw_label = QLabel(objectName="wrapUpCountdown")
        self.acw_label.setAccessibleName(self.tr("After-contact work time"))
        self.acw_label.hide()
        self.codes = CodeTree()
        self.code_error = error_label("wrapUpCodeError")
        self.callback_label = QLabel(
            self.tr("Call back &at (local time)"), objectName="callbackLabel"
        )
        self.callback_time = QDateTimeEdit(objectName="callbackTime")
        self.callback_time.setCalendarPopup(True)
        self.callback_time.setDisplayFormat(CALLBACK_FORMAT)
        self.callback_time.setAccessibleName(self.tr("Call back at (local time)"))
        self.callback_label.setBuddy(self.callback_time)
        self.callback_error = error_label("callbackError")
        self.notes_label = QLabel(
            self.tr("Notes (required in this queue)") if queue.notes_required else self.tr("Notes"),
            objectName="wrapUpNotesLabel",
        )
        self.notes = QPlainTextEdit(objectName="wrapUpNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName(self.notes_label.text())
        self.notes.setPlaceholderText(
            self.tr("What was done, what the customer was told… (Ctrl+Enter submits)")
        )
        self.notes_label.setBuddy(self.notes)
        self.notes_error = error_label("wrapUpNotesError")
        self.warning = QFrame(objectName="wrapUpWarning")
        self.warning.setFrameShape(QFrame.Shape.StyledPanel)
        self.warning.setAccessibleName(self.tr("Must-say lines not confirmed"))
        self.warning_text = error_label("wrapUpWarningText")
        self.acknowledge = QCheckBox(
            self.tr("I have said these / I could not"), objectName="wrapUpAcknowledge"
        )
        warning_layout = QVBoxLayout(self.warning)
        warning_layout.addWidget(self.warning_text)
        warning_layout.addWidget(self.acknowledge)
        self.warning_text.setHidden(False)  # shown with its frame (not a window of its own)
        self.notice = error_label("wrapUpNotice")
        # a child from the start: shown while parentless it would be a window of its own
        self.skip_button = QPushButton(self.tr("Skip wrap-up"), self, objectName="skipWrapUp")
        self.skip_button.setVisible(queue.acw.may_skip)
        if queue.acw.may_skip and queue.acw.timeout_code:
            self.skip_button.setToolTip(
                self.tr("End it now as “{label}” ({key})").format(
                    label=BY_CODE[queue.acw.timeout_code].label, key=SKIP_KEY
                )
            )
        self.submit_button = QPushButton(self.tr("Submit wrap-up"), objectName="submitWrapUp")
        self.submit_button.setToolTip(self.tr("Submit the wrap-up and close the tab (Ctrl+Enter)"))
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.acw_label)
        callback_row = QHBoxLayout()
        callback_row.addWidget(self.callback_label)
        callback_row.addWidget(self.callback_time, 1)
        self.callback_row = QWidget(objectName="callbackRow")
        self.callback_row.setLayout(callback_row)
        callback_row.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.codes, 1)
        layout.addWidget(self.code_error)
        layout.addWidget(self.callback_row)
        layout.addWidget(self.callback_error)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.notes_error)
        layout.addWidget(self.warning)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        for group in queue.groups:
            if group.hotkey:
                pick = QShortcut(QKeySequence(group.hotkey), self)
                pick.setContext(Qt.ShortcutContext.WindowShortcut)
                pick.activated.connect(lambda key=group.hotkey: self._pick(key))
        submit = QShortcut(self)
        submit.setKeys([QKeySequence(key) for key in SUBMIT_KEYS])
        submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        skip = QShortcut(QKeySequence(SKIP_KEY), self)
        skip.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        skip.setEnabled(queue.acw.may_skip)
        # models
        self._store = store
        self._id = interaction_id
        self.queue = queue
        self._unconfirmed = unconfirmed
        self._suggested = suggested
        self._clock = clock
        self._shown: tuple[str, ...] | None = None
        self._began_at: datetime | None = None  # a chat or email the rep ended: no ended_at yet
        self._callback_set = False
        self._counting_to: datetime | None = None
        self.acw = AcwClock(clock, self)
        # connections
        submit.activated.connect(self.submit)
        skip.activated.connect(self.skip)
        self.submit_button.clicked.connect(self.submit)
        self.skip_button.clicked.connect(self.skip)
        self.notes.textChanged.connect(self._keep_draft)
        self.codes.currentItemChanged.connect(self._code_changed)
        self.codes.confirmed.connect(self._confirmed)
        self.callback_time.dateTimeChanged.connect(self.callback_error.hide)
        self.acw.remaining.connect(self._show_remaining)
        self.acw.ended.connect(self._time_up)
        # populate
        self.notes.setPlainText(store.draft(draft_key(interaction_id)) or "")
        self.callback_row.hide()
        self.warning.hide()
        self.hide()

    # --- what the tab and the coordinator call -------------------------------

    def begin(self) -> None:
        """Show the panel, drawn afresh, with the focus on the codes; start the ACW clock."""
        if self._began_at is None:
            self._began_at = self._clock()
        self.show()
        self.codes.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the codes (keeping the rep's pick), the warning and the ACW deadline."""
        self._redraw()
        deadline = self._deadline()
        if not self.isHidden() and deadline != self._counting_to:
            self._counting_to = deadline  # a deadline that ran out is not counted again
            self.acw.start(deadline)

    def _redraw(self) -> None:
        suggested = self._suggested()
        if suggested != self._shown:
            self.codes.show_queue(self.queue, suggested)
            self._shown = suggested
            self._code_changed()
        lines = self._unconfirmed()
        self.warning_text.setText(
            self.tr("The script's must-say lines were not confirmed:")
            + "".join(f"\n• {line}" for line in lines)
        )
        self.warning.setVisible(bool(lines))

    def chosen_code(self) -> str | None:
        return self.codes.chosen_code()

    def callback_at(self) -> datetime:
        """The callback time picked (shown in local time) as an aware UTC time."""
        return datetime.fromtimestamp(self.callback_time.dateTime().toSecsSinceEpoch(), UTC)

    def submit(self) -> None:
        """Queue the rep's wrap-up (notes masked); or say what is missing or why it waits."""
        left = self.acw.seconds_left()
        if self.queue.acw.policy is AcwPolicy.TIME_BOXED and left:
            self.notice.setText(
                self.tr("This queue's wrap-up takes its full time: it is sent in {left}.").format(
                    left=countdown(left)
                )
            )
            self.notice.show()
            return
        done = self._rep_wrap_up()
        if done is not None:
            self._send(done, Ending.SUBMITTED)

    def skip(self) -> None:
        """An optional wrap-up skipped: it ends at once with the queue's timeout code."""
        if self.queue.acw.may_skip and not self.isHidden():
            self._send(self._timed_out(), Ending.SKIPPED)

    # --- inside -------------------------------------------------------------------

    def _deadline(self) -> datetime | None:
        record = self._store.record("interaction", self._id) or {}
        from_server = parse_time(record.get("acw_deadline_at"))
        if from_server is not None and self.queue.acw.deadline(from_server) is not None:
            return from_server
        started = parse_time(record.get("ended_at")) or self._began_at
        return None if started is None else self.queue.acw.deadline(started)

    def _rep_wrap_up(self) -> WrapUp | None:
        """The rep's wrap-up as it stands, or None with the problem shown next to its field."""
        self._redraw()
        try:
            return wrap_up(
                self.chosen_code(),
                self.notes.toPlainText(),
                unconfirmed=self._unconfirmed(),
                acknowledged=self.acknowledge.isChecked(),
                queue=self.queue,
                callback_at=self.callback_at(),
                now=self._clock(),
            )
        except WrapUpError as error:
            self._refuse(error.problem)
            return None

    def _timed_out(self) -> WrapUp:
        """The queue's timeout code with the notes typed so far (masked, cut to the limit)."""
        code = self.queue.acw.timeout_code
        assert code is not None  # the domain's parser requires one for every timed rule
        return wrap_up(
            code,
            self.notes.toPlainText().strip()[:MAX_NOTES],
            callback_at=self._clock() + CALLBACK_AFTER,
        )

    def _time_up(self) -> None:
        """The ACW deadline: the rep's code if the box held it back, else the timeout code."""
        if self.isHidden():
            return
        done = None
        if self.queue.acw.policy is AcwPolicy.TIME_BOXED and self.chosen_code():
            done = self._rep_wrap_up()
        if done is not None:
            self._send(done, Ending.SUBMITTED)
        else:
            self._send(self._timed_out(), Ending.TIMED_OUT)

    def _send(self, done: WrapUp, ending: Ending) -> None:
        self.acw.stop()
        code = done.disposition.code
        payload: dict[str, object] = {
            "interaction_id": str(self._id),
            "disposition": code,
            "wrap_notes": done.notes,
        }
        if done.callback_at is not None:
            payload["callback_at"] = done.callback_at.isoformat()
        if ending is not Ending.SUBMITTED:
            payload["timed_out"] = True
        fields = {"status": InteractionStatus.DONE.value, "disposition": code}
        record = self._store.record("interaction", self._id) or {}
        self._store.record_op(
            KIND,
            payload,
            base_version=record.get("version"),
            local=LocalChange("interaction", self._id, {**fields, "wrap_notes": done.notes}),
        )
        self._store.discard_draft(draft_key(self._id))
        self.hide()
        self.submitted.emit(done, ending)

    def _pick(self, hotkey: str) -> None:
        self.codes.pick_group(hotkey)

    def _code_changed(self) -> None:
        self.code_error.hide()
        code = self.chosen_code()
        is_callback = code is not None and BY_CODE[code].outcome is Outcome.CALLBACK
        if is_callback and not self._callback_set:
            moment = self._clock() + CALLBACK_AFTER
            self.callback_time.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())))
            self._callback_set = True
        self.callback_row.setVisible(is_callback)
        if not is_callback:
            self.callback_error.hide()

    def _confirmed(self) -> None:
        """Enter on a code: on to the callback time, or the notes."""
        target = self.callback_time if self.callback_row.isVisible() else self.notes
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_remaining(self, left: int) -> None:
        boxed = self.queue.acw.policy is AcwPolicy.TIME_BOXED
        if boxed:
            self.acw_label.setText(self.tr("Wrap-up time: {left}").format(left=countdown(left)))
            self.submit_button.setText(self.tr("Submit in {left}").format(left=countdown(left)))
            self.submit_button.setEnabled(left == 0)
        else:
            timeout = BY_CODE[self.queue.acw.timeout_code or ""].label
            self.acw_label.setText(
                self.tr("{left} left, then “{label}”").format(left=countdown(left), label=timeout)
            )
        self.acw_label.show()

    def _refuse(self, problem: Problem) -> None:
        texts = {
            Problem.NOTES_TOO_LONG: self.tr(
                "The notes are {length} characters long: {limit} at most."
            ).format(length=len(self.notes.toPlainText().strip()), limit=MAX_NOTES),
            Problem.NOTES_REQUIRED: self.tr("This queue needs notes: say what was done."),
            Problem.CALLBACK_TIME_MISSING: self.tr("Say when to call the customer back."),
            Problem.CALLBACK_TIME_PAST: self.tr(
                "The callback time has passed: pick a time later than now."
            ),
            Problem.MUST_SAY_NOT_ACKNOWLEDGED: self.tr(
                "Some must-say lines were not confirmed: tick “I have said these / I could "
                "not” before submitting."
            ),
            Problem.NOT_IN_QUEUE: self.tr("This queue does not use that code: pick another."),
            Problem.UNKNOWN_DISPOSITION: self.tr("That code is not known: pick another."),
        }
        where: dict[Problem, tuple[QLabel, QWidget]] = {
            Problem.NOTES_TOO_LONG: (self.notes_error, self.notes),
            Problem.NOTES_REQUIRED: (self.notes_error, self.notes),
            Problem.CALLBACK_TIME_MISSING: (self.callback_error, self.callback_time),
            Problem.CALLBACK_TIME_PAST: (self.callback_error, self.callback_time),
            Problem.MUST_SAY_NOT_ACKNOWLEDGED: (self.notice, self.acknowledge),
        }
        keys = [group.hotkey for group in self.queue.groups if group.hotkey]
        pick = (
            self.tr("Pick a disposition first ({first} to {last}, or from the list).").format(
                first=keys[0], last=keys[-1]
            )
            if keys
            else self.tr("Pick a disposition first.")
        )
        label, focus = where.get(problem, (self.code_error, self.codes))
        label.setText(texts.get(problem, pick))
        label.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_draft(self) -> None:
        self.notes_error.hide()
        text = self.notes.toPlainText()
        if text:
            # the draft is stored on disk: a card number is masked there as everywhere
            self._store.save_draft(draft_key(self._id), mask_pans(text))
        else:
            self._store.discard_draft(draft_key(self._id))


def _due(record: dict[str, object]) -> bool:
    """The interaction is in wrap-up: a call ended, or the server moved it there."""
    return record.get("status") == InteractionStatus.WRAP_UP or (
        bool(record.get("ended_at")) and record.get("status") not in FINISHED
    )


class WrapUps(QObject):
    """Gives each tab its wrap-up panel and opens it when the interaction is due.

    Signals: ``opQueued`` (count the op, wake the sync), ``cacheChanged(list)``
    (the interaction was shown done at once), ``message(str)`` (what the rep
    is told once the tab has closed).
    """

    opQueued = Signal()
    cacheChanged = Signal(list)
    message = Signal(str)
    wrappedUp = Signal(object, object)  # interaction id, WrapUp: sent (the recovery offer asks)

    def __init__(
        self,
        *,
        store: LocalStore,
        tabs: InteractionTabs,
        unconfirmed: Callable[[uuid.UUID], list[str]],
        suggested: Callable[[uuid.UUID], tuple[str, ...]],
        wake: Callable[[], None],
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock  # what the panels read the time from (tests set a hand-driven one)
        self._store = store
        self._tabs = tabs
        self._unconfirmed = unconfirmed
        self._suggested = suggested
        self._wake = wake
        tabs.currentInteractionChanged.connect(self.attach)

    def panel(self, interaction_id: uuid.UUID) -> WrapUpPanel | None:
        tab = self._tabs.tab(interaction_id)
        return None if tab is None else tab.wrap_up

    def attach(self, interaction_id: uuid.UUID | None) -> None:
        """Give the tab its (hidden) panel; open it if due or if notes were being typed."""
        tab = self._tabs.tab(interaction_id) if interaction_id else None
        if tab is None or interaction_id is None or tab.wrap_up is not None:
            return
        record = tab.record
        panel = WrapUpPanel(
            self._store,
            interaction_id,
            queue=queue_for(desk_queues(), record.get("skill"), record.get("channel")),
            unconfirmed=lambda: self._unconfirmed(interaction_id),
            suggested=lambda: self._suggested(interaction_id),
            clock=lambda: self.clock(),
        )
        panel.submitted.connect(lambda done, ending: self._submitted(interaction_id, done, ending))
        tab.set_wrap_up(panel)
        if _due(tab.record) or self._store.draft(draft_key(interaction_id)):
            tab.begin_wrap_up()

    def records_changed(self, changes: list[RecordChange]) -> None:
        """Open the panel of an interaction that went to wrap-up; redraw the open ones."""
        self._settle_wrapped_elsewhere()
        for change in changes:
            if change.entity != "interaction":
                continue
            record = self._store.record("interaction", change.id)
            if record is None or record.get("status") in FINISHED:
                self._store.discard_draft(draft_key(change.id))  # wrapped up, here or elsewhere
                continue
            tab = self._tabs.tab(change.id)
            closed = tab is not None and tab.wrap_up is not None and tab.wrap_up.isHidden()
            if tab is not None and closed and _due(record):
                tab.begin_wrap_up()
        self.refresh()

    def refresh(self) -> None:
        """The script changed (a line ticked late): redraw the open panels."""
        for interaction_id in self._tabs.open_ids():
            panel = self.panel(interaction_id)
            if panel is not None and not panel.isHidden():
                panel.refresh()

    def _settle_wrapped_elsewhere(self) -> None:
        """A wrap-up refused because the server's copy is done already: that copy stays."""
        for conflict in self._store.conflicts():
            theirs = conflict.server_record or {}
            if conflict.kind != KIND or theirs.get("status") not in FINISHED:
                continue
            change = self._store.take_theirs(conflict.op_id)
            code = str(theirs.get("disposition") or "")
            label = BY_CODE[code].label if code in BY_CODE else code
            subject = theirs.get("subject")
            what = f"“{subject}”" if subject else self.tr("An interaction")
            self.message.emit(
                self.tr(
                    "{what} was wrapped up on the server already (“{label}”): "
                    "your wrap-up was not sent."
                ).format(what=what, label=label)
            )
            self.opQueued.emit()
            if change is not None:
                self.cacheChanged.emit([change])

    def _submitted(self, interaction_id: uuid.UUID, done: WrapUp, ending: Ending) -> None:
        self._wake()
        self.opQueued.emit()
        self._tabs.close_interaction(interaction_id)
        self.cacheChanged.emit([RecordChange("interaction", interaction_id, "changed")])
        label = done.disposition.label
        if ending is Ending.TIMED_OUT:
            text = self.tr(
                "The wrap-up time ran out: wrapped up as “{label}”, with the notes typed so far."
            ).format(label=label)
        elif ending is Ending.SKIPPED:
            text = self.tr("Wrap-up skipped: ended as “{label}”.").format(label=label)
        else:
            text = self.tr("Wrapped up as “{label}”.").format(label=label)
        if done.masked:
            text += " " + self.tr(
                "A card number in the notes was masked: only its last four digits were kept."
            )
        self.message.emit(text)
        self.wrappedUp.emit(interaction_id, done)
