"""A customer's orders: each with its lines, its parcels and their tracking, and what reps asked.

A tree, one order a branch: the lines, then each shipment with its carrier
events (newest first), then the actions requested on the order. A late
parcel (the server's ``delayed`` flag) is marked in red on the parcel and
on its order, so the rep sees it without opening anything. Under the tree
the rep asks for an action on the selected order; a refund request is
offered only to roles that may make one.
"""

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.commerce import NOTE_MAX
from desk_app.domain.enums import OrderAction
from desk_app.gui.customer.display import (
    action_name,
    day,
    moment,
    money,
    order_status,
    shipment_status,
)
from desk_app.gui.offer.display import error_label

COL_WHAT, COL_STATUS, COL_WHEN, COL_AMOUNT = range(4)
ORDER_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the order's uuid.UUID, on every row of it
KIND_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # "order", "line", "shipment", "event", "action"
LATE_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # True on a late parcel and on its order
LATE = QColor("#c62828")


def _late(item: QTreeWidgetItem, column: int) -> None:
    item.setForeground(column, QBrush(LATE))
    font = QFont(item.font(column))
    font.setBold(True)
    item.setFont(column, font)


class OrdersPanel(QWidget):
    """The orders tree and the action form; ``actionRequested(order_id, action, note, amount)``."""

    actionRequested = Signal(object, str, str, object)

    def __init__(self, *, may_refund: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("OrdersPanel")
        self.tree = QTreeWidget(objectName="ordersTree")
        self.tree.setHeaderLabels(
            [self.tr("Order"), self.tr("Status"), self.tr("When"), self.tr("Amount")]
        )
        self.tree.setAccessibleName(self.tr("Orders"))
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        for column in (COL_STATUS, COL_WHEN, COL_AMOUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.action = QComboBox(objectName="orderAction")
        self.action.setAccessibleName(self.tr("Action on the selected order"))
        for action in OrderAction:
            if action is not OrderAction.REFUND_REQUEST or may_refund:
                self.action.addItem(action_name(action), action.value)
        self.note = QLineEdit(objectName="orderActionNote")
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(self.tr("Why (the back office reads this)"))
        self.note.setAccessibleName(self.tr("Note for the action"))
        self.amount = QDoubleSpinBox(objectName="refundAmount")
        self.amount.setDecimals(2)
        self.amount.setAccessibleName(self.tr("Amount to refund"))
        self.send = QPushButton(self.tr("Re&quest"), objectName="orderActionSend")
        self.error = error_label("orderActionError")
        self.empty = QLabel(self.tr("No orders"), objectName="ordersEmpty")
        self.empty.setEnabled(False)
        form = QHBoxLayout()
        form.addWidget(self.action)
        form.addWidget(self.amount)
        form.addStretch(1)
        form.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        # models
        self._orders: dict[uuid.UUID, dict[str, Any]] = {}
        # connections
        self.action.currentIndexChanged.connect(self._action_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._action_changed())
        self.send.clicked.connect(self.request)
        self.note.returnPressed.connect(self.request)
        # populate
        self.show_orders([], [], set())

    # --- what the view calls ----------------------------------------------------------

    def show_orders(
        self,
        orders: list[dict[str, Any]],
        actions: list[dict[str, Any]],
        waiting: set[uuid.UUID],
    ) -> None:
        """Draw ``orders`` (newest first) with their ``actions``; ``waiting``: not yet synced."""
        selected = self.selected_order()
        expanded = {
            self.tree.topLevelItem(i).data(COL_WHAT, ORDER_ID_ROLE)
            for i in range(self.tree.topLevelItemCount())
            if self.tree.topLevelItem(i).isExpanded()
        }
        self.tree.clear()
        self._orders = {uuid.UUID(str(order["id"])): order for order in orders}
        by_order: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for action in actions:
            by_order.setdefault(uuid.UUID(str(action["order_id"])), []).append(action)
        for order_id, order in self._orders.items():
            item = self._order_item(order_id, order, by_order.get(order_id, []), waiting)
            self.tree.addTopLevelItem(item)  # only an item in the tree can be expanded
            item.setExpanded(order_id in expanded or bool(item.data(COL_WHAT, LATE_ROLE)))
            for index in range(item.childCount()):
                child = item.child(index)
                child.setExpanded(bool(child.data(COL_WHAT, LATE_ROLE)))  # its tracking
            if order_id == selected:
                self.tree.setCurrentItem(item)
        self.empty.setVisible(not orders)
        self._action_changed()

    def selected_order(self) -> uuid.UUID | None:
        item = self.tree.currentItem()
        value = item.data(COL_WHAT, ORDER_ID_ROLE) if item is not None else None
        return value if isinstance(value, uuid.UUID) else None

    def select_order(self, order_id: uuid.UUID) -> None:
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(COL_WHAT, ORDER_ID_ROLE) == order_id:
                self.tree.setCurrentItem(item)

    # --- drawing -------------------------------------------------------------------------

    def _row(
        self, parent: QTreeWidgetItem | None, order_id: uuid.UUID, kind: str, *texts: str
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(list(texts))
        item.setToolTip(COL_WHAT, texts[0])  # a narrow tab cuts long descriptions short
        item.setData(COL_WHAT, ORDER_ID_ROLE, order_id)
        item.setData(COL_WHAT, KIND_ROLE, kind)
        item.setTextAlignment(
            COL_AMOUNT, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        if parent is not None:
            parent.addChild(item)
        return item

    def _order_item(
        self,
        order_id: uuid.UUID,
        order: dict[str, Any],
        actions: list[dict[str, Any]],
        waiting: set[uuid.UUID],
    ) -> QTreeWidgetItem:
        currency = order.get("currency")
        shipments = order.get("shipments") or []
        late = any(s.get("delayed") for s in shipments)
        status = order_status(order.get("status"))
        item = self._row(
            None,
            order_id,
            "order",
            self.tr("Order {number}").format(number=order.get("number", "")),
            status + (" · " + self.tr("delayed") if late else ""),
            day(order.get("placed_at")),
            money(order.get("total_cents"), currency),
        )
        if late:
            _late(item, COL_STATUS)
            item.setToolTip(COL_STATUS, self.tr("A parcel of this order is late"))
            item.setData(COL_WHAT, LATE_ROLE, True)
        for line in order.get("lines") or []:
            quantity = int(line.get("quantity") or 0)
            row = self._row(
                item,
                order_id,
                "line",
                self.tr("{quantity} × {description}").format(
                    quantity=quantity, description=line.get("description", "")
                ),
                "",
                "",
                money(quantity * int(line.get("unit_price_cents") or 0), currency),
            )
            row.setToolTip(COL_WHAT, f"{row.text(COL_WHAT)} ({line.get('sku', '')})")
        for shipment in shipments:
            self._shipment(item, order_id, shipment)
        for action in actions:
            action_id = uuid.UUID(str(action["id"]))
            state = self.tr("waiting to sync") if action_id in waiting else self.tr("requested")
            amount = action.get("amount_cents")
            self._row(
                item,
                order_id,
                "action",
                f"{action_name(action.get('action'))}: {action.get('note', '')}",
                state,
                moment(action.get("created_at")),
                money(amount, currency) if amount is not None else "",
            )
        return item

    def _shipment(
        self, parent: QTreeWidgetItem, order_id: uuid.UUID, shipment: dict[str, Any]
    ) -> None:
        delayed = bool(shipment.get("delayed"))
        if shipment.get("delivered_at"):
            when = self.tr("delivered {day}").format(day=day(shipment["delivered_at"]))
        elif shipment.get("expected_on"):
            when = self.tr("expected {day}").format(day=day(shipment["expected_on"]))
        else:
            when = ""
        status = shipment_status(shipment.get("status"))
        item = self._row(
            parent,
            order_id,
            "shipment",
            self.tr("Parcel {carrier} {tracking}").format(
                carrier=shipment.get("carrier", ""), tracking=shipment.get("tracking_number", "")
            ),
            status + (" · " + self.tr("late") if delayed else ""),
            when,
            "",
        )
        if delayed:
            _late(item, COL_STATUS)
            _late(item, COL_WHEN)
            item.setData(COL_WHAT, LATE_ROLE, True)
        events = sorted(shipment.get("events") or [], key=lambda e: str(e.get("at")), reverse=True)
        for event in events:
            place = ", ".join(p for p in (event.get("description"), event.get("location")) if p)
            self._row(
                item,
                order_id,
                "event",
                place,
                shipment_status(event.get("status")),
                moment(event.get("at")),
                "",
            )

    # --- asking for an action ---------------------------------------------------------

    def _action_changed(self) -> None:
        refund = self.action.currentData() == OrderAction.REFUND_REQUEST
        self.amount.setVisible(refund)
        order = self._orders.get(self.selected_order()) if self.selected_order() else None
        if order is not None:
            self.amount.setPrefix(f"{order.get('currency', '')} ")
            self.amount.setMaximum(int(order.get("total_cents") or 0) / 100)
        self.send.setEnabled(order is not None)
        self.error.hide()

    def request(self) -> None:
        """Check the form and emit the action for the selected order."""
        order_id = self.selected_order()
        order = self._orders.get(order_id) if order_id else None
        if order_id is None or order is None:
            self._fail(self.tr("Select an order first"))
            return
        note = self.note.text().strip()
        if not note:
            self._fail(self.tr("Say why in the note: the back office acts on it"))
            self.note.setFocus()
            return
        action = str(self.action.currentData())
        amount: int | None = None
        if action == OrderAction.REFUND_REQUEST:
            amount = round(self.amount.value() * 100)
            if amount <= 0:  # the box stops at the order's total; it starts at nothing
                self._fail(self.tr("Enter the amount to refund"))
                self.amount.setFocus()
                return
        self.error.hide()
        self.note.clear()
        self.amount.setValue(0)
        self.actionRequested.emit(order_id, action, note, amount)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
