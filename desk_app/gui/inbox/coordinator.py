"""The inbox on the desk: mentions of me, asking my supervisor, the team's questions.

Read from the local cache (entities ``mention`` and ``question``), written
as ops shown at once (``mention.read``, ``question.ask``,
``question.answer``), so it all works offline. A mention that arrives, or
an answer to one of my questions, raises a notification once; what the
desk already had when it opened does not.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desk_app.client.session import Profile
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.enums import Role
from desk_app.domain.ids import new_id
from desk_app.domain.pan import mask_pans
from desk_app.gui.inbox.ask import AskDialog
from desk_app.gui.inbox.notifier import Notifier
from desk_app.gui.inbox.page import InboxPage, Row
from desk_app.gui.inbox.subjects import Subject, as_uuid, display_name, subject_label
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.records import parse_time

MENTION = "mention"
QUESTION = "question"
SUPERVISING = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})
_NEVER = datetime.min.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)


def _at(record: dict[str, Any], key: str) -> datetime:
    return parse_time(record.get(key)) or _NEVER


class Inbox(QObject):
    """Signals: ``opQueued``, ``cacheChanged(changes)``, ``message(text)``,
    ``openRequested(subject_type, subject_id, customer_id)``, ``countChanged(count)``.
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
        self._me = str(profile.user_id)
        self._profile = profile
        self._notifier = notifier
        self._wake = wake
        self._clock = clock
        self.supervising = profile.role in SUPERVISING
        self.page = InboxPage(supervisor=self.supervising)
        self.dialog: AskDialog | None = None  # while it is open
        # what was already there or already told: never announced (again)
        self._told_mentions = {str(m["id"]) for m in self._mentions()}
        self._told_answers = {str(q["id"]) for q in self._my_questions() if q.get("answer")}
        # connections
        self.page.mentionOpened.connect(self.open_mention)
        self.page.answerGiven.connect(self.answer)
        directory.changed.connect(self._redraw)
        # populate
        self._redraw()

    def start(self) -> None:
        """Draw the page and say the count (once the window listens)."""
        self._redraw()

    # --- reading the cache ------------------------------------------------------

    def _mentions(self) -> list[dict[str, Any]]:
        return [m for m in self._store.records(MENTION) if str(m.get("user_id")) == self._me]

    def _questions(self) -> list[dict[str, Any]]:
        return self._store.records(QUESTION)

    def _my_questions(self) -> list[dict[str, Any]]:
        return [q for q in self._questions() if str(q.get("asked_by_id")) == self._me]

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        entities = {change.entity for change in changes}
        if not entities & {MENTION, QUESTION}:
            return
        self._announce()
        self._redraw()

    def _announce(self) -> None:
        for mention in self._mentions():
            key = str(mention["id"])
            if key not in self._told_mentions:
                self._told_mentions.add(key)
                if not mention.get("read_at"):
                    self._notifier.notify(
                        self.tr("{name} mentioned you").format(
                            name=display_name(self._directory, mention.get("author_id"))
                        ),
                        str(mention.get("excerpt") or ""),
                    )
        for question in self._my_questions():
            key = str(question["id"])
            if question.get("answer") and key not in self._told_answers:
                self._told_answers.add(key)
                self._notifier.notify(
                    self.tr("Your supervisor answered"), str(question.get("answer"))
                )

    # --- drawing ---------------------------------------------------------------------

    def _redraw(self) -> None:
        mentions = sorted(
            self._mentions(),
            key=lambda m: (bool(m.get("read_at")), -_at(m, "created_at").timestamp()),
        )
        self.page.show_mentions(
            [(m, self._mention_text(m), not m.get("read_at")) for m in mentions]
        )
        mine = sorted(self._my_questions(), key=lambda q: _at(q, "asked_at"), reverse=True)
        self.page.show_questions([(q, self._question_text(q), bool(q.get("answer"))) for q in mine])
        count = sum(1 for m in mentions if not m.get("read_at"))
        if self.supervising:
            open_team = sorted(
                (
                    q
                    for q in self._questions()
                    if str(q.get("asked_by_id")) != self._me and not q.get("answer")
                ),
                key=lambda q: _at(q, "asked_at"),
            )
            rows: list[Row] = [(q, self._team_text(q), True) for q in open_team]
            self.page.show_team(rows)
            count += len(rows)
        self.countChanged.emit(count)

    def _mention_text(self, mention: dict[str, Any]) -> str:
        author = display_name(self._directory, mention.get("author_id"))
        about = subject_label(
            self._store, str(mention.get("subject_type")), mention.get("subject_id")
        )
        return self.tr("{author} on {subject}: {excerpt}").format(
            author=author, subject=about, excerpt=mention.get("excerpt") or ""
        )

    def _question_text(self, question: dict[str, Any]) -> str:
        about = subject_label(
            self._store, str(question.get("subject_type")), question.get("subject_id")
        )
        if question.get("answer"):
            by = display_name(self._directory, question.get("answered_by_id"))
            return self.tr("Answered · {subject}: {body}\n→ {by}: {answer}").format(
                subject=about, body=question.get("body"), by=by, answer=question["answer"]
            )
        return self.tr("Waiting for an answer · {subject}: {body}").format(
            subject=about, body=question.get("body")
        )

    def _team_text(self, question: dict[str, Any]) -> str:
        about = subject_label(
            self._store, str(question.get("subject_type")), question.get("subject_id")
        )
        return self.tr("{asker} · {subject}: {body}").format(
            asker=display_name(self._directory, question.get("asked_by_id")),
            subject=about,
            body=question.get("body"),
        )

    # --- the rep's actions ---------------------------------------------------------

    def open_mention(self, mention: dict[str, Any]) -> None:
        """Mark it read (an op, shown at once) and open what it is about."""
        mention_id = uuid.UUID(str(mention["id"]))
        if not mention.get("read_at"):
            self._store.record_op(
                "mention.read",
                {"mention_id": mention_id},
                local=LocalChange(MENTION, mention_id, {"read_at": self._clock().isoformat()}),
            )
            self._queued([RecordChange(MENTION, mention_id, "changed")])
        self.openRequested.emit(
            str(mention.get("subject_type")), as_uuid(mention.get("subject_id")), None
        )

    def ask(self, subject: Subject | None, parent: QWidget) -> None:
        """Ctrl+Shift+A: the question dialog on the work in front, then ``question.ask``."""
        if subject is None:
            self.message.emit(self.tr("Open an interaction or a ticket to ask about it."))
            return
        dialog = AskDialog(
            title=subject_label(self._store, subject.type, subject.id), parent=parent
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._asked(subject, dialog))
        dialog.finished.connect(lambda _result: self._closed())
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None

    def _asked(self, subject: Subject, dialog: AskDialog) -> None:
        question_id = new_id()
        payload = {
            "id": question_id,
            "subject_type": subject.type,
            "subject_id": subject.id,
            "body": dialog.question,
        }
        # no answer fields: an answer arriving before this op is settled must show through
        shown = {**payload, "asked_by_id": self._me, "asked_at": self._clock().isoformat()}
        self._store.record_op(
            "question.ask", payload, local=LocalChange(QUESTION, question_id, shown)
        )
        self._queued([RecordChange(QUESTION, question_id, "changed")])
        said = self.tr("Question sent to your supervisor.")
        if dialog.masked:
            said += " " + self.tr("A card number in it was masked.")
        self.message.emit(said)

    def answer(self, question: dict[str, Any], text: str) -> None:
        """A supervisor's answer (masked), shown at once; the asker's desk gets it by the feed."""
        question_id = uuid.UUID(str(question["id"]))
        answer = mask_pans(text.strip())
        shown = {
            "answer": answer,
            "answered_by_id": self._me,
            "answered_at": self._clock().isoformat(),
        }
        self._store.record_op(
            "question.answer",
            {"question_id": question_id, "answer": answer},
            local=LocalChange(QUESTION, question_id, shown),
        )
        self._queued([RecordChange(QUESTION, question_id, "changed")])
        said = self.tr("Answer sent.")
        if answer != text.strip():
            said += " " + self.tr("A card number in it was masked.")
        self.message.emit(said)

    def _queued(self, changes: list[RecordChange]) -> None:
        self._wake()
        self.opQueued.emit()
        self.cacheChanged.emit(changes)
        self._redraw()
