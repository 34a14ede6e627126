"""The "new customer" form: an unknown caller's record, started with the number that rang.

Input is checked here, as it is typed in, with the reason in words (a phone
number too short for its country, an email without a domain) so the rep can
fix it while the caller is still on the line; the server checks again. The
record's id is minted when the form is started, not when it is sent, so
sending the same form twice is one customer, not two.
"""

import uuid
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.ids import new_id
from desk_app.gui.offer.display import country_name, error_label, region_of_system

MAX_PHONES = 10  # as many as the server takes
NAME_MAX = 200
PHONE_LABELS = ("mobile", "home", "work")
_CONTEXT = "CustomerForm"
_NOT_A_NUMBER = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” is not a phone number")
_NO_COUNTRY = QT_TRANSLATE_NOOP(
    _CONTEXT, "“{text}” has no country code: start with + and the country code"
)
_TOO_SHORT = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” is too short")
_TOO_LONG = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” is too long")
_UNKNOWN_COUNTRY = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” has an unknown country code")
_SHORT_FOR = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” is too short for {country}")
_LONG_FOR = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” is too long for {country}")
_WRONG_LENGTH = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” has the wrong number of digits for {country}")
_LOCAL_ONLY = QT_TRANSLATE_NOOP(
    _CONTEXT, "“{text}” is too short for {country}: is the area code missing?"
)
_NOT_IN_USE = QT_TRANSLATE_NOOP(_CONTEXT, "“{text}” is not a number in use in {country}")

_PARSE_PROBLEMS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: _NO_COUNTRY,
    phonenumbers.NumberParseException.NOT_A_NUMBER: _NOT_A_NUMBER,
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: _TOO_SHORT,
    phonenumbers.NumberParseException.TOO_SHORT_NSN: _TOO_SHORT,
    phonenumbers.NumberParseException.TOO_LONG: _TOO_LONG,
}
_LENGTH_PROBLEMS = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: _UNKNOWN_COUNTRY,
    phonenumbers.ValidationResult.TOO_SHORT: _SHORT_FOR,
    phonenumbers.ValidationResult.TOO_LONG: _LONG_FOR,
    phonenumbers.ValidationResult.INVALID_LENGTH: _WRONG_LENGTH,
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: _LOCAL_ONLY,
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def check_phone(text: str, region: str) -> tuple[str | None, str | None]:
    """``(E.164, None)`` for a number in use, or ``(None, why not)`` in words."""
    raw = text.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException as exc:
        template = _PARSE_PROBLEMS.get(exc.error_type, _NOT_A_NUMBER)
        return None, _tr(template).format(text=text.strip())
    country = country_name(phonenumbers.region_code_for_country_code(number.country_code or 0))
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _LENGTH_PROBLEMS:
        return None, _tr(_LENGTH_PROBLEMS[reason]).format(text=text.strip(), country=country)
    if not phonenumbers.is_valid_number(number):
        return None, _tr(_NOT_IN_USE).format(text=text.strip(), country=country)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def check_email(text: str) -> tuple[str | None, str | None]:
    """``(normalised address, None)``, or ``(None, why not)`` in the validator's words."""
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized, None
    except EmailNotValidError as exc:
        return None, str(exc)


class _PhoneRow(QWidget):
    """One number and its label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = QLineEdit(objectName="phoneNumber")
        self.number.setAccessibleName(self.tr("Phone number"))
        self.label = QComboBox(objectName="phoneLabel")
        self.label.setAccessibleName(self.tr("Kind of number"))
        for value, shown in zip(
            PHONE_LABELS, (self.tr("Mobile"), self.tr("Home"), self.tr("Work")), strict=True
        ):
            self.label.addItem(shown, value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.label)


class CustomerForm(QWidget):
    """Name, phones and email of a new customer; ``submitted`` carries a CustomerCreate body.

    Invariant: ``submitted`` is only emitted for input that passed every check.
    """

    submitted = Signal(dict)

    def __init__(self, parent: QWidget | None = None, *, region: str | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("CustomerForm")
        self._name = QLineEdit(objectName="customerName")
        self._name.setMaxLength(NAME_MAX)
        self._name.setAccessibleName(self.tr("Customer name"))
        self._name_error = error_label("nameError")
        self._phones = QWidget(objectName="customerPhones")
        self._phones_box = QVBoxLayout(self._phones)
        self._phones_box.setContentsMargins(0, 0, 0, 0)
        self._add_phone = QPushButton(self.tr("Add another number"), objectName="addPhone")
        self._phone_error = error_label("phoneError")
        self._email = QLineEdit(objectName="customerEmail")
        self._email.setAccessibleName(self.tr("Email address"))
        self._email_error = error_label("emailError")
        self._submit = QPushButton(self.tr("&Save new customer"), objectName="createCustomer")
        form = QFormLayout(self)
        form.addRow(self.tr("&Name"), self._name)
        form.addRow("", self._name_error)
        form.addRow(self.tr("&Phone"), self._phones)  # its focus goes to the first number
        form.addRow("", self._add_phone)
        form.addRow("", self._phone_error)
        form.addRow(self.tr("&Email"), self._email)
        form.addRow("", self._email_error)
        form.addRow("", self._submit)
        # models
        self._region = region or region_of_system()
        self._id: uuid.UUID = new_id()
        self._rows: list[_PhoneRow] = []
        self._first_bad_phone: QLineEdit | None = None
        # connections
        self._add_phone.clicked.connect(self._add_row)
        self._submit.clicked.connect(self.submit)
        self._name.returnPressed.connect(self.submit)
        self._email.returnPressed.connect(self.submit)
        # populate
        self.start("")

    def _add_row(self) -> _PhoneRow:
        row = _PhoneRow(self)
        row.number.returnPressed.connect(self.submit)
        self._phones_box.addWidget(row)
        self._rows.append(row)
        self._add_phone.setEnabled(len(self._rows) < MAX_PHONES)
        return row

    def start(self, number: str, region: str | None = None) -> None:
        """Begin a new customer (a fresh id) with ``number`` as the first phone."""
        if region:
            self._region = region
        self._id = new_id()
        for row in self._rows:
            row.setParent(None)  # gone at once, not at the next event-loop turn
            row.deleteLater()
        self._rows = []
        first = self._add_row()
        first.number.setText(number)
        self._phones.setFocusProxy(first.number)
        self._name.clear()
        self._email.clear()
        for label in (self._name_error, self._phone_error, self._email_error):
            self._show_error(label, None)

    def _show_error(self, label: QLabel, message: str | None) -> None:
        label.setText(message or "")
        label.setVisible(bool(message))

    def payload(self) -> dict[str, Any] | None:
        """The CustomerCreate body if the input is valid; else ``None``, with the reasons shown."""
        name = self._name.text().strip()
        name_problem = None if name else self.tr("A name is needed")
        phones: list[dict[str, str]] = []
        phone_problems: list[str] = []
        self._first_bad_phone = None
        for row in self._rows:
            if not row.number.text().strip():
                continue
            number, problem = check_phone(row.number.text(), self._region)
            if problem:
                phone_problems.append(problem)
                self._first_bad_phone = self._first_bad_phone or row.number
            elif number is not None and all(p["number"] != number for p in phones):
                phones.append({"number": number, "label": str(row.label.currentData())})
        emails: list[str] = []
        email_problem = None
        if self._email.text().strip():
            email, email_problem = check_email(self._email.text())
            emails = [email] if email else []
        self._show_error(self._name_error, name_problem)
        self._show_error(self._phone_error, "\n".join(phone_problems) or None)
        self._show_error(self._email_error, email_problem)
        self._name.setAccessibleDescription(name_problem or "")
        self._email.setAccessibleDescription(email_problem or "")
        if name_problem or phone_problems or email_problem:
            return None
        return {"id": str(self._id), "name": name, "phones": phones, "emails": emails}

    def submit(self) -> None:
        """Check the input; send it if valid, else put the cursor where the first problem is."""
        body = self.payload()
        if body is not None:
            self.submitted.emit(body)
            return
        if self._name_error.isVisibleTo(self):
            self._name.setFocus()
        elif self._first_bad_phone is not None:
            self._first_bad_phone.setFocus()
        else:
            self._email.setFocus()
