"""A customer's invoices with their payments, the overdue ones in red, and what is owed.

The server works out each invoice's paid amount, balance and whether it is
overdue (``domain.commerce.invoice_standing``); this panel only shows them.
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.gui.customer.display import day, invoice_status, moment, money

COL_INVOICE, COL_STATUS, COL_DUE, COL_AMOUNT, COL_PAID, COL_BALANCE = range(6)
OVERDUE = QColor("#c62828")
OVERDUE_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # True on an overdue invoice's row


class InvoicesPanel(QWidget):
    """The balance above a tree of invoices (newest first), each with its payments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("InvoicesPanel")
        self.balance = QLabel(objectName="invoiceBalance")
        self.balance.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget(objectName="invoicesTree")
        self.tree.setAccessibleName(self.tr("Invoices"))
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels(
            [
                self.tr("Invoice"),
                self.tr("Status"),
                self.tr("Due"),
                self.tr("Amount"),
                self.tr("Paid"),
                self.tr("Balance"),
            ]
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_INVOICE, QHeaderView.ResizeMode.Stretch)
        for column in range(COL_STATUS, COL_BALANCE + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.balance)
        layout.addWidget(self.tree, 1)
        # populate
        self.show_invoices([], 0, 0)

    def show_invoices(self, invoices: list[dict[str, Any]], balance: int, overdue: int) -> None:
        currency = next((i.get("currency") for i in invoices if i.get("currency")), "")
        text = self.tr("Balance: <b>{balance}</b>").format(balance=money(balance, currency))
        if overdue:
            text += " · " + self.tr(
                '<span style="color:{colour}"><b>{overdue} overdue</b></span>'
            ).format(colour=OVERDUE.name(), overdue=money(overdue, currency))
        if not invoices:
            text = self.tr("No invoices")
        self.balance.setText(text)
        self.tree.clear()
        for invoice in invoices:
            self.tree.addTopLevelItem(self._invoice_item(invoice))

    def _invoice_item(self, invoice: dict[str, Any]) -> QTreeWidgetItem:
        currency = invoice.get("currency")
        overdue = bool(invoice.get("overdue"))
        status = invoice_status(invoice.get("status"))
        item = QTreeWidgetItem(
            [
                self.tr("Invoice {number} of {issued}").format(
                    number=invoice.get("number", ""), issued=day(invoice.get("issued_on"))
                ),
                self.tr("Overdue") if overdue else status,
                day(invoice.get("due_on")),
                money(invoice.get("amount_cents"), currency),
                money(invoice.get("paid_cents"), currency),
                money(invoice.get("balance_cents"), currency),
            ]
        )
        item.setData(COL_INVOICE, OVERDUE_ROLE, overdue)
        for column in range(COL_AMOUNT, COL_BALANCE + 1):
            item.setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        if overdue:
            for column in range(COL_BALANCE + 1):
                item.setForeground(column, QBrush(OVERDUE))
            font = QFont(item.font(COL_STATUS))
            font.setBold(True)
            item.setFont(COL_STATUS, font)
            item.setFont(COL_BALANCE, font)
        for payment in invoice.get("payments") or []:
            method = str(payment.get("method") or "")
            if payment.get("card_last4"):
                method += f" ••{payment['card_last4']}"
            child = QTreeWidgetItem(
                [
                    self.tr("Payment: {method}").format(method=method),
                    "",
                    moment(payment.get("paid_at")),
                    "",
                    money(payment.get("amount_cents"), currency),
                    "",
                ]
            )
            child.setTextAlignment(
                COL_PAID, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            item.addChild(child)
        return item
