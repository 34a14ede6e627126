"""The disposition codes of one queue as a tree: groups with their hotkeys, sub-codes under them.

The queue's configuration (``resources/wrapup.yaml``) says which groups a
rep picks from and which F-key picks each. A group of one code is that code;
a larger group opens on its hotkey with the focus on its first sub-code, so
the arrows and Enter finish the pick. The script's suggestions that the queue
offers come first, above the groups, and the first is preselected: the rep
who agrees with the script only confirms.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from desk_app.domain.wrapup import CodeGroup, Disposition, QueueWrapUp

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CodeTree(QTreeWidget):
    """A queue's codes; ``chosen_code()`` is the selected code (a group itself is none).

    Emits ``confirmed`` when the rep presses Enter on a code (the panel then
    moves on to the notes).
    """

    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpCodes")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Disposition"))
        self._groups: dict[str, QTreeWidgetItem] = {}  # hotkey → its item

    def show_queue(self, queue: QueueWrapUp, suggested: tuple[str, ...]) -> None:
        """Draw the queue's tree, the script's suggestions it offers first; keep the rep's pick."""
        keep = self.chosen_code()
        offered = queue.codes()
        suggestions = [code for code in dict.fromkeys(suggested) if code in offered]
        self.clear()
        self._groups = {}
        for code in suggestions:
            disposition = next(d for g in queue.groups for d in g.codes if d.code == code)
            label = self.tr("{label} — suggested by the script").format(label=disposition.label)
            self.addTopLevelItem(_code_item(disposition, label))
        for group in queue.groups:
            self.addTopLevelItem(self._group_item(group))
        self.setAccessibleDescription(self._description(queue))
        chosen = keep or (suggestions[0] if suggestions else None)
        if chosen is not None:
            self._select(chosen)

    def chosen_code(self) -> str | None:
        item = self.currentItem()
        if item is None or not item.isSelected():
            return None
        code = item.data(0, CODE_ROLE)
        return None if code is None else str(code)

    def pick_group(self, hotkey: str) -> None:
        """The group's hotkey: its only code, else the group opened on its first sub-code."""
        item = self._groups.get(hotkey)
        if item is None:
            return
        if item.childCount():
            item.setExpanded(True)
            self.setCurrentItem(item.child(0))
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.setCurrentItem(item)

    def code_items(self) -> list[QTreeWidgetItem]:
        """Every item that is a code, in the order shown (a test and the screenshot read them)."""
        items: list[QTreeWidgetItem] = []
        for index in range(self.topLevelItemCount()):
            top = self.topLevelItem(index)
            children = [top.child(n) for n in range(top.childCount())]
            items += children or [top]
        return items

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.chosen_code():
            self.confirmed.emit()
            return
        super().keyPressEvent(event)

    def _group_item(self, group: CodeGroup) -> QTreeWidgetItem:
        label = group.label if len(group.codes) > 1 else group.codes[0].label
        if group.hotkey:
            label = self.tr("{label}  ({key})").format(label=label, key=group.hotkey)
        if len(group.codes) == 1:
            item = _code_item(group.codes[0], label)
        else:
            item = QTreeWidgetItem([label])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a group is opened, not picked
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, label)
            for disposition in group.codes:
                item.addChild(_code_item(disposition, disposition.label))
        if group.hotkey:
            item.setToolTip(0, self.tr("Press {key} to pick it").format(key=group.hotkey))
            self._groups[group.hotkey] = item
        return item

    def _select(self, code: str) -> None:
        for item in self.code_items():
            if item.data(0, CODE_ROLE) == code:
                if item.parent() is not None:
                    item.parent().setExpanded(True)
                self.setCurrentItem(item)
                return

    def _description(self, queue: QueueWrapUp) -> str:
        keys = [group.hotkey for group in queue.groups if group.hotkey]
        if not keys:
            return self.tr("The script's suggestion comes first.")
        return self.tr(
            "{first} to {last} pick a group, the arrows and Enter a code in it; "
            "the script's suggestion comes first."
        ).format(first=keys[0], last=keys[-1])


def _code_item(disposition: Disposition, label: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([label])
    item.setData(0, CODE_ROLE, disposition.code)
    item.setData(0, Qt.ItemDataRole.AccessibleTextRole, label)
    return item
