"""Ctrl+M: the macros of this channel and team, filtered as the rep types; Enter runs one.

The filter keeps the keyboard: Up/Down move in the list under it, Enter
runs the highlighted macro, Esc closes without running anything.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.lookup import fold, words
from desk_app.domain.replies import Macro

MACRO_ROLE = Qt.ItemDataRole.UserRole + 1
_MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def _fits(macro: Macro, query: str) -> bool:
    wanted = fold(query.strip())
    if not wanted:
        return True
    return fold(macro.shortcut or "").startswith(wanted) or any(
        word.startswith(wanted) for word in words(macro.title)
    )


class MacroPicker(QDialog):
    """Choose one macro; :attr:`chosen` is it once the dialog is accepted."""

    def __init__(self, macros: list[Macro], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("macroPicker")
        self.setWindowTitle(self.tr("Run a macro"))
        self.filter = QLineEdit(objectName="macroFilter")
        self.filter.setPlaceholderText(self.tr("Filter macros"))
        self.filter.setAccessibleName(self.tr("Filter macros"))
        self.list = QListWidget(objectName="macroList")
        self.list.setAccessibleName(self.tr("Macros"))
        self.empty = QLabel(self.tr("No macro for this channel."), objectName="macroEmpty")
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        # models
        self._macros = macros
        self.chosen: Macro | None = None
        # connections
        self.filter.textChanged.connect(self._refilter)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        # populate
        self._refilter("")

    def titles(self) -> list[str]:
        """The macros listed now, in order."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() in _MOVE_KEYS:
                self.list.keyPressEvent(event)
                return True
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                item = self.list.currentItem()
                if item is not None:
                    self._choose(item)
                return True
        return super().eventFilter(watched, event)

    def _refilter(self, query: str) -> None:
        self.list.clear()
        for macro in self._macros:
            if _fits(macro, query):
                label = f"{macro.title}  ·  {macro.shortcut}" if macro.shortcut else macro.title
                item = QListWidgetItem(label)
                item.setData(MACRO_ROLE, macro)
                self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.empty.setVisible(self.list.count() == 0)

    def _choose(self, item: QListWidgetItem) -> None:
        self.chosen = item.data(MACRO_ROLE)
        self.accept()
