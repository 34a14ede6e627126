"""The screen pop: who is calling, on screen as the phone rings.

A known caller's record (name, VIP and segment, numbers to dial back, emails,
address, language); an unknown caller gets the new-customer form, started
with the number that rang. Nothing here reaches the network: the main window
looks the caller up (local store first) and asks for a dial or a new
customer through the signals.
"""

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.enums import Segment
from desk_app.gui.customer_form import CustomerForm
from desk_app.gui.offer.display import TEL, country_name, display_number, language, phone_links


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _address(address: dict[str, Any]) -> str:
    parts = [address.get("line1"), address.get("line2")]
    parts.append(" ".join(p for p in (address.get("postal_code"), address.get("city")) if p))
    parts.append(country_name(address.get("country")))
    return ", ".join(part for part in parts if part)


class ScreenPop(QWidget):
    """A caller's record, or the form to make one; blank between calls.

    Emits ``dialRequested(e164)`` for a clicked number,
    ``createCustomerRequested(CustomerCreate body)`` when the form is sent and
    ``openCustomerRequested(customer record)`` for the caller's 360° view.
    """

    dialRequested = Signal(str)
    createCustomerRequested = Signal(dict)
    openCustomerRequested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("ScreenPop")
        self._pages = QStackedWidget()
        self._blank = QWidget()
        self._card = QWidget(objectName="CustomerCard")
        self._name = QLabel(objectName="popName")
        self._name.setWordWrap(True)
        name_font = QFont(self._name.font())
        name_font.setBold(True)
        name_font.setPointSizeF(name_font.pointSizeF() * 1.25)
        self._name.setFont(name_font)
        self._segment = QLabel(objectName="popSegment")
        self._phones = QLabel(objectName="popPhones")
        self._phones.setTextFormat(Qt.TextFormat.RichText)
        self._phones.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._phones.setOpenExternalLinks(False)
        self._phones.setAccessibleName(self.tr("Phone numbers, activate one to dial it"))
        self._emails = _plain("")
        self._emails.setObjectName("popEmails")
        self._address = _plain("")
        self._address.setObjectName("popAddress")
        self._language = QLabel(objectName="popLanguage")
        self._language.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open customer view"), objectName="popOpenCustomer")
        self._details = QFormLayout()
        # A narrow side panel: each value under its label, so a long address or email
        # wraps in the full width instead of being cut off beside its label.
        self._details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self._details.addRow(self.tr("Phone"), self._phones)
        self._details.addRow(self.tr("Email"), self._emails)
        self._details.addRow(self.tr("Address"), self._address)
        self._details.addRow(self.tr("Language"), self._language)
        card = QVBoxLayout(self._card)
        card.addWidget(self._name)
        card.addWidget(self._segment)
        card.addLayout(self._details)
        card.addWidget(self.open_button)
        card.addStretch(1)
        self._new = QWidget(objectName="NewCustomer")
        self._new_heading = QLabel(objectName="newCustomerHeading")
        self._new_heading.setWordWrap(True)
        self.form = CustomerForm()
        new = QVBoxLayout(self._new)
        new.addWidget(self._new_heading)
        new.addWidget(self.form)
        new.addStretch(1)
        for page in (self._blank, self._card, self._new):
            self._pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        # models
        self._customer: dict[str, Any] = {}
        # connections
        self._phones.linkActivated.connect(self._on_link)
        self.open_button.clicked.connect(lambda: self.openCustomerRequested.emit(self._customer))
        self.form.submitted.connect(self.createCustomerRequested)
        # populate
        self.clear()

    def show_customer(self, customer: dict[str, Any]) -> None:
        """Show a known customer's record."""
        self._customer = customer
        self._name.setText(str(customer.get("name") or ""))
        badges = [self.tr("VIP")] if customer.get("vip") else []
        segment = customer.get("segment")
        if segment:
            badges.append(self._segment_name(str(segment)))
        self._segment.setText(" · ".join(badges))
        self._segment.setVisible(bool(badges))
        phones = customer.get("phones") or []
        emails = [str(email) for email in customer.get("emails") or []]
        addresses = customer.get("addresses") or []
        self._phones.setText(phone_links(phones))
        self._emails.setText("\n".join(emails))
        self._address.setText("\n".join(_address(a) for a in addresses))
        self._language.setText(language(customer.get("locale")))
        for label, shown in (
            (self._phones, phones),
            (self._emails, emails),
            (self._address, addresses),
            (self._language, customer.get("locale")),
        ):
            self._details.setRowVisible(label, bool(shown))
        self.setAccessibleDescription(
            self.tr("Caller: {name}").format(name=customer.get("name") or "")
        )
        self._pages.setCurrentWidget(self._card)

    def show_unknown(self, number: str, region: str) -> None:
        """No customer has this number: offer the new-customer form, started with it."""
        self._new_heading.setText(
            self.tr("New customer: no record has {number}").format(number=display_number(number))
        )
        self.form.start(display_number(number), region)
        self.setAccessibleDescription(self.tr("Unknown caller"))
        self._pages.setCurrentWidget(self._new)

    def clear(self) -> None:
        """Nothing to show (no call, or the call was withdrawn)."""
        self.setAccessibleDescription("")
        self._pages.setCurrentWidget(self._blank)

    def showing(self) -> str:
        """Which page is up: ``"customer"``, ``"unknown"`` or ``"nothing"``."""
        current = self._pages.currentWidget()
        if current is self._card:
            return "customer"
        return "unknown" if current is self._new else "nothing"

    def _segment_name(self, segment: str) -> str:
        names = {
            Segment.CONSUMER: self.tr("Consumer"),
            Segment.SMALL_BUSINESS: self.tr("Small business"),
            Segment.ENTERPRISE: self.tr("Enterprise"),
        }
        try:
            return names[Segment(segment)]
        except ValueError:
            return segment

    def _on_link(self, link: str) -> None:
        if link.startswith(TEL):
            self.dialRequested.emit(link.removeprefix(TEL))
