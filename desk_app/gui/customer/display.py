"""How the 360° view words money, days and the states of orders, parcels and invoices.

Amounts travel as integer cents with an ISO currency code; days and times
as ISO text. They are shown in the desk's locale, once, here.
"""

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from desk_app.domain.enums import (
    InvoiceStatus,
    OrderAction,
    OrderStatus,
    Segment,
    ShipmentStatus,
)
from desk_app.gui.records import parse_time

_CONTEXT = "CustomerView"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def money(cents: int | None, currency: str | None) -> str:
    """``USD 1,234.50`` in the desk's number format."""
    amount = QLocale().toString((cents or 0) / 100, "f", 2)
    return f"{currency or ''} {amount}".strip()


def day(value: Any) -> str:
    """An ISO day (or the day of an ISO time) in the desk's short format."""
    if not value:
        return ""
    try:
        when = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)


def moment(value: Any) -> str:
    """An ISO time in the desk's time zone and short format."""
    at = parse_time(value) if value else None
    if at is None:
        return ""
    local = at.astimezone()
    return QLocale().toString(local.date(), QLocale.FormatType.ShortFormat) + local.strftime(
        " %H:%M"
    )


def order_status(value: Any) -> str:
    names = {
        OrderStatus.PLACED: _tr("Placed"),
        OrderStatus.PAID: _tr("Paid"),
        OrderStatus.SHIPPED: _tr("Shipped"),
        OrderStatus.DELIVERED: _tr("Delivered"),
        OrderStatus.CANCELLED: _tr("Cancelled"),
        OrderStatus.RETURNED: _tr("Returned"),
    }
    return _named(names, OrderStatus, value)


def shipment_status(value: Any) -> str:
    names = {
        ShipmentStatus.LABEL_CREATED: _tr("Label created"),
        ShipmentStatus.IN_TRANSIT: _tr("In transit"),
        ShipmentStatus.OUT_FOR_DELIVERY: _tr("Out for delivery"),
        ShipmentStatus.DELIVERED: _tr("Delivered"),
        ShipmentStatus.DELAYED: _tr("Delayed"),
        ShipmentStatus.LOST: _tr("Lost"),
        ShipmentStatus.RETURNED: _tr("Returned"),
    }
    return _named(names, ShipmentStatus, value)


def invoice_status(value: Any) -> str:
    names = {
        InvoiceStatus.OPEN: _tr("Open"),
        InvoiceStatus.PAID: _tr("Paid"),
        InvoiceStatus.OVERDUE: _tr("Overdue"),
        InvoiceStatus.VOID: _tr("Void"),
    }
    return _named(names, InvoiceStatus, value)


def action_name(value: Any) -> str:
    names = {
        OrderAction.RESEND_CONFIRMATION: _tr("Resend confirmation"),
        OrderAction.START_RETURN: _tr("Start a return"),
        OrderAction.FLAG_DELAY: _tr("Flag a delay"),
        OrderAction.REFUND_REQUEST: _tr("Refund request"),
    }
    return _named(names, OrderAction, value)


def _named(names: dict[Any, str], kind: Any, value: Any) -> str:
    try:
        return names[kind(value)]
    except ValueError:
        return str(value or "")


def segment_name(value: Any) -> str:
    names = {
        Segment.CONSUMER: _tr("Consumer"),
        Segment.SMALL_BUSINESS: _tr("Small business"),
        Segment.ENTERPRISE: _tr("Enterprise"),
    }
    return _named(names, Segment, value)
