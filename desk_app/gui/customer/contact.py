"""A customer's contact data, edited in place: names, numbers, addresses, preferences.

Input is checked as the new-customer form checks it (the same
:func:`check_phone` in the desk's region, the same :func:`check_email`),
with the reason in words under the section and the cursor put on the first
wrong field; nothing is saved until all of it is right. What
:attr:`ContactEditor.saveRequested` carries is only what changed, in the
shape the server shows a customer, ready to be a ``customer.update`` op and
the local change shown meanwhile.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.enums import Channel, Segment
from desk_app.gui.customer.display import segment_name
from desk_app.gui.customer_form import MAX_PHONES, NAME_MAX, check_email, check_phone
from desk_app.gui.offer.display import channel_name, display_number, error_label, language

MAX_EMAILS = 10
MAX_ADDRESSES = 10
PHONE_LABELS = (
    ("mobile", QT_TRANSLATE_NOOP("ContactEditor", "Mobile")),
    ("home", QT_TRANSLATE_NOOP("ContactEditor", "Home")),
    ("work", QT_TRANSLATE_NOOP("ContactEditor", "Work")),
)
ADDRESS_KINDS = (
    ("shipping", QT_TRANSLATE_NOOP("ContactEditor", "Shipping")),
    ("billing", QT_TRANSLATE_NOOP("ContactEditor", "Billing")),
)
LOCALES = (
    "en_US", "en_GB", "en_CA", "en_AU", "fr_FR", "fr_CA", "de_DE", "es_ES", "es_MX",
    "it_IT", "nl_NL", "pt_BR", "pt_PT", "pl_PL", "sv_SE", "ja_JP", "zh_CN",
)  # fmt: skip
ADDRESS_FIELDS = ("kind", "line1", "line2", "city", "postal_code", "country")
POSTAL_WIDTH = 100
COUNTRY_WIDTH = 56


def _choice(combo: QComboBox, value: Any, shown: Callable[[Any], str]) -> None:
    """Select ``value`` in ``combo``, adding it first if it is not one of the choices."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(shown(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _remove_button(row: QWidget, what: str) -> QToolButton:
    button = QToolButton(row)
    button.setText("✕")
    button.setAccessibleName(what)
    button.setToolTip(what)
    return button


class _PhoneRow(QWidget):
    def __init__(self, number: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = QLineEdit(display_number(number), objectName="contactPhone")
        self.number.setAccessibleName(self.tr("Phone number"))
        self.label = QComboBox(objectName="contactPhoneLabel")
        self.label.setAccessibleName(self.tr("Kind of number"))
        for value, shown in PHONE_LABELS:
            self.label.addItem(self.tr(shown), value)
        _choice(self.label, label or "mobile", str)
        self.remove = _remove_button(self, self.tr("Remove this number"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.remove)


class _EmailRow(QWidget):
    def __init__(self, email: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.email = QLineEdit(email, objectName="contactEmail")
        self.email.setAccessibleName(self.tr("Email address"))
        self.remove = _remove_button(self, self.tr("Remove this address"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.email, 1)
        layout.addWidget(self.remove)


class _AddressRow(QWidget):
    def __init__(self, address: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(objectName="addressKind")
        self.kind.setAccessibleName(self.tr("Kind of address"))
        for value, shown in ADDRESS_KINDS:
            self.kind.addItem(self.tr(shown), value)
        _choice(self.kind, address.get("kind") or "shipping", str)
        self.line1 = QLineEdit(str(address.get("line1") or ""), objectName="addressLine1")
        self.line1.setPlaceholderText(self.tr("Street and number"))
        self.line2 = QLineEdit(str(address.get("line2") or ""), objectName="addressLine2")
        self.line2.setPlaceholderText(self.tr("Apartment, floor (optional)"))
        self.postal_code = QLineEdit(
            str(address.get("postal_code") or ""), objectName="addressPostal"
        )
        self.postal_code.setPlaceholderText(self.tr("Postal code"))
        self.city = QLineEdit(str(address.get("city") or ""), objectName="addressCity")
        self.city.setPlaceholderText(self.tr("City"))
        self.country = QLineEdit(str(address.get("country") or ""), objectName="addressCountry")
        self.country.setPlaceholderText(self.tr("US"))
        self.country.setMaxLength(2)
        self.remove = _remove_button(self, self.tr("Remove this address"))
        for edit, name in (
            (self.line1, self.tr("Street and number")),
            (self.line2, self.tr("Apartment or floor")),
            (self.postal_code, self.tr("Postal code")),
            (self.city, self.tr("City")),
            (self.country, self.tr("Country code")),
        ):
            edit.setAccessibleName(name)
        self.postal_code.setMaximumWidth(POSTAL_WIDTH)
        self.country.setMaximumWidth(COUNTRY_WIDTH)
        street = QHBoxLayout()
        street.addWidget(self.kind)
        street.addWidget(self.line1, 1)
        street.addWidget(self.remove)
        town = QHBoxLayout()
        town.addWidget(self.postal_code)
        town.addWidget(self.city, 1)
        town.addWidget(self.country)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.addLayout(street)
        layout.addWidget(self.line2)
        layout.addLayout(town)

    def value(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind.currentData()),
            "line1": self.line1.text().strip(),
            "line2": self.line2.text().strip() or None,
            "city": self.city.text().strip(),
            "postal_code": self.postal_code.text().strip(),
            "country": self.country.text().strip().upper(),
        }

    def edits(self) -> list[QLineEdit]:
        return [self.line1, self.line2, self.postal_code, self.city, self.country]


def known_phones(record: dict[str, Any]) -> list[dict[str, str]]:
    phones = []
    for phone in record.get("phones") or []:
        if isinstance(phone, dict):
            phones.append(
                {"number": str(phone.get("number")), "label": str(phone.get("label") or "mobile")}
            )
        else:
            phones.append({"number": str(phone), "label": "mobile"})
    return phones


def known_addresses(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {field: a.get(field) for field in ADDRESS_FIELDS} for a in record.get("addresses") or []
    ]


class ContactEditor(QWidget):
    """The contact fields of one customer; ``saveRequested(changes)`` when valid ones are saved.

    Invariants: ``saveRequested`` carries only checked input that differs from
    the record last loaded, and is never emitted with no change; a record
    arriving while the rep edits does not overwrite their edits.
    """

    saveRequested = Signal(dict)

    def __init__(self, *, region: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("ContactEditor")
        self._name = QLineEdit(objectName="contactName")
        self._name.setMaxLength(NAME_MAX)
        self._name.setAccessibleName(self.tr("Customer name"))
        self._name_error = error_label("contactNameError")
        self._phones = QVBoxLayout()
        self._add_phone = QPushButton(self.tr("Add a number"), objectName="addContactPhone")
        self._phone_error = error_label("contactPhoneError")
        self._emails = QVBoxLayout()
        self._add_email = QPushButton(self.tr("Add an email"), objectName="addContactEmail")
        self._email_error = error_label("contactEmailError")
        self._addresses = QVBoxLayout()
        self._add_address = QPushButton(self.tr("Add an address"), objectName="addContactAddress")
        self._address_error = error_label("contactAddressError")
        self._segment = QComboBox(objectName="contactSegment")
        for segment in Segment:
            self._segment.addItem(segment_name(segment), segment.value)
        self._vip = QCheckBox(self.tr("VIP"), objectName="contactVip")
        self._locale = QComboBox(objectName="contactLocale")
        for code in LOCALES:
            self._locale.addItem(language(code), code)
        self._channel = QComboBox(objectName="contactChannel")
        self._channel.addItem(self.tr("No preference"), None)
        for channel in Channel:
            self._channel.addItem(channel_name(channel), channel.value)
        self.save_button = QPushButton(self.tr("&Save changes"), objectName="contactSave")
        self.undo_button = QPushButton(self.tr("&Undo changes"), objectName="contactUndo")
        self.state_label = QLabel(objectName="contactState")
        self.state_label.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name"), self._name)
        form.addRow("", self._name_error)
        form.addRow(self.tr("Phones"), self._section(self._phones, self._add_phone))
        form.addRow("", self._phone_error)
        form.addRow(self.tr("Emails"), self._section(self._emails, self._add_email))
        form.addRow("", self._email_error)
        form.addRow(self.tr("Addresses"), self._section(self._addresses, self._add_address))
        form.addRow("", self._address_error)
        flags = QWidget()
        flags.setFocusProxy(self._segment)  # the label's mnemonic needs a widget to go to
        flags_layout = QHBoxLayout(flags)
        flags_layout.setContentsMargins(0, 0, 0, 0)
        flags_layout.addWidget(self._segment, 1)
        flags_layout.addWidget(self._vip)
        form.addRow(self.tr("Se&gment"), flags)
        form.addRow(self.tr("&Language"), self._locale)
        form.addRow(self.tr("Preferred &channel"), self._channel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow("", self.state_label)
        # models
        self._region = region
        self._record: dict[str, Any] = {}
        self._phone_rows: list[_PhoneRow] = []
        self._email_rows: list[_EmailRow] = []
        self._address_rows: list[_AddressRow] = []
        self._dirty = False
        self._loading = False
        # connections
        self._name.textEdited.connect(self._edited)
        self._add_phone.clicked.connect(lambda: self._focus(self._new_phone("", "mobile").number))
        self._add_email.clicked.connect(lambda: self._focus(self._new_email("").email))
        self._add_address.clicked.connect(lambda: self._focus(self._new_address({}).line1))
        for combo in (self._segment, self._locale, self._channel):
            combo.currentIndexChanged.connect(self._edited)
        self._vip.toggled.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self.undo)
        # populate
        self._set_dirty(False)

    @staticmethod
    def _section(rows: QVBoxLayout, add: QPushButton) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(rows)
        layout.addWidget(add)
        return box

    # --- what the view calls ------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def load(self, record: dict[str, Any]) -> None:
        """Show ``record``; while the rep has unsaved edits, keep them (Undo shows it)."""
        self._record = record
        if self._dirty:
            return
        self._loading = True
        self._name.setText(str(record.get("name") or ""))
        for rows in (self._phone_rows, self._email_rows, self._address_rows):
            for row in rows:
                row.setParent(None)  # gone now, not at the next turn of the event loop
                row.deleteLater()
            rows.clear()
        for phone in known_phones(record):
            self._new_phone(phone["number"], phone["label"])
        for email in record.get("emails") or []:
            self._new_email(str(email))
        for address in record.get("addresses") or []:
            self._new_address(address)
        _choice(self._segment, record.get("segment") or Segment.CONSUMER.value, segment_name)
        self._vip.setChecked(bool(record.get("vip")))
        _choice(self._locale, record.get("locale") or "en_US", language)
        _choice(self._channel, record.get("preferred_channel"), channel_name)
        for label in (self._name_error, self._phone_error, self._email_error, self._address_error):
            self._show_error(label, None)
        self._loading = False
        self._set_dirty(False)

    def undo(self) -> None:
        self._set_dirty(False)
        self.load(self._record)

    def set_editable(self, editable: bool) -> None:
        for kind in (QLineEdit, QComboBox, QCheckBox, QToolButton, QPushButton):
            for widget in self.findChildren(kind):
                widget.setEnabled(editable)
        if editable:
            self._set_dirty(self._dirty)

    def show_state(self, text: str) -> None:
        self.state_label.setText(text)

    def phone_edits(self) -> list[QLineEdit]:
        return [row.number for row in self._phone_rows]

    def email_edits(self) -> list[QLineEdit]:
        return [row.email for row in self._email_rows]

    # --- rows ------------------------------------------------------------------------

    def _new_phone(self, number: str, label: str) -> _PhoneRow:
        row = _PhoneRow(number, label)
        row.number.textEdited.connect(self._edited)
        row.label.currentIndexChanged.connect(self._edited)
        row.remove.clicked.connect(lambda: self._drop(self._phone_rows, row))
        return self._add_row(self._phones, self._phone_rows, row, self._add_phone, MAX_PHONES)

    def _new_email(self, email: str) -> _EmailRow:
        row = _EmailRow(email)
        row.email.textEdited.connect(self._edited)
        row.remove.clicked.connect(lambda: self._drop(self._email_rows, row))
        return self._add_row(self._emails, self._email_rows, row, self._add_email, MAX_EMAILS)

    def _new_address(self, address: dict[str, Any]) -> _AddressRow:
        row = _AddressRow(address)
        for edit in row.edits():
            edit.textEdited.connect(self._edited)
        row.kind.currentIndexChanged.connect(self._edited)
        row.remove.clicked.connect(lambda: self._drop(self._address_rows, row))
        return self._add_row(
            self._addresses, self._address_rows, row, self._add_address, MAX_ADDRESSES
        )

    def _add_row(
        self, layout: QVBoxLayout, rows: list[Any], row: Any, add: QPushButton, most: int
    ) -> Any:
        layout.addWidget(row)
        rows.append(row)
        add.setEnabled(len(rows) < most)
        self._edited()
        return row

    def _drop(self, rows: list[Any], row: QWidget) -> None:
        rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        for add, kept, most in (
            (self._add_phone, self._phone_rows, MAX_PHONES),
            (self._add_email, self._email_rows, MAX_EMAILS),
            (self._add_address, self._address_rows, MAX_ADDRESSES),
        ):
            add.setEnabled(len(kept) < most)
        self._edited()

    def _focus(self, edit: QLineEdit) -> None:
        edit.setFocus()

    def _edited(self) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.undo_button.setEnabled(dirty)

    # --- checking and saving ------------------------------------------------------------

    def _show_error(self, label: QLabel, message: str | None) -> None:
        label.setText(message or "")
        label.setVisible(bool(message))

    def changes(self) -> dict[str, Any] | None:
        """What differs from the record, if all input is valid; else ``None``, reasons shown."""
        first_bad: QLineEdit | None = None
        name = self._name.text().strip()
        name_problem = None if name else self.tr("A name is needed")
        if name_problem:
            first_bad = self._name
        phones: list[dict[str, str]] = []
        phone_problems = []
        for row in self._phone_rows:
            if not row.number.text().strip():
                continue
            number, problem = check_phone(row.number.text(), self._region)
            if problem:
                phone_problems.append(problem)
                first_bad = first_bad or row.number
            elif number is not None and all(p["number"] != number for p in phones):
                phones.append({"number": number, "label": str(row.label.currentData())})
        emails: list[str] = []
        email_problems = []
        for email_row in self._email_rows:
            if not email_row.email.text().strip():
                continue
            email, problem = check_email(email_row.email.text())
            if problem:
                email_problems.append(problem)
                first_bad = first_bad or email_row.email
            elif email is not None and email not in emails:
                emails.append(email)
        addresses, address_problems, bad_address = self._checked_addresses()
        first_bad = first_bad or bad_address
        self._show_error(self._name_error, name_problem)
        self._show_error(self._phone_error, "\n".join(phone_problems) or None)
        self._show_error(self._email_error, "\n".join(email_problems) or None)
        self._show_error(self._address_error, "\n".join(address_problems) or None)
        if first_bad is not None:
            first_bad.setFocus()
            return None
        wanted = {
            "name": name,
            "phones": phones,
            "emails": emails,
            "addresses": addresses,
            "segment": self._segment.currentData(),
            "vip": self._vip.isChecked(),
            "locale": self._locale.currentData(),
            "preferred_channel": self._channel.currentData(),
        }
        known = {
            **{field: self._record.get(field) for field in wanted},
            "phones": known_phones(self._record),
            "emails": [str(e) for e in self._record.get("emails") or []],
            "addresses": known_addresses(self._record),
        }
        return {field: value for field, value in wanted.items() if value != known[field]}

    def _checked_addresses(self) -> tuple[list[dict[str, Any]], list[str], QLineEdit | None]:
        addresses: list[dict[str, Any]] = []
        problems: list[str] = []
        first_bad: QLineEdit | None = None
        for number, row in enumerate(self._address_rows, start=1):
            value = row.value()
            if not any(value[field] for field in ADDRESS_FIELDS if field != "kind"):
                continue  # an empty row is no address
            missing = [
                edit
                for edit, field in (
                    (row.line1, "line1"),
                    (row.postal_code, "postal_code"),
                    (row.city, "city"),
                )
                if not value[field]
            ]
            if missing:
                problems.append(
                    self.tr("Address {n}: the street, postal code and city are needed").format(
                        n=number
                    )
                )
                first_bad = first_bad or missing[0]
                continue
            country = value["country"]
            if (
                len(country) != 2
                or QLocale.codeToTerritory(country) == QLocale.Country.AnyTerritory
            ):
                problems.append(
                    self.tr(
                        "Address {n}: “{code}” is not a country code (two letters, such as US)"
                    ).format(n=number, code=country)
                )
                first_bad = first_bad or row.country
                continue
            addresses.append(value)
        return addresses, problems, first_bad

    def save(self) -> None:
        """Check the input; emit what changed, or say there is nothing to save."""
        changes = self.changes()
        if changes is None:
            return
        if not changes:
            self._set_dirty(False)
            self.show_state(self.tr("Nothing changed"))
            return
        self._set_dirty(False)
        self.saveRequested.emit(changes)
