"""Paints a look-up row: the name above, why it matched below, the matching characters marked.

The marks come from the model (:data:`NAME_SPANS_ROLE`, :data:`DETAIL_SPANS_ROLE`)
and are drawn as rich text with a fixed dark-on-amber style, readable on a
selected row as on a plain one.
"""

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desk_app.gui.lookup.model import (
    DETAIL_PREFIX_ROLE,
    DETAIL_ROLE,
    DETAIL_SPANS_ROLE,
    DISPLAY,
    NAME_SPANS_ROLE,
)

MARK_STYLE = "background-color:#ffd966;color:#1a1a1a;font-weight:600"
PADDING = 6


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as HTML with each ``(start, end)`` span wrapped in a mark."""
    parts = []
    at = 0
    for start, end in spans:
        parts.append(html.escape(text[at:start]))
        parts.append(f'<span style="{MARK_STYLE}">{html.escape(text[start:end])}</span>')
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


def row_html(index: QModelIndex | QPersistentModelIndex) -> str:
    """The two lines of a row, as the delegate draws them."""
    name = marked_html(str(index.data(DISPLAY) or ""), index.data(NAME_SPANS_ROLE) or [])
    prefix = html.escape(str(index.data(DETAIL_PREFIX_ROLE) or ""))
    detail = marked_html(str(index.data(DETAIL_ROLE) or ""), index.data(DETAIL_SPANS_ROLE) or [])
    small = '<span style="font-size:small">'
    return f"<b>{name}</b><br>{small}<i>{prefix}</i>&nbsp;&nbsp;{detail}</span>"


class HighlightDelegate(QStyledItemDelegate):
    """Draws rows as :func:`row_html` on the style's own item background."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        document.setHtml(row_html(index))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        style.drawControl(
            QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget
        )
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + PADDING, option.rect.top() + PADDING / 2)
        context.clip = QRectF(0, 0, option.rect.width() - 2 * PADDING, option.rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(
            int(document.idealWidth()) + 2 * PADDING, int(document.size().height()) + PADDING
        )
