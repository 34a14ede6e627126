"""Moving through a list of results from the search field above it.

The look-up and the knowledge panel keep the keyboard in their search
field; Up and Down (and Page keys) move the list's current row from there.
"""

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView


def select_row(view: QAbstractItemView, row: int) -> None:
    """Make ``row`` the current, selected and visible row."""
    index = view.model().index(row, 0)
    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.scrollTo(index)


def step_row(view: QAbstractItemView, delta: int) -> bool:
    """Move the current row by ``delta``, stopping at the ends; False when the list is empty."""
    count = view.model().rowCount()
    if not count:
        return False
    current = view.currentIndex()
    row = current.row() + delta if current.isValid() else 0
    select_row(view, max(0, min(count - 1, row)))
    return True
