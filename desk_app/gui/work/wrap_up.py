"""The wrap-up panel of an interaction tab: disposition, notes, the script's must-say warning.

It opens by itself when a call ends (the interaction goes to wrap-up), and
for a chat or email when the rep ends it (the tab's "Wrap up" button,
Ctrl+Shift+W). The codes are listed with the script's suggestion first and
preselected; F2…F8 pick the first seven from anywhere in the window (F1 is
the knowledge base, F9 the calm words, Alt+digits switch tabs). The notes
are saved as a draft in the local store with every change, so a desk that
crashes mid-sentence shows them again when the tab reopens. Must-say lines
the script showed and the rep never confirmed are listed, and Submit
(Ctrl+Enter) waits until the rep ticks that they said them or could not.
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

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.enums import InteractionStatus
from desk_app.domain.wrapup import (
    BY_CODE,
    MAX_NOTES,
    Problem,
    WrapUp,
    WrapUpError,
    ordered,
    wrap_up,
)
from desk_app.gui.offer.display import error_label
from desk_app.gui.work.tabs import InteractionTabs

KIND = "interaction.wrap_up"
FINISHED = (InteractionStatus.DONE, InteractionStatus.ABANDONED)
HOTKEYS = tuple(f"F{n}" for n in range(2, 9))
SUBMIT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def draft_key(interaction_id: uuid.UUID) -> str:
    """Where the store keeps the wrap-up notes being typed for this interaction."""
    return f"wrapup/{interaction_id}"


class WrapUpPanel(QFrame):
    """Codes, notes, warning and Submit for one interaction; emits ``submitted(WrapUp)``.

    ``unconfirmed()`` and ``suggested()`` are asked again each time the panel
    is drawn: the rep may still tick a line in the script guide meanwhile.
    """

    submitted = Signal(object)

    def __init__(
        self,
        store: LocalStore,
        interaction_id: uuid.UUID,
        *,
        unconfirmed: Callable[[], list[str]],
        suggested: Callable[[], tuple[str, ...]],
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
        self.codes = QListWidget(objectName="wrapUpCodes")
        self.codes.setAccessibleName(self.tr("Disposition"))
        self.codes.setAccessibleDescription(
            self.tr("F2 to F8 pick the first seven codes; the script's suggestion comes first.")
        )
        self.notes = QPlainTextEdit(objectName="wrapUpNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName(self.tr("Wrap-up notes"))
        self.notes.setPlaceholderText(
            self.tr("What was done, what the customer was told… (Ctrl+Enter submits)")
        )
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
        self.submit_button = QPushButton(self.tr("Submit wrap-up"), objectName="submitWrapUp")
        self.submit_button.setToolTip(self.tr("Submit the wrap-up and close the tab (Ctrl+Enter)"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.codes)
        layout.addWidget(self.notes)
        layout.addWidget(self.warning)
        layout.addWidget(self.notice)
        layout.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignRight)
        for index, key in enumerate(HOTKEYS):
            pick = QShortcut(QKeySequence(key), self)
            pick.setContext(Qt.ShortcutContext.WindowShortcut)
            pick.activated.connect(lambda row=index: self._pick(row))
        submit = QShortcut(self)
        submit.setKeys([QKeySequence(key) for key in SUBMIT_KEYS])
        submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # models
        self._store = store
        self._id = interaction_id
        self._unconfirmed = unconfirmed
        self._suggested = suggested
        self._shown: tuple[tuple[str, ...], str | None] | None = None
        # connections
        submit.activated.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)
        self.notes.textChanged.connect(self._keep_draft)
        # populate
        self.notes.setPlainText(store.draft(draft_key(interaction_id)) or "")
        self.warning.hide()
        self.hide()

    # --- what the tab and the coordinator call -------------------------------

    def begin(self) -> None:
        """Show the panel, drawn afresh, with the focus on the codes."""
        self.refresh()
        self.show()
        self.codes.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Redraw the codes (keeping the rep's pick) and the warning from the script as it is."""
        record = self._store.record("interaction", self._id) or {}
        suggested = self._suggested()
        shown = (suggested, record.get("category"))
        if shown != self._shown:
            self._list_codes(suggested, record.get("category"))
            self._shown = shown
        lines = self._unconfirmed()
        self.warning_text.setText(
            self.tr("The script's must-say lines were not confirmed:")
            + "".join(f"\n• {line}" for line in lines)
        )
        self.warning.setVisible(bool(lines))

    def chosen_code(self) -> str | None:
        item = self.codes.currentItem()
        return None if item is None or not item.isSelected() else str(item.data(CODE_ROLE))

    def submit(self) -> None:
        """Queue the wrap-up (notes masked) and say so; or say what is missing."""
        self.refresh()
        lines = self._unconfirmed()
        try:
            done = wrap_up(
                self.chosen_code(),
                self.notes.toPlainText(),
                unconfirmed=lines,
                acknowledged=self.acknowledge.isChecked(),
            )
        except WrapUpError as error:
            self._refuse(error.problem)
            return
        code = done.disposition.code
        fields = {"status": InteractionStatus.DONE.value, "disposition": code}
        record = self._store.record("interaction", self._id) or {}
        self._store.record_op(
            KIND,
            {"interaction_id": str(self._id), "disposition": code, "wrap_notes": done.notes},
            base_version=record.get("version"),
            local=LocalChange("interaction", self._id, {**fields, "wrap_notes": done.notes}),
        )
        self._store.discard_draft(draft_key(self._id))
        self.submitted.emit(done)

    # --- inside -------------------------------------------------------------------

    def _list_codes(self, suggested: tuple[str, ...], category: str | None) -> None:
        keep = self.chosen_code() or (suggested[0] if suggested else None)
        self.codes.clear()
        for row, disposition in enumerate(ordered(suggested, category)):
            text = disposition.label
            if disposition.code in suggested:
                text = self.tr("{label} — suggested by the script").format(label=text)
            if row < len(HOTKEYS):
                text = self.tr("{text}  ({key})").format(text=text, key=HOTKEYS[row])
            item = QListWidgetItem(text)
            item.setData(CODE_ROLE, disposition.code)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            if row < len(HOTKEYS):
                item.setToolTip(self.tr("Press {key} to pick it").format(key=HOTKEYS[row]))
            self.codes.addItem(item)
            if disposition.code == keep:
                self.codes.setCurrentItem(item)

    def _pick(self, row: int) -> None:
        if row < self.codes.count():
            self.codes.setCurrentRow(row)
            self.notice.hide()

    def _refuse(self, problem: Problem) -> None:
        if problem is Problem.NOTES_TOO_LONG:
            text = self.tr("The notes are {length} characters long: {limit} at most.").format(
                length=len(self.notes.toPlainText().strip()), limit=MAX_NOTES
            )
            focus: QWidget = self.notes
        elif problem is Problem.MUST_SAY_NOT_ACKNOWLEDGED:
            text = self.tr(
                "Some must-say lines were not confirmed: tick “I have said these / I could "
                "not” before submitting."
            )
            focus = self.acknowledge
        else:
            text = self.tr("Pick a disposition first (F2 to F8, or from the list).")
            focus = self.codes
        self.notice.setText(text)
        self.notice.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_draft(self) -> None:
        text = self.notes.toPlainText()
        if text:
            self._store.save_draft(draft_key(self._id), text)
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

    def __init__(
        self,
        *,
        store: LocalStore,
        tabs: InteractionTabs,
        unconfirmed: Callable[[uuid.UUID], list[str]],
        suggested: Callable[[uuid.UUID], tuple[str, ...]],
        wake: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
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
        panel = WrapUpPanel(
            self._store,
            interaction_id,
            unconfirmed=lambda: self._unconfirmed(interaction_id),
            suggested=lambda: self._suggested(interaction_id),
        )
        panel.submitted.connect(lambda done: self._submitted(interaction_id, done))
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

    def _submitted(self, interaction_id: uuid.UUID, done: WrapUp) -> None:
        self._wake()
        self.opQueued.emit()
        self._tabs.close_interaction(interaction_id)
        self.cacheChanged.emit([RecordChange("interaction", interaction_id, "changed")])
        if done.masked:
            self.message.emit(
                self.tr(
                    "Wrapped up as “{label}”. A card number in the notes was masked: only its "
                    "last four digits were kept."
                ).format(label=done.disposition.label)
            )
        else:
            self.message.emit(
                self.tr("Wrapped up as “{label}”.").format(label=done.disposition.label)
            )
