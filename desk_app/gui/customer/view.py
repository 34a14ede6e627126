"""The 360° view of one customer: who they are (editable), what they bought, owe and said.

The contact data is the local cache's copy and is there at once, online or
not; orders, invoices, order actions and the timeline come in one answer
from the server (``CustomerOverview``) while a busy bar runs, and offline
the view says they need the server. Saving contact data, order actions and
conflicts go through :class:`~desk_app.gui.customer.views.CustomerViews`;
this widget only shows and asks.
"""

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.store import ConflictView, RejectedView
from desk_app.gui.conflict_bar import ConflictBar
from desk_app.gui.customer.contact import ContactEditor, known_phones
from desk_app.gui.customer.display import money, segment_name
from desk_app.gui.customer.invoices import InvoicesPanel
from desk_app.gui.customer.orders import OrdersPanel
from desk_app.gui.customer.timeline import TimelinePanel
from desk_app.gui.offer.display import (
    channel_name,
    display_number,
    language,
    record_id,
)

SECTION_CONTACT, SECTION_ORDERS, SECTION_INVOICES, SECTION_HISTORY = range(4)
SUMMARY_PHONES = 2


class CustomerView(QWidget):
    """One customer's page in the work tabs.

    Signals: ``saveRequested(changes)``, ``actionRequested(order_id, action,
    note, amount_cents)``, ``refreshRequested()``, ``mergeRequested()``,
    ``keepMineRequested(op_id)``, ``takeTheirsRequested(op_id)``,
    ``dismissRequested(op_id)``.
    """

    saveRequested = Signal(dict)
    actionRequested = Signal(object, str, str, object)
    refreshRequested = Signal()
    mergeRequested = Signal()
    keepMineRequested = Signal(object)
    takeTheirsRequested = Signal(object)
    dismissRequested = Signal(object)

    def __init__(
        self,
        customer: dict[str, Any],
        *,
        region: str,
        may_refund: bool,
        may_merge: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("CustomerView")
        self.name = QLabel(objectName="customerViewName")
        name_font = QFont(self.name.font())
        name_font.setBold(True)
        name_font.setPointSizeF(name_font.pointSizeF() * 1.4)
        self.name.setFont(name_font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badges = QLabel(objectName="customerViewBadges")
        self.summary = QLabel(objectName="customerViewSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance = QLabel(objectName="customerViewBalance")
        self.balance.setTextFormat(Qt.TextFormat.RichText)
        self.busy = QProgressBar(objectName="customerViewBusy")
        self.busy.setRange(0, 0)  # running, with no end known
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Loading orders, invoices and history"))
        self.note = QLabel(objectName="customerViewNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.merge_button = QPushButton(self.tr("&Merge duplicate…"), objectName="mergeDuplicate")
        self.merge_button.setVisible(may_merge)
        self.refresh_button = QPushButton(self.tr("&Reload"), objectName="customerViewReload")
        self.conflict = ConflictBar("customerViewConflict")
        self.contact = ContactEditor(region=region)
        contact_scroll = QScrollArea(objectName="contactScroll")
        contact_scroll.setWidgetResizable(True)
        contact_scroll.setWidget(self.contact)
        self.orders = OrdersPanel(may_refund=may_refund)
        self.invoices = InvoicesPanel()
        self.timeline = TimelinePanel()
        self.sections = QTabWidget(objectName="customerSections")
        self.sections.setDocumentMode(True)
        self.sections.addTab(contact_scroll, self.tr("Contact"))
        self.sections.addTab(self.orders, "")
        self.sections.addTab(self.invoices, "")
        self.sections.addTab(self.timeline, "")
        heading = QVBoxLayout()
        heading.addWidget(self.name)
        heading.addWidget(self.badges)
        heading.addWidget(self.summary)
        header = QHBoxLayout()
        header.addLayout(heading, 1)
        header.addWidget(self.balance)
        header.addWidget(self.busy)
        header.addWidget(self.refresh_button)
        header.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.note)
        layout.addWidget(self.conflict)
        layout.addWidget(self.sections, 1)
        # models
        self._id = record_id(customer)
        self._record: dict[str, Any] = {}
        self.overview: dict[str, Any] | None = None
        self._saved = False  # a save of this view's is on its way or arrived
        # connections
        self.contact.saveRequested.connect(self._save)
        self.orders.actionRequested.connect(self.actionRequested)
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.merge_button.clicked.connect(self.mergeRequested)
        self.conflict.keepMineRequested.connect(self.keepMineRequested)
        self.conflict.takeTheirsRequested.connect(self.takeTheirsRequested)
        self.conflict.dismissRequested.connect(self.dismissRequested)
        # populate
        self.show_record(customer)
        self._count_sections()
        self.sections.setCurrentIndex(SECTION_CONTACT)  # there at once; the rest loads

    # --- what the coordinator calls ----------------------------------------------------

    @property
    def customer_id(self) -> uuid.UUID:
        return self._id

    @property
    def record(self) -> dict[str, Any]:
        return self._record

    def title(self) -> str:
        return str(self._record.get("name") or self.tr("Customer"))

    def show_record(self, record: dict[str, Any]) -> None:
        """The contact data as the cache has it now (with this desk's unsynced changes)."""
        self._record = record
        self.name.setText(self.title())
        badges = [self.tr("VIP")] if record.get("vip") else []
        if record.get("segment"):
            badges.append(segment_name(record["segment"]))
        self.badges.setText(" · ".join(badges))
        self.summary.setText(self._summary(record))
        self.contact.load(record)

    def begin_loading(self) -> None:
        self.busy.show()
        self.refresh_button.setEnabled(False)

    def show_overview(
        self, overview: dict[str, Any], actions: list[dict[str, Any]], waiting: set[uuid.UUID]
    ) -> None:
        """The server's overview; ``actions`` with this desk's own, ``waiting`` not yet synced."""
        self.overview = overview
        self._stop_loading()
        self.note.hide()
        self.show_actions(actions, waiting)
        self.invoices.show_invoices(
            overview.get("invoices") or [],
            int(overview.get("balance_cents") or 0),
            int(overview.get("overdue_cents") or 0),
        )
        self.timeline.show_timeline(overview.get("timeline") or [])
        self._show_balance(overview)
        self._count_sections()

    def show_actions(self, actions: list[dict[str, Any]], waiting: set[uuid.UUID]) -> None:
        if self.overview is not None:
            self.orders.show_orders(self.overview.get("orders") or [], actions, waiting)

    def show_unavailable(self, message: str) -> None:
        """The overview did not come: say why; what was shown before stays."""
        self._stop_loading()
        self.note.setText(message)
        self.note.show()

    def show_message(self, message: str) -> None:
        self.note.setText(message)
        self.note.show()

    def show_sync(
        self,
        *,
        waiting: bool,
        conflict: ConflictView | None,
        rejected: RejectedView | None,
    ) -> None:
        """Where this desk's changes to the customer stand."""
        self.conflict.show_outcome(
            conflict,
            rejected,
            changed_first=self.tr("the customer was changed by someone else first"),
        )
        # edits go on while earlier ones wait (the outbox sends them in order, each on the
        # version the one before produced); a conflict is settled first
        self.contact.set_editable(conflict is None)
        if waiting:
            self.contact.show_state(self.tr("Saved on this desk, waiting to sync"))
        elif conflict is not None or rejected is not None:
            self.contact.show_state(self.tr("Not synced: see above"))
        elif self._saved:
            self.contact.show_state(self.tr("Saved and synced"))

    def show_gone(self) -> None:
        """The customer left the cache (merged into another, or deleted)."""
        self.contact.set_editable(False)
        self.merge_button.setEnabled(False)
        self.show_message(
            self.tr("This customer no longer exists: merged into another record, or deleted.")
        )

    # --- inside ---------------------------------------------------------------------------

    def _save(self, changes: dict[str, Any]) -> None:
        self._saved = True
        self.saveRequested.emit(changes)

    def _stop_loading(self) -> None:
        self.busy.hide()
        self.refresh_button.setEnabled(True)

    def _show_balance(self, overview: dict[str, Any]) -> None:
        invoices = overview.get("invoices") or []
        currency = next((i.get("currency") for i in invoices if i.get("currency")), "")
        balance = int(overview.get("balance_cents") or 0)
        overdue = int(overview.get("overdue_cents") or 0)
        text = self.tr("Balance {amount}").format(amount=money(balance, currency))
        if overdue:
            text = f'<span style="color:#c62828"><b>{text}</b></span>'
        self.balance.setText(text if invoices else "")

    def _summary(self, record: dict[str, Any]) -> str:
        """The facts a rep reads to the caller, on one line: numbers, email, language, channel."""
        phones = known_phones(record)[:SUMMARY_PHONES]
        parts = [display_number(phone["number"]) for phone in phones]
        parts += [str(email) for email in (record.get("emails") or [])[:1]]
        if record.get("locale"):
            parts.append(language(record["locale"]))
        if record.get("preferred_channel"):
            parts.append(
                self.tr("prefers {channel}").format(
                    channel=channel_name(record["preferred_channel"]).lower()
                )
            )
        return " · ".join(parts)

    def _count_sections(self) -> None:
        overview = self.overview or {}
        counts = (
            (SECTION_ORDERS, self.tr("Orders"), overview.get("orders")),
            (SECTION_INVOICES, self.tr("Invoices"), overview.get("invoices")),
            (SECTION_HISTORY, self.tr("History"), overview.get("timeline")),
        )
        for index, label, rows in counts:
            shown = label if rows is None else f"{label} ({len(rows)})"
            self.sections.setTabText(index, shown)
