"""The reply box of one chat or email: the conversation, the editor, Send, macros.

Nothing typed is lost: every change of the text is saved as the tab's draft
in the local store at once (a desk that crashes mid-sentence shows it again
when the tab reopens). A reply is refused while a ``[[placeholder]]`` is
left, has its card numbers masked before it is queued (the rep is told),
and goes out as an ``interaction.reply`` op with the message shown in the
conversation as "sending" until the server has it (one it refuses comes
back into the editor, with the reason). A macro's actions run
in order; what it set on the interaction travels as one
``interaction.update`` op (a follow-up it sets as a ``followup.set``
reminder), and the rep reads what was done under the editor.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.client.session import Profile
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.enums import FollowUpKind
from desk_app.domain.ids import new_id
from desk_app.domain.lookup import fold
from desk_app.domain.pan import mask_pans
from desk_app.domain.replies import (
    AddTag,
    CannedAnswer,
    InsertAnswer,
    Macro,
    MacroError,
    SetCategory,
    SetFollowUp,
    fill,
    parse_actions,
    placeholders,
)
from desk_app.gui.followups import writes as follow_ups
from desk_app.gui.followups.writes import NewFollowUp
from desk_app.gui.inbox.subjects import as_uuid
from desk_app.gui.reply import cached
from desk_app.gui.reply.conversation import ConversationView
from desk_app.gui.reply.editor import ReplyEditor
from desk_app.gui.reply.macro_picker import MacroPicker
from desk_app.gui.sidebar.case import read_case

MACRO_KEY = "Ctrl+M"


def _now() -> datetime:
    return datetime.now(UTC)


def draft_key(interaction_id: uuid.UUID) -> str:
    """Where the store keeps the reply being typed in this interaction."""
    return f"reply/{interaction_id}"


class ReplyBox(QWidget):
    """Conversation above, editor and Send below, a line of notices under them.

    Signals: ``opQueued`` (an op went into the outbox: count it),
    ``cacheChanged(list[RecordChange])`` (a macro changed the interaction locally).
    """

    opQueued = Signal()
    cacheChanged = Signal(list)

    def __init__(
        self,
        store: LocalStore,
        interaction: dict[str, Any],
        agent: Profile,
        *,
        wake: Callable[[], None],
        clock: Callable[[], datetime] = _now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("replyBox")
        self.conversation = ConversationView()
        self.editor = ReplyEditor()
        self.send_button = QPushButton(self.tr("&Send"), objectName="sendReply")
        self.send_button.setToolTip(self.tr("Send the reply (Ctrl+Enter)"))
        self.macro_button = QPushButton(self.tr("&Macros…"), objectName="runMacro")
        self.macro_button.setToolTip(self.tr("Run a macro ({key})").format(key=MACRO_KEY))
        self.notice = QLabel(objectName="replyNotice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Reply notices"))
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.macro_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.conversation, 3)
        layout.addWidget(self.editor, 2)
        layout.addLayout(buttons)
        self._macro_shortcut = QShortcut(QKeySequence(MACRO_KEY), self)
        self._macro_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # models
        self._store = store
        self._record = interaction
        self._agent = agent
        self._wake = wake
        self._clock = clock
        self._answers: list[CannedAnswer] = []
        self._team_id: uuid.UUID | None = None
        self.macro_picker: MacroPicker | None = None  # while it is open
        # connections
        self.editor.sendRequested.connect(self.send)
        self.editor.textChanged.connect(self._keep_draft)
        self.send_button.clicked.connect(self.send)
        self.macro_button.clicked.connect(self.choose_macro)
        self._macro_shortcut.activated.connect(self.choose_macro)
        # populate
        self.reload_answers()
        self.refresh_conversation()
        draft = store.draft(self._draft_key)
        if draft:
            self.editor.setPlainText(draft)
            self.editor.moveCursor(QTextCursor.MoveOperation.End)

    @property
    def interaction_id(self) -> uuid.UUID:
        return uuid.UUID(str(self._record["id"]))

    @property
    def _draft_key(self) -> str:
        return draft_key(self.interaction_id)

    @property
    def _channel(self) -> str:
        return str(self._record.get("channel") or "")

    # --- what the coordinator calls ---------------------------------------

    def update_record(self, record: dict[str, Any]) -> None:
        self._record = record

    def reload_answers(self) -> None:
        """Read the canned answers of this channel and the rep's team again (either changed)."""
        self._team_id = cached.team_of(self._store, self._agent.user_id)
        self._answers = cached.canned_answers(
            self._store, channel=self._channel, team_id=self._team_id
        )
        self.editor.set_answers(self._answers, self._filled)

    def refresh_conversation(self) -> None:
        self.conversation.show_messages(cached.conversation(self._store, self.interaction_id))

    # --- sending ----------------------------------------------------------

    def send(self) -> None:
        """Queue the reply (masked) and show it as sending; refused while a field is unfilled."""
        text = self.editor.toPlainText().strip()
        if not text:
            self._say(self.tr("There is nothing to send yet."))
            return
        left = placeholders(self.editor.toPlainText())
        if left:
            self.editor.select_next_placeholder(left[0].start)
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(
                self.tr("Fill in “{field}” before sending (Tab goes to the next field).").format(
                    field=left[0].label
                )
            )
            return
        body = mask_pans(text)
        message_id = new_id()
        payload = {"id": message_id, "interaction_id": self.interaction_id, "body": body}
        shown = {
            **payload,
            "author_id": self._agent.user_id,
            "direction": "outbound",
            "created_at": self._clock().isoformat(),
            "sending": True,
        }
        self._store.record_op(
            "interaction.reply", payload, local=LocalChange(cached.MESSAGE, message_id, shown)
        )
        self.editor.clear()
        self._wake()
        self.opQueued.emit()
        self.refresh_conversation()
        if body != text:
            self._say(
                self.tr(
                    "A card number was masked: only its last four digits were sent. "
                    "Never ask for a card number in a chat or email."
                )
            )
        else:
            self._say("")

    def give_back(self, body: str, reason: str) -> None:
        """The server refused a reply: its text back above what is typed since, and why."""
        current = self.editor.toPlainText()
        self.editor.setPlainText(f"{body}\n\n{current}" if current.strip() else body)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.refresh_conversation()
        self._say(
            self.tr("The reply was not sent: {reason}. Its text is back in the editor.").format(
                reason=reason
            )
        )

    def _keep_draft(self) -> None:
        text = self.editor.toPlainText()
        if text:
            self._store.save_draft(self._draft_key, text)
        else:
            self._store.discard_draft(self._draft_key)

    # --- canned answers and macros ----------------------------------------

    def _values(self) -> dict[str, str]:
        return read_case(self._store, self._record, self._agent, self._clock()).values

    def _filled(self, answer: CannedAnswer) -> str:
        return fill(answer.body, self._values())

    def choose_macro(self) -> None:
        """Ctrl+M: pick a macro of this channel and team (window-modal), then run it."""
        found = cached.macros(self._store, channel=self._channel, team_id=self._team_id)
        picker = MacroPicker(found, self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self._run_chosen(picker))
        picker.finished.connect(lambda _result: self._picker_closed())
        self.macro_picker = picker
        picker.open()
        picker.filter.setFocus()

    def _run_chosen(self, picker: MacroPicker) -> None:
        if picker.chosen is not None:
            self.run_macro(picker.chosen)

    def _picker_closed(self) -> None:
        self.macro_picker = None
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def run_macro(self, macro: Macro) -> None:
        """Do the macro's actions in order and say what was done."""
        try:
            actions = parse_actions(macro.actions)
        except MacroError as error:
            self._say(
                self.tr("Macro “{title}” cannot run: {reason}.").format(
                    title=macro.title, reason=error
                )
            )
            return
        done: list[str] = []
        changes: dict[str, Any] = {}
        for action in actions:
            if isinstance(action, InsertAnswer):
                done.append(self._insert_by_shortcut(action.shortcut))
            elif isinstance(action, SetCategory):
                changes["category"] = action.category
                done.append(self.tr("category set to “{name}”").format(name=action.category))
            elif isinstance(action, SetFollowUp):
                due = self._clock() + timedelta(hours=action.hours)
                self._follow_up(due)
                when = due.astimezone().strftime("%a %d %b %H:%M")
                done.append(self.tr("follow-up set for {when}").format(when=when))
            elif isinstance(action, AddTag):
                tags = changes.setdefault("tags", list(self._record.get("tags") or []))
                if action.tag not in tags:
                    tags.append(action.tag)
                done.append(self.tr("tagged “{tag}”").format(tag=action.tag))
        if changes:
            self._annotate(changes)
        self._say(
            self.tr("Macro “{title}”: {done}.").format(title=macro.title, done="; ".join(done))
        )

    def _insert_by_shortcut(self, shortcut: str) -> str:
        wanted = fold(shortcut)
        answer = next((a for a in self._answers if fold(a.shortcut or "") == wanted), None)
        if answer is None:
            return self.tr("no answer “{shortcut}” for this channel").format(shortcut=shortcut)
        self.editor.insert_answer(answer)
        return self.tr("inserted “{title}”").format(title=answer.title)

    def _follow_up(self, due: datetime) -> None:
        """A reminder to me on this interaction: one ``followup.set`` op, shown at once."""
        reminder = NewFollowUp(
            subject_type="interaction",
            subject_id=self.interaction_id,
            kind=FollowUpKind.REMINDER,
            due_at=due,
            customer_id=as_uuid(self._record.get("customer_id")),
            interaction_id=self.interaction_id,
        )
        follow_up_id = follow_ups.create(self._store, reminder, owner_id=self._agent.user_id)
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit([RecordChange(follow_ups.ENTITY, follow_up_id, "changed")])

    def _annotate(self, changes: dict[str, Any]) -> None:
        """One ``interaction.update`` op for what the macro set, shown at once."""
        self._store.record_op(
            "interaction.update",
            {"interaction_id": self.interaction_id, **changes},
            local=LocalChange("interaction", self.interaction_id, changes),
        )
        self._record = {**self._record, **changes}
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit([RecordChange("interaction", self.interaction_id, "changed")])

    def _say(self, message: str) -> None:
        self.notice.setText(message)
