"""The note editor: plain text with @ completion of colleagues and departments.

Typing ``@`` and a few letters offers the user directory's usernames (with
their names) and the department aliases; Enter or Tab takes the highlighted
one, Esc closes the list. Ctrl+Enter asks to add the note
(``submitRequested``). What the text's mentions reach is worded by
:func:`reach_text`, for a line under the editor that follows the typing.
"""

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

from desk_app.domain.mentions import DEPARTMENT_ALIASES, mentions_in, partial_at, words_mentioned
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.tickets.display import department_name

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # what completion matches and inserts
POPUP_EXTRA = 24  # room for the popup's scroll bar
_SUBMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_POPUP_KEYS = (*_SUBMIT_KEYS, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def _tr(text: str) -> str:
    return QCoreApplication.translate("NoteEditor", text)


def reach_text(text: str, directory: UserDirectory) -> str:
    """``Reaches: Ann Smith (@ann.smith), Billing · not found: @bob`` (empty without @)."""
    words = words_mentioned(text)
    if not words:
        return ""
    found = mentions_in(text, directory.usernames())
    reached = [f"{directory.display_name(name) or name} (@{name})" for name in found.usernames] + [
        department_name(department) for department in found.departments
    ]
    known = {name.lower() for name in found.usernames} | {
        alias for alias, department in DEPARTMENT_ALIASES.items() if department in found.departments
    }
    unknown = list(dict.fromkeys(f"@{word}" for word in words if word.lower() not in known))
    parts = []
    if reached:
        parts.append(_tr("Reaches: {who}").format(who=", ".join(reached)))
    if unknown:
        parts.append(_tr("not found: {words}").format(words=", ".join(unknown)))
    return " · ".join(parts)


class NoteEditor(QPlainTextEdit):
    """A note being written; ``submitRequested()`` on Ctrl+Enter."""

    submitRequested = Signal()

    def __init__(self, directory: UserDirectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setAccessibleName(self.tr("Internal note"))
        self.setPlaceholderText(
            self.tr("Internal note (never shown to the customer). @name or @department mentions.")
        )
        self.setTabChangesFocus(True)
        self._directory = directory
        self.candidates = QStandardItemModel(self)
        self.completer = QCompleter(self.candidates, self)
        self.completer.setWidget(self)
        self.completer.setCompletionRole(NAME_ROLE)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.popup().setObjectName("mentionPopup")
        self.completer.activated[QModelIndex].connect(self._chosen)
        directory.changed.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        self.candidates.clear()
        rows: list[tuple[str, str]] = []
        for user in self._directory.users():
            username = str(user.get("username") or "")
            if username:
                rows.append((username, f"@{username}  {user.get('display_name') or ''}".rstrip()))
        for alias, department in DEPARTMENT_ALIASES.items():
            rows.append((alias, f"@{alias}  {department_name(department)}"))
        for name, shown in sorted(rows, key=lambda row: row[0].lower()):
            item = QStandardItem(shown)
            item.setData(name, NAME_ROLE)
            item.setEditable(False)
            self.candidates.appendRow(item)

    # --- completion -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()  # the completer takes it
            return
        if event.key() in _SUBMIT_KEYS and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submitRequested.emit()
            return
        super().keyPressEvent(event)
        self._complete()

    def _complete(self) -> None:
        popup = self.completer.popup()
        cursor = self.textCursor()
        partial = partial_at(self.toPlainText(), cursor.position())
        if partial is None:
            popup.hide()
            return
        self.completer.setCompletionPrefix(partial)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + POPUP_EXTRA)
        self.completer.complete(rect)

    def _chosen(self, index: QModelIndex) -> None:
        self.insert_mention(str(index.data(NAME_ROLE)))

    def insert_mention(self, name: str) -> None:
        """Put ``name`` in place of the partial word after the ``@`` being typed."""
        cursor = self.textCursor()
        partial = partial_at(self.toPlainText(), cursor.position()) or ""
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(partial)
        )
        cursor.insertText(name + " ")
        self.setTextCursor(cursor)
        self.completer.popup().hide()
