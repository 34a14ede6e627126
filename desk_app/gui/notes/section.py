"""Internal notes of one subject (a ticket, an interaction, a customer): the list and the editor.

Adding a note is a ``note.add`` op shown at once from the local store (the
note is in the list before the server has it, offline too); the server
finds the @mentions and reaches those colleagues and departments. Card
numbers are masked (:func:`mask_pans`) before the op is queued, and the rep
is told. Notes are internal: the section says so, and nothing here is ever
sent to the customer.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.ids import new_id
from desk_app.domain.mentions import mentions_in
from desk_app.domain.pan import mask_pans
from desk_app.gui.customer.display import moment
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.notes.editor import NoteEditor, reach_text

ENTITY = "note"


def notes_of(store: LocalStore, subject_type: str, subject_id: uuid.UUID) -> list[dict[str, Any]]:
    """The cached notes of a subject, oldest first."""
    wanted = str(subject_id)
    notes = [
        note
        for note in store.records(ENTITY)
        if note.get("subject_type") == subject_type and str(note.get("subject_id")) == wanted
    ]
    return sorted(notes, key=lambda note: str(note.get("created_at") or ""))


def add_note(
    store: LocalStore,
    directory: UserDirectory,
    *,
    author_id: uuid.UUID,
    subject_type: str,
    subject_id: uuid.UUID,
    body: str,
) -> tuple[uuid.UUID, str]:
    """Queue a ``note.add`` op with ``body`` masked, shown at once; (its id, the body sent)."""
    masked = mask_pans(body.strip())
    note_id = new_id()
    payload = {
        "id": str(note_id),
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "body": masked,
    }
    found = mentions_in(masked, directory.usernames())
    shown = {
        **payload,
        "author_id": str(author_id),
        "created_at": datetime.now(UTC).isoformat(),
        "mentioned": [*found.usernames, *(d.value for d in found.departments)],
    }
    store.record_op("note.add", payload, local=LocalChange(ENTITY, note_id, shown))
    return note_id, masked


class NotesSection(QWidget):
    """The notes of one subject, and a note being written (Add or Ctrl+Enter).

    Signals: ``opQueued()`` after a note was queued; ``cacheChanged(changes)``
    with the note shown at once; ``message(text)`` for the status bar (e.g.
    that a card number was masked).
    """

    opQueued = Signal()
    cacheChanged = Signal(list)
    message = Signal(str)

    def __init__(
        self,
        *,
        store: LocalStore,
        directory: UserDirectory,
        user_id: uuid.UUID,
        subject_type: str,
        subject_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("NotesSection")
        self.heading = QLabel(
            self.tr("<b>Internal notes</b> — for colleagues only, never shown to the customer"),
            objectName="notesHeading",
        )
        self.heading.setWordWrap(True)
        self.notes = QListWidget(objectName="notesList")
        self.notes.setAccessibleName(self.tr("Internal notes"))
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        self.editor = NoteEditor(directory)
        self.editor.setMaximumHeight(90)
        self.reach = QLabel(objectName="noteReach")
        self.reach.setWordWrap(True)
        self.notice = QLabel(objectName="noteNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.add_button = QPushButton(self.tr("&Add internal note"), objectName="addNote")
        self.add_button.setToolTip(self.tr("Ctrl+Enter"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.reach, 1)
        buttons.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.editor)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        # models
        self._store = store
        self._directory = directory
        self._user_id = user_id
        self.subject_type = subject_type
        self.subject_id = subject_id
        # connections
        self.editor.textChanged.connect(self._show_reach)
        self.editor.submitRequested.connect(self.add)
        self.add_button.clicked.connect(self.add)
        directory.changed.connect(self.refresh)
        # populate
        self.refresh()

    def refresh(self) -> None:
        self.notes.clear()
        for note in notes_of(self._store, self.subject_type, self.subject_id):
            author = self._directory.name_of(note.get("author_id")) or self.tr("A colleague")
            heading = f"{author} · {moment(note.get('created_at'))}"
            item = QListWidgetItem(f"{heading}\n{note.get('body') or ''}")
            item.setToolTip(self.tr("Internal note"))
            self.notes.addItem(item)
        if self.notes.count():
            self.notes.scrollToBottom()
        self._show_reach()

    def records_changed(self, changes: list[RecordChange]) -> None:
        if any(change.entity == ENTITY for change in changes):
            self.refresh()

    def add(self) -> None:
        """Queue the note typed (masked); say so when a card number was masked."""
        body = self.editor.toPlainText()
        if not body.strip():
            self._say(self.tr("Write the note first."))
            self.editor.setFocus()
            return
        note_id, masked = add_note(
            self._store,
            self._directory,
            author_id=self._user_id,
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            body=body,
        )
        self.editor.clear()
        self.refresh()
        if masked != body.strip():
            self._say(
                self.tr("Card number masked: the note was saved as “{text}”.").format(text=masked)
            )
        else:
            self.notice.hide()
        self.opQueued.emit()
        self.cacheChanged.emit([RecordChange(ENTITY, note_id, "changed")])

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        self.message.emit(text)

    def _show_reach(self) -> None:
        self.reach.setText(reach_text(self.editor.toPlainText(), self._directory))
