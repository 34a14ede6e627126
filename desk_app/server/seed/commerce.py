"""Orders with lines, shipments with tracking events, invoices with payments."""

import random
from collections.abc import Callable
from typing import Any

from desk_app.domain.enums import InvoiceStatus, OrderStatus, ShipmentStatus
from desk_app.server.seed.context import SeedContext
from desk_app.server.seed.reference import COUNTRIES, PRODUCTS
from desk_app.server.seed.values import DAY, Picker, day, ts

S = ShipmentStatus
ORDERS_PER_CUSTOMER = Picker([0, 1, 2, 3, 4], [20, 35, 25, 12, 8])  # mean 1.53
LINES_PER_ORDER = Picker([1, 2, 3, 4], [50, 30, 15, 5])
QUANTITY = Picker([1, 2, 3], [85, 12, 3])
PAYMENT_METHOD = Picker(["card", "bank_transfer", "paypal"], [70, 20, 10])
# The shipment's status by the order's age, then the carrier events that led there.
FRESH = Picker([S.LABEL_CREATED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY], [20, 60, 20])
RECENT = Picker([S.IN_TRANSIT, S.DELAYED, S.OUT_FOR_DELIVERY, S.DELIVERED], [25, 15, 10, 50])
SETTLED = Picker([S.DELIVERED, S.RETURNED, S.LOST], [95, 4, 1])
EVENTS = {
    S.LABEL_CREATED: (S.LABEL_CREATED,),
    S.IN_TRANSIT: (S.LABEL_CREATED, S.IN_TRANSIT),
    S.OUT_FOR_DELIVERY: (S.LABEL_CREATED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY),
    S.DELIVERED: (S.LABEL_CREATED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED),
    S.DELAYED: (S.LABEL_CREATED, S.IN_TRANSIT, S.DELAYED),
    S.LOST: (S.LABEL_CREATED, S.IN_TRANSIT, S.LOST),
    S.RETURNED: (S.LABEL_CREATED, S.IN_TRANSIT, S.DELIVERED, S.RETURNED),
}
DESCRIPTION = {
    S.LABEL_CREATED: "Shipping label created, parcel awaiting pick-up",
    S.IN_TRANSIT: "Parcel in transit to the regional depot",
    S.OUT_FOR_DELIVERY: "Out for delivery",
    S.DELIVERED: "Delivered",
    S.DELAYED: "Delayed: held at the sorting centre",
    S.LOST: "Parcel reported lost; carrier investigation opened",
    S.RETURNED: "Returned to sender",
}
ORDER_STATUS = {
    S.LABEL_CREATED: OrderStatus.PAID,
    S.IN_TRANSIT: OrderStatus.SHIPPED,
    S.OUT_FOR_DELIVERY: OrderStatus.SHIPPED,
    S.DELAYED: OrderStatus.SHIPPED,
    S.LOST: OrderStatus.SHIPPED,
    S.DELIVERED: OrderStatus.DELIVERED,
    S.RETURNED: OrderStatus.RETURNED,
}
# Ages that make each status plausible, for the first orders (which cover every status).
COVER_AGE_DAYS = {
    S.LABEL_CREATED: 0.4,
    S.IN_TRANSIT: 1.5,
    S.OUT_FOR_DELIVERY: 2.5,
    S.DELIVERED: 9,
    S.DELAYED: 6,
    S.LOST: 20,
    S.RETURNED: 25,
}
COVERED = list(ShipmentStatus)
OVERDUE_COVER = 3  # the first invoices past their due date are overdue, whatever the dice say


def _shipment_status(rng: random.Random, age: int) -> ShipmentStatus | None:
    if age < DAY:
        return S.LABEL_CREATED if rng.random() < 0.4 else None
    picker = FRESH if age < 3 * DAY else RECENT if age < 8 * DAY else SETTLED
    status: ShipmentStatus = picker(rng)
    return status


def seed_commerce(ctx: SeedContext) -> None:
    """About 1.5 orders a customer, each with lines, a shipment and an invoice."""
    rng, w, index = ctx.rng("commerce"), ctx.writer, ctx.index
    n = len(index.ids)
    est = n * 3 // 2
    orders = w.open(
        "sales_order",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "number",
            "customer_id",
            "store_id",
            "status",
            "placed_at",
            "currency",
            "total_cents",
        ),
        estimate=est,
    )
    lines = w.open(
        "order_line",
        ("id", "order_id", "position", "sku", "description", "quantity", "unit_price_cents"),
        estimate=est * 2,
    )
    shipments = w.open(
        "shipment",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "order_id",
            "carrier",
            "tracking_number",
            "status",
            "shipped_at",
            "delivered_at",
            "expected_on",
        ),
        estimate=est * 9 // 10,
    )
    events = w.open(
        "shipment_event",
        ("id", "shipment_id", "at", "status", "location", "description"),
        estimate=est * 35 // 10,
    )
    invoices = w.open(
        "invoice",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "number",
            "customer_id",
            "order_id",
            "store_id",
            "issued_on",
            "due_on",
            "currency",
            "amount_cents",
            "status",
        ),
        estimate=est,
    )
    payments = w.open(
        "payment",
        ("id", "invoice_id", "paid_at", "amount_cents", "method", "card_last4"),
        estimate=est * 9 // 10,
    )
    add_order, add_line, add_shipment = orders.rows.append, lines.rows.append, shipments.rows.append
    add_event, add_invoice, add_payment = (
        events.rows.append,
        invoices.rows.append,
        payments.rows.append,
    )
    prices = [[round(p[2] * c.minor_per_usd_cent) for p in PRODUCTS] for c in COUNTRIES]
    new_id, random_, end = ctx.new_id, rng.random, ctx.history_end
    order_no = invoice_no = 0
    overdue = 0
    for c in range(n):
        customer, ci = index.ids[c], index.country[c]
        created = index.created[c]
        country = COUNTRIES[ci]
        home = index.store[c]
        for _ in range(ORDERS_PER_CUSTOMER(rng)):
            order = new_id()
            status: ShipmentStatus | None
            if order_no < len(COVERED):
                status = COVERED[order_no]
                placed = end - int(COVER_AGE_DAYS[status] * DAY) - rng.randrange(3600)
                placed = max(placed, created)
            else:
                placed = created + int((end - created) * random_())
                status = _shipment_status(rng, end - placed)
            age = end - placed
            cancelled = order_no >= len(COVERED) and random_() < 0.04
            if cancelled:
                status = None
            store = ctx.staff.stores[home] if home >= 0 and random_() < 0.5 else None
            total = 0
            for position in range(LINES_PER_ORDER(rng)):
                product = rng.randrange(len(PRODUCTS))
                quantity = QUANTITY(rng)
                price = prices[ci][product]
                total += quantity * price
                sku, description, _ = PRODUCTS[product]
                add_line((new_id(), order, position, sku, description, quantity, price))
            updated = placed
            if status is not None:
                order_status = ORDER_STATUS[status]
                sequence = EVENTS[status]
                step = min(age * 0.9 / len(sequence), rng.uniform(0.4, 1.6) * DAY)
                shipment, shipped, delivered = new_id(), None, None
                city = rng.choice(country.cities)[0]
                for j, event_status in enumerate(sequence):
                    at = placed + int(step * (j + 1))
                    if event_status is S.IN_TRANSIT:
                        shipped = ts(at)
                    elif event_status is S.DELIVERED:
                        delivered = ts(at)
                    add_event(
                        (
                            new_id(),
                            shipment,
                            ts(at),
                            event_status.value,
                            city,
                            DESCRIPTION[event_status],
                        )
                    )
                    updated = at
                carrier = rng.choice(country.carriers)
                tracking = f"{carrier[:2].upper()}{rng.randrange(10**12):012d}{country.code}"
                add_shipment(
                    (
                        shipment,
                        1,
                        ts(placed + int(step)),
                        ts(updated),
                        order,
                        carrier,
                        tracking,
                        status.value,
                        shipped,
                        delivered,
                        day(placed + 4 * DAY),
                    )
                )
            elif cancelled:
                order_status = OrderStatus.CANCELLED
            else:
                order_status = OrderStatus.PLACED
            order_no += 1
            add_order(
                (
                    order,
                    1,
                    ts(placed),
                    ts(updated),
                    f"O-{1000000 + order_no}",
                    customer,
                    store,
                    order_status.value,
                    ts(placed),
                    country.currency,
                    total,
                )
            )
            if cancelled and random_() < 0.5:
                continue
            invoice = new_id()
            invoice_no += 1
            due = placed + (30 if random_() < 0.15 else 14) * DAY
            paid_at = None
            if cancelled:
                invoice_status = InvoiceStatus.VOID
            elif due < end - DAY and (overdue < OVERDUE_COVER or random_() < 0.07):
                invoice_status, overdue = InvoiceStatus.OVERDUE, overdue + 1
                if random_() < 0.3:  # a partial payment, the rest outstanding
                    _pay(rng, add_payment, new_id(), invoice, placed + DAY, total // 2)
            elif due < end - DAY or random_() < 0.5:
                invoice_status = InvoiceStatus.PAID
                paid_at = placed + rng.randrange(max(min(due, end) - placed, 60))
                if random_() < 0.1:
                    half = total // 2
                    _pay(rng, add_payment, new_id(), invoice, paid_at, half)
                    _pay(rng, add_payment, new_id(), invoice, paid_at + 60, total - half)
                else:
                    _pay(rng, add_payment, new_id(), invoice, paid_at, total)
            else:
                invoice_status = InvoiceStatus.OPEN
            add_invoice(
                (
                    invoice,
                    1,
                    ts(placed),
                    ts(paid_at or placed),
                    f"INV-{1000000 + invoice_no}",
                    customer,
                    order,
                    store,
                    day(placed),
                    day(due),
                    country.currency,
                    total,
                    invoice_status.value,
                )
            )
        w.maybe_flush()
    w.close(orders, lines, shipments, events, invoices, payments)


def _pay(
    rng: random.Random,
    add: Callable[[tuple[Any, ...]], None],
    payment: str,
    invoice: str,
    at: int,
    amount: int,
) -> None:
    method = PAYMENT_METHOD(rng)
    last4 = f"{rng.randrange(10_000):04d}" if method == "card" else None
    add((payment, invoice, ts(at), amount, method, last4))
