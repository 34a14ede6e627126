"""The look-up box: a search field, and the customers found as the rep types, under it.

Typing never waits: each change of the text starts a search
(:class:`LookupSearch`) and the list fills as its answers come, the cache's
first, the server's after, merged so no row moves (:class:`LookupModel`).
The keyboard stays in the field: Down and Up move through the results,
Enter opens the selected customer, Esc clears. In the toolbar the results
float over the window under the field; in a dialog they sit inline.
"""

import uuid

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.lookup import LookupQuery
from desk_app.gui.lookup.delegate import HighlightDelegate
from desk_app.gui.lookup.hits import Hit
from desk_app.gui.lookup.model import LookupModel
from desk_app.gui.lookup.search import LookupSearch
from desk_app.gui.result_list import select_row, step_row

VISIBLE_ROWS = 8
PANEL_MIN_WIDTH = 420
FIELD_WIDTH = 360
FIELD_MAX_WIDTH = 560  # a search field, not a banner across the window


class LookupBox(QWidget):
    """The field and its results; emits ``customerChosen(customer record)``.

    Invariant: the results panel shows only while the field is its window's
    focus widget (or always, inline) and has something to show.
    """

    customerChosen = Signal(dict)

    def __init__(
        self, search: LookupSearch, *, inline: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("LookupBox")
        self.edit = QLineEdit(objectName="lookupEdit")
        self.edit.setPlaceholderText(self.tr("Find a customer: name, phone, email, order…"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(self.tr("Find a customer"))
        self.edit.setAccessibleDescription(
            self.tr("Down arrow moves to the results, Enter opens one, Escape clears")
        )
        self.edit.setMinimumWidth(FIELD_WIDTH)
        self.results = QListView(objectName="lookupResults")
        self.results.setAccessibleName(self.tr("Customers found"))
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing goes on in the field
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setUniformItemSizes(True)
        self.results.setItemDelegate(HighlightDelegate(self.results))
        self.note = QLabel(objectName="lookupNote")
        self.note.setWordWrap(True)
        self.note.setEnabled(False)  # drawn quietly, in the disabled text colour
        self.note.hide()
        self.panel = QFrame(objectName="lookupPanel")
        self.panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.panel.setAutoFillBackground(True)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(2, 2, 2, 2)
        panel_layout.addWidget(self.results, 1)
        panel_layout.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self._inline = inline
        if inline:
            layout.addWidget(self.panel, 1)
        else:
            self.setMaximumWidth(FIELD_MAX_WIDTH)
            self.panel.hide()
        # models
        self.model = LookupModel(self)
        self.results.setModel(self.model)
        self.search = search
        self._selected: uuid.UUID | None = None
        self._server_done = False
        # connections
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        search.started.connect(self._started)
        search.localAnswered.connect(self._local)
        search.serverAnswered.connect(self._server)
        search.serverMissing.connect(self._missing)
        self.results.clicked.connect(lambda index: self._choose(index.row()))
        self.results.selectionModel().currentChanged.connect(self._current_changed)

    # --- what the window calls ----------------------------------------------------

    def focus(self) -> None:
        """Ready for a new search (the application-wide shortcut)."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._show_panel()

    def current_hit(self) -> Hit | None:
        index = self.results.currentIndex()
        return self.model.hit(index.row()) if index.isValid() else None

    def panel_showing(self) -> bool:
        return self.panel.isVisible()

    # --- searching --------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self.search.search(text)

    def _started(self, generation: int, query: LookupQuery) -> None:
        self._server_done = False
        self.model.begin(generation, query)
        self._say(None)
        self._show_panel()

    def _local(self, generation: int, hits: list[Hit]) -> None:
        if self._answer(generation, hits) and not self.model.rowCount() and not self._server_done:
            self._say(self.tr("Searching the server…"))

    def _server(self, generation: int, hits: list[Hit]) -> None:
        if generation == self.model.generation:
            self._server_done = True
        if self._answer(generation, hits):
            self._say(None if self.model.rowCount() else self.tr("No customer matches"))

    def _missing(self, generation: int, why: str) -> None:
        if generation != self.model.generation:
            return
        self._server_done = True
        self._say(why)
        self._show_panel()

    def _answer(self, generation: int, hits: list[Hit]) -> bool:
        keep = self._selected
        if not self.model.answer(generation, hits):
            return False
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and not self.results.currentIndex().isValid():
            row = 0 if self.model.rowCount() else None
        if row is not None:
            select_row(self.results, row)
        self._show_panel()
        return True

    def _say(self, note: str | None) -> None:
        self.note.setText(note or "")
        self.note.setVisible(bool(note))

    # --- the list ----------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.model.hit(current.row()) if current.isValid() else None
        if hit is not None:
            self._selected = hit.customer_id

    def _move(self, delta: int) -> None:
        if step_row(self.results, delta):
            self._show_panel()

    def _choose(self, row: int) -> None:
        hit = self.model.hit(row)
        if hit is None:
            return
        self.edit.clear()
        self._hide_panel()
        self.customerChosen.emit(hit.customer)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress and self._key(event):  # type: ignore[arg-type]
                return True
            if event.type() == QEvent.Type.FocusIn:
                self._show_panel()
            elif event.type() == QEvent.Type.FocusOut:
                self._hide_panel()
        elif event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._place()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self._move(1)
        elif key == Qt.Key.Key_Up:
            self._move(-1)
        elif key == Qt.Key.Key_PageDown:
            self._move(VISIBLE_ROWS)
        elif key == Qt.Key.Key_PageUp:
            self._move(-VISIBLE_ROWS)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.results.currentIndex()
            self._choose(current.row() if current.isValid() else 0)
        elif key == Qt.Key.Key_Escape:
            self.edit.clear()
            self._hide_panel()
        else:
            return False
        return True

    # --- the floating panel -------------------------------------------------------

    def _has_content(self) -> bool:
        return bool(self.edit.text().strip()) and (
            self.model.rowCount() > 0 or self.note.isVisibleTo(self.panel)
        )

    def _show_panel(self) -> None:
        if self._inline:
            return
        if self.window().focusWidget() is self.edit and self._has_content():
            self._place()
            self.panel.show()
            self.panel.raise_()
        else:
            self.panel.hide()

    def _hide_panel(self) -> None:
        if not self._inline:
            self.panel.hide()

    def _place(self) -> None:
        """Float the panel over the window, under the field, as wide as the rows need."""
        window = self.window()
        if window is self or self._inline:
            return
        if self.panel.parent() is not window:
            self.panel.setParent(window)
            window.installEventFilter(self)
        rows = min(self.model.rowCount(), VISIBLE_ROWS)
        row_height = self.results.sizeHintForRow(0) if rows else 0
        frame = 2 * self.results.frameWidth() + 6
        note = self.note.sizeHint().height() + 4 if self.note.isVisibleTo(self.panel) else 0
        width = max(self.edit.width(), PANEL_MIN_WIDTH)
        below = self.edit.mapTo(window, QPoint(0, self.edit.height()))
        x = max(0, min(below.x(), window.width() - width))
        self.results.setVisible(rows > 0)
        self.panel.setGeometry(x, below.y(), width, rows * row_height + frame + note)
