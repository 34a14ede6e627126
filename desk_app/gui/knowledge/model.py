"""The KB search results: one row per article, merged from the cache and the server.

As in the customer look-up: each keystroke starts a *generation*; its first
answer replaces the rows, later answers of the same generation refresh the
articles shown in place and add the others at the end, so a row never moves
under the rep's cursor; answers of an older generation are dropped.
"""

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ACCESSIBLE_TEXT = int(Qt.ItemDataRole.AccessibleTextRole)
ARTICLE_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the article record

ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class ArticleModel(QAbstractListModel):
    """Rows of article records, at most one per id.

    Invariant: ``_index`` maps each row's article id to its row; within a
    generation rows are only appended or refreshed, never moved or removed.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        self._generation = 0
        self._answered = False

    @property
    def generation(self) -> int:
        return self._generation

    def begin(self, generation: int) -> None:
        """A new search started: its first answer will replace the rows."""
        self._generation = generation
        self._answered = False

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._index = [], {}
        self.endResetModel()

    def answer(self, generation: int, articles: list[dict[str, Any]]) -> bool:
        """Show one answer of ``generation``; ``False`` if it is stale and was dropped."""
        if generation != self._generation:
            return False
        if not self._answered:
            self._answered = True
            self.beginResetModel()
            self._rows, self._index = [], {}
            for article in articles:
                self._add(article)
            self.endResetModel()
            return True
        for article in articles:
            row = self._index.get(str(article.get("id")))
            if row is None:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
                self._add(article)
                self.endInsertRows()
            else:
                self._rows[row] = article
                self.dataChanged.emit(self.index(row), self.index(row))
        return True

    def _add(self, article: dict[str, Any]) -> None:
        key = str(article.get("id"))
        if key not in self._index:
            self._index[key] = len(self._rows)
            self._rows.append(article)

    def article(self, row: int) -> dict[str, Any] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --- QAbstractListModel ------------------------------------------------------

    def rowCount(self, parent: AnyIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        article = self.article(index.row()) if index.isValid() else None
        if article is None:
            return None
        title = str(article.get("title") or article.get("slug") or "")
        if role in (DISPLAY, ACCESSIBLE_TEXT):
            return title
        if role == TOOLTIP:
            tags = ", ".join(str(tag) for tag in article.get("tags") or [])
            return f"{title} ({tags})" if tags else title
        if role == ARTICLE_ROLE:
            return article
        return None
