"""The conversation so far: the customer's messages and the rep's replies, oldest first.

A reply the server has not stored yet is marked "sending"; the mark goes
when the server's copy replaces the desk's (the outbox op was applied).
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desk_app.gui.records import parse_time

MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1


class ConversationView(QListWidget):
    """Read-only list of messages; each row says who wrote it, when, and the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversation")
        self.setAccessibleName(self.tr("Conversation"))
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)

    def show_messages(self, messages: list[dict[str, Any]]) -> None:
        """Redraw from the cached messages, scrolled to the newest."""
        self.clear()
        for message in messages:
            item = QListWidgetItem(self._text(message))
            item.setData(MESSAGE_ROLE, message)
            outbound = message.get("direction") == "outbound"
            item.setTextAlignment(
                Qt.AlignmentFlag.AlignRight if outbound else Qt.AlignmentFlag.AlignLeft
            )
            self.addItem(item)
        self.scrollToBottom()

    def texts(self) -> list[str]:
        """What each row says, in order (what a screen reader reads)."""
        return [self.item(row).text() for row in range(self.count())]

    def _text(self, message: dict[str, Any]) -> str:
        outbound = message.get("direction") == "outbound"
        who = self.tr("You") if outbound else self.tr("Customer")
        at = parse_time(message.get("created_at"))
        when = at.astimezone().strftime("%H:%M") if at else ""
        state = self.tr("sending…") if message.get("sending") else when
        return f"{who} · {state}\n{message.get('body') or ''}"
