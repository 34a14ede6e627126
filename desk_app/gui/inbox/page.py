"""The "Inbox" page of the left column: @mentions of me, my questions, the team's questions.

Mentions are listed unread first (bold), each with its excerpt, author and
subject; Open (Enter, double-click) marks it read and opens the subject.
"My questions" shows each with its status and, once answered, the answer.
A supervisor also gets "Team questions": the open ones, with a box to answer.
"""

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

RECORD_ROLE = Qt.ItemDataRole.UserRole
Row = tuple[dict[str, Any], str, bool]  # (record, text, stands out: unread or answered)


def _fill(widget: QListWidget, rows: list[Row]) -> None:
    current = widget.currentItem()
    kept = None if current is None else current.data(RECORD_ROLE)["id"]
    widget.clear()
    for record, text, strong in rows:
        item = QListWidgetItem(text)
        item.setData(RECORD_ROLE, record)
        item.setToolTip(text)
        font = item.font()
        font.setBold(strong)
        item.setFont(font)
        widget.addItem(item)
        if record["id"] == kept:
            widget.setCurrentItem(item)
    if widget.currentItem() is None and widget.count():
        widget.setCurrentRow(0)


def _texts(widget: QListWidget | None) -> list[str]:
    return [] if widget is None else [widget.item(row).text() for row in range(widget.count())]


def _heading(text: str) -> QLabel:
    return QLabel(f"<b>{text}</b>")


class InboxPage(QWidget):
    """Signals: ``mentionOpened(mention)``, ``answerGiven(question, text)``."""

    mentionOpened = Signal(dict)
    answerGiven = Signal(dict, str)

    def __init__(self, *, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("inboxPage")
        self.mentions = QListWidget(objectName="mentionList")
        self.mentions.setAccessibleName(self.tr("Mentions of me"))
        self.open_button = QPushButton(self.tr("&Open"), objectName="openMention")
        self.questions = QListWidget(objectName="myQuestions")
        self.questions.setAccessibleName(self.tr("My questions"))
        self.questions.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Mentions")))
        layout.addWidget(self.mentions, 2)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        layout.addWidget(_heading(self.tr("My questions")))
        layout.addWidget(self.questions, 1)
        self.team: QListWidget | None = None
        self.answer: QPlainTextEdit | None = None
        self.answer_button: QPushButton | None = None
        if supervisor:
            self.team = QListWidget(objectName="teamQuestions")
            self.team.setAccessibleName(self.tr("Team questions"))
            self.team.setWordWrap(True)
            self.answer = QPlainTextEdit(objectName="answerBody")
            self.answer.setTabChangesFocus(True)
            self.answer.setPlaceholderText(self.tr("Your answer to the selected question"))
            self.answer.setMaximumHeight(90)
            self.answer_button = QPushButton(self.tr("Send &answer"), objectName="sendAnswer")
            layout.addWidget(_heading(self.tr("Team questions")))
            layout.addWidget(self.team, 1)
            layout.addWidget(self.answer)
            answer_row = QHBoxLayout()
            answer_row.addStretch(1)
            answer_row.addWidget(self.answer_button)
            layout.addLayout(answer_row)
            self.answer_button.clicked.connect(self._answer)
        # connections
        self.mentions.itemActivated.connect(self._open_item)
        self.open_button.clicked.connect(self._open_current)

    def show_mentions(self, rows: list[Row]) -> None:
        _fill(self.mentions, rows)
        self.open_button.setEnabled(bool(rows))

    def show_questions(self, rows: list[Row]) -> None:
        _fill(self.questions, rows)

    def show_team(self, rows: list[Row]) -> None:
        if self.team is not None:
            _fill(self.team, rows)
        if self.answer_button is not None:
            self.answer_button.setEnabled(bool(rows))

    def mention_texts(self) -> list[str]:
        return _texts(self.mentions)

    def question_texts(self) -> list[str]:
        return _texts(self.questions)

    def team_texts(self) -> list[str]:
        return _texts(self.team)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.mentionOpened.emit(item.data(RECORD_ROLE))

    def _open_current(self) -> None:
        item = self.mentions.currentItem()
        if item is not None:
            self._open_item(item)

    def _answer(self) -> None:
        if self.team is None or self.answer is None:
            return
        item = self.team.currentItem()
        text = self.answer.toPlainText().strip()
        if item is not None and text:
            self.answerGiven.emit(item.data(RECORD_ROLE), text)
            self.answer.clear()
