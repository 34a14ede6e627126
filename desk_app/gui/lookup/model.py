"""The look-up results: one row per customer, merged from the cache and the server.

Each keystroke starts a new *generation*. Its first answer (usually the
cache's) replaces the rows; later answers of the same generation only add
customers not shown yet, at the end, and refresh the ones shown in place,
so a row never moves under the rep's cursor. Answers of an older
generation are dropped: the rep has typed past them.
"""

import uuid
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desk_app.domain.lookup import LookupQuery, MatchField, parse_query
from desk_app.gui.lookup.hits import Hit, detail_spans, name_spans

AnyIndex = QModelIndex | QPersistentModelIndex

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ACCESSIBLE_TEXT = int(Qt.ItemDataRole.AccessibleTextRole)
HIT_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the Hit
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # the customer's uuid.UUID
NAME_SPANS_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # [(start, end)] in the name
DETAIL_ROLE = int(Qt.ItemDataRole.UserRole) + 4  # why it matched, in words
DETAIL_SPANS_ROLE = int(Qt.ItemDataRole.UserRole) + 5  # [(start, end)] in DETAIL_ROLE's text
DETAIL_PREFIX_ROLE = int(Qt.ItemDataRole.UserRole) + 6  # "Phone" before the marked number

ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class LookupModel(QAbstractListModel):
    """Rows of :class:`Hit`, at most one per customer.

    Invariants: ``_rows[i].customer_id`` are distinct and ``_index`` maps each
    to its row; rows of the current generation are only appended or
    refreshed in place, never moved or removed, until the next generation's
    first answer.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Hit] = []
        self._index: dict[uuid.UUID, int] = {}
        self._generation = 0
        self._answered = False  # has the current generation shown its first answer?
        self._query = parse_query("", region="US")

    # --- what the look-up box calls ---------------------------------------------

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def query(self) -> LookupQuery:
        return self._query

    def begin(self, generation: int, query: LookupQuery) -> None:
        """A new search: its answers replace the rows; an empty one clears them now."""
        self._generation = generation
        self._query = query
        self._answered = False
        if query.empty:
            self._replace([])
            self._answered = True

    def answer(self, generation: int, hits: list[Hit]) -> bool:
        """Show an answer of ``generation``; False (and nothing changes) when it is stale."""
        if generation != self._generation:
            return False
        if not self._answered:
            self._answered = True
            self._replace(_distinct(hits))
            return True
        new = []
        for hit in hits:
            row = self._index.get(hit.customer_id)
            if row is not None:
                self._rows[row] = Hit(
                    hit.customer, self._rows[row].matched, self._rows[row].matched_text
                )
                index = self.index(row)
                self.dataChanged.emit(index, index)
            elif all(hit.customer_id != other.customer_id for other in new):
                new.append(hit)
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for offset, hit in enumerate(new):
                self._index[hit.customer_id] = first + offset
                self._rows.append(hit)
            self.endInsertRows()
        return True

    def hit(self, row: int) -> Hit | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, customer_id: uuid.UUID) -> int | None:
        return self._index.get(customer_id)

    def hits(self) -> list[Hit]:
        return list(self._rows)

    def _replace(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._rows = hits
        self._index = {hit.customer_id: row for row, hit in enumerate(hits)}
        self.endResetModel()

    # --- QAbstractListModel ------------------------------------------------------

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == DISPLAY:
            return hit.name
        if role == ID_ROLE:
            return hit.customer_id
        if role == HIT_ROLE:
            return hit
        if role == NAME_SPANS_ROLE:
            return name_spans(hit, self._query)
        if role == DETAIL_PREFIX_ROLE:  # a marked name says why by itself
            return "" if hit.matched is MatchField.NAME else self._reason(hit.matched)
        if role == DETAIL_ROLE:
            return self._detail(hit)
        if role == DETAIL_SPANS_ROLE:
            return detail_spans(hit, self._query)
        if role in (TOOLTIP, ACCESSIBLE_TEXT):
            return f"{hit.name}, {self._reason(hit.matched)} {self._detail(hit)}"
        return None

    def _reason(self, matched: MatchField) -> str:
        reasons = {
            MatchField.NAME: self.tr("Name"),
            MatchField.PHONE: self.tr("Phone"),
            MatchField.EMAIL: self.tr("Email"),
            MatchField.ORDER: self.tr("Order"),
            MatchField.INVOICE: self.tr("Invoice"),
        }
        return reasons[matched]

    def _detail(self, hit: Hit) -> str:
        """The marked text; for a name match, the first number or address as a reminder."""
        if hit.matched is not MatchField.NAME:
            return hit.shown_text
        phones = hit.customer.get("phones") or []
        emails = hit.customer.get("emails") or []
        if phones:
            first = phones[0]
            number = first.get("number") if isinstance(first, dict) else first
            return Hit(hit.customer, MatchField.PHONE, str(number)).shown_text
        return str(emails[0]) if emails else ""


def _distinct(hits: list[Hit]) -> list[Hit]:
    """The first hit of each customer, in order."""
    seen: set[uuid.UUID] = set()
    kept = []
    for hit in hits:
        if hit.customer_id not in seen:
            seen.add(hit.customer_id)
            kept.append(hit)
    return kept
