"""The reply's text editor: canned answers by trigger, placeholders by Tab, send by Ctrl+Enter.

Typing ``/`` or ``::`` and a letter at a word start opens a list under the
cursor (a :class:`QCompleter` popup: Up/Down, Enter, Esc) of the answers
that match what follows, refiltered with each key. Choosing one replaces the
trigger with the answer's filled body and selects its first ``[[…]]``
placeholder, so the rep types straight over it; Tab selects the next one,
and only moves focus on once none is left.
"""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QWidget

from desk_app.domain.replies import CannedAnswer, find_trigger, matching, next_placeholder

ANSWER_ROLE = Qt.ItemDataRole.UserRole + 1
POPUP_ROWS = 8
_SEND_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_POPUP_KEYS = (*_SEND_KEYS, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class ReplyEditor(QPlainTextEdit):
    """Plain text with canned answers; emits ``sendRequested`` on Ctrl+Enter."""

    sendRequested = Signal()
    answerInserted = Signal(object)  # the CannedAnswer put in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("replyEditor")
        self.setAccessibleName(self.tr("Reply"))
        self.setAccessibleDescription(
            self.tr(
                "Type / or :: and a few letters for a canned answer; Tab selects the next "
                "field to fill in; Ctrl+Enter sends."
            )
        )
        self.setPlaceholderText(self.tr("Write a reply… (/ for canned answers, Ctrl+Enter sends)"))
        self.setTabChangesFocus(True)
        self.completer = QCompleter(self)
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(POPUP_ROWS)
        self.completer.popup().setObjectName("cannedPopup")
        self.completer.popup().setAccessibleName(self.tr("Canned answers"))
        # models
        self._model = QStandardItemModel(self)
        self.completer.setModel(self._model)
        self._answers: list[CannedAnswer] = []
        self._fill: Callable[[CannedAnswer], str] = lambda answer: answer.body
        # connections
        self.completer.activated[QModelIndex].connect(self._on_chosen)

    def set_answers(self, answers: list[CannedAnswer], fill: Callable[[CannedAnswer], str]) -> None:
        """The answers the trigger may find, and how a chosen one becomes text (the case's)."""
        self._answers = answers
        self._fill = fill

    def popup_answers(self) -> list[CannedAnswer]:
        """The answers the open popup lists, in order (empty when it is closed)."""
        if not self.completer.popup().isVisible():
            return []
        items = (self._model.item(row) for row in range(self._model.rowCount()))
        return [item.data(ANSWER_ROLE) for item in items if item is not None]

    def insert_answer(
        self, answer: CannedAnswer, *, replacing: tuple[int, int] | None = None
    ) -> None:
        """Put ``answer`` filled at the cursor (or over ``replacing``), its first field selected."""
        cursor = self.textCursor()
        if replacing is not None:
            cursor.setPosition(replacing[0])
            cursor.setPosition(replacing[1], QTextCursor.MoveMode.KeepAnchor)
        start = cursor.selectionStart()
        cursor.insertText(self._fill(answer))
        self.setTextCursor(cursor)
        self.select_next_placeholder(start)
        self.answerInserted.emit(answer)

    def select_next_placeholder(self, position: int | None = None) -> bool:
        """Select the next ``[[…]]`` from ``position`` (the cursor's end), wrapping; whether any."""
        cursor = self.textCursor()
        found = next_placeholder(
            self.toPlainText(), cursor.selectionEnd() if position is None else position
        )
        if found is None:
            return False
        cursor.setPosition(found.start)
        cursor.setPosition(found.end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()  # the completer's popup takes these
            return
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in _SEND_KEYS:
            self.sendRequested.emit()
            return
        placeholder_key = event.key() == Qt.Key.Key_Tab and not event.modifiers()
        if placeholder_key and self.select_next_placeholder():
            return
        super().keyPressEvent(event)
        self._follow_trigger()

    def _follow_trigger(self) -> None:
        """Open, refilter or close the popup for the trigger being typed at the cursor."""
        cursor = self.textCursor()
        trigger = None
        if not cursor.hasSelection():
            trigger = find_trigger(self.toPlainText(), cursor.position())
        found = matching(self._answers, trigger.query) if trigger else []
        popup = self.completer.popup()
        if not found:
            popup.hide()
            return
        self._model.clear()
        for answer in found:
            label = f"{answer.shortcut}  ·  {answer.title}" if answer.shortcut else answer.title
            item = QStandardItem(label)
            item.setData(answer, ANSWER_ROLE)
            item.setToolTip(answer.body)
            item.setEditable(False)
            self._model.appendRow(item)
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8)
        self.completer.complete(rect)
        popup.setCurrentIndex(self._model.index(0, 0))

    def _on_chosen(self, index: QModelIndex) -> None:
        answer = index.data(ANSWER_ROLE)
        cursor = self.textCursor()
        trigger = find_trigger(self.toPlainText(), cursor.position())
        if answer is None or trigger is None:
            return
        self.insert_answer(answer, replacing=(trigger.start, trigger.end))
