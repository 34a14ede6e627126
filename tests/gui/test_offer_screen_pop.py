"""The screen pop: a known caller's record, click to dial, the new-customer form for strangers."""

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from desk_app.gui.customer_form import CustomerForm
from desk_app.gui.offer.screen_pop import ScreenPop
from desk_app.server.customers.schemas import CustomerCreate
from tests.gui.offer_records import customer


@pytest.fixture
def pop(qtbot: QtBot) -> ScreenPop:
    widget = ScreenPop()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def form(qtbot: QtBot) -> CustomerForm:
    widget = CustomerForm(region="US")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _label(widget: ScreenPop | CustomerForm, name: str) -> QLabel:
    return widget.findChild(QLabel, name)


def _fill(form: CustomerForm, name: str, phone: str, email: str = "") -> None:
    form.findChild(QLineEdit, "customerName").setText(name)
    form.findChild(QLineEdit, "phoneNumber").setText(phone)
    form.findChild(QLineEdit, "customerEmail").setText(email)


def test_a_known_caller_shows_the_whole_record(pop: ScreenPop) -> None:
    pop.show_customer(customer())
    assert pop.showing() == "customer"
    assert _label(pop, "popName").text() == "Ada King"
    assert _label(pop, "popSegment").text() == "VIP · Small business"
    phones = _label(pop, "popPhones").text()
    assert '<a href="tel:+12025550143">+1 202-555-0143</a> <i>mobile</i>' in phones
    assert '<a href="tel:+442079460958">+44 20 7946 0958</a> <i>work</i>' in phones
    assert _label(pop, "popEmails").text() == "ada@example.com"
    assert _label(pop, "popAddress").text() == "12 Rue Sainte-Catherine, H2X 1K4 Montréal, Canada"
    assert _label(pop, "popLanguage").text() == "French (Canada)"


def test_a_long_address_in_a_narrow_screen_pop_is_shown_whole(qtbot: QtBot, pop: ScreenPop) -> None:
    long_email = "margaret.okafor@okafor-design.com"
    pop.show_customer(customer(emails=[long_email]))
    pop.resize(220, 500)  # the side panel at its narrowest, beside a call's tab
    address = _label(pop, "popAddress")
    qtbot.waitUntil(lambda: address.width() <= pop.width())
    assert address.height() >= address.heightForWidth(address.width())
    assert address.geometry().right() < pop.width()


def test_empty_parts_of_a_record_are_left_out(pop: ScreenPop) -> None:
    pop.show_customer(customer(vip=False, segment=None, emails=[], addresses=[]))
    assert not _label(pop, "popSegment").isVisible()
    assert not _label(pop, "popEmails").isVisible()
    assert not _label(pop, "popAddress").isVisible()
    assert _label(pop, "popPhones").isVisible()


def test_a_number_is_dialled_from_the_keyboard(qtbot: QtBot, pop: ScreenPop) -> None:
    pop.show_customer(customer(phones=[{"number": "+442079460958", "label": "work"}]))
    phones = _label(pop, "popPhones")
    phones.setFocus()
    qtbot.keyClick(phones, Qt.Key.Key_Tab)  # to the first link
    with qtbot.waitSignal(pop.dialRequested) as dialled:
        qtbot.keyClick(phones, Qt.Key.Key_Return)
    assert dialled.args == ["+442079460958"]


def test_an_unknown_caller_gets_the_form_started_with_the_number(pop: ScreenPop) -> None:
    pop.show_unknown("+12025550143", "US")
    assert pop.showing() == "unknown"
    assert "+1 202-555-0143" in _label(pop, "newCustomerHeading").text()
    assert pop.findChild(QLineEdit, "phoneNumber").text() == "+1 202-555-0143"
    pop.clear()
    assert pop.showing() == "nothing"


def test_sending_the_form_asks_for_the_new_customer(qtbot: QtBot, pop: ScreenPop) -> None:
    pop.show_unknown("(202) 555-0143", "US")
    pop.findChild(QLineEdit, "customerName").setText("Grace Hopper")
    with qtbot.waitSignal(pop.createCustomerRequested) as asked:
        pop.findChild(QPushButton, "createCustomer").click()
    assert asked.args[0]["phones"] == [{"number": "+12025550143", "label": "mobile"}]


def test_a_valid_form_sends_a_customer_create_body_with_its_own_id(
    qtbot: QtBot, form: CustomerForm
) -> None:
    form.start("020 7946 0958", "GB")
    _fill(form, " Grace Hopper ", "020 7946 0958", "Grace@Example.com")
    form.findChild(QComboBox, "phoneLabel").setCurrentIndex(2)
    with qtbot.waitSignal(form.submitted) as sent:
        form.findChild(QPushButton, "createCustomer").click()
    body = sent.args[0]
    assert body["name"] == "Grace Hopper"
    assert body["phones"] == [{"number": "+442079460958", "label": "work"}]
    assert body["emails"] == ["Grace@example.com"]
    assert uuid.UUID(body["id"]).version == 7
    CustomerCreate.model_validate(body)  # the server takes it as it is

    with qtbot.waitSignal(form.submitted) as again:
        form.submit()
    assert again.args[0]["id"] == body["id"]  # the same customer, not a second one
    form.start("+12025550143")
    _fill(form, "Grace Hopper", "+12025550143")
    with qtbot.waitSignal(form.submitted) as other:
        form.submit()
    assert other.args[0]["id"] != body["id"]


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("(555) 010-2030", "“(555) 010-2030” is not a number in use in United States"),
        ("+44 20 7946", "“+44 20 7946” is too short for United Kingdom: is the area code missing?"),
        ("+1 202 555 0143 99", "“+1 202 555 0143 99” is too long for United States"),
        ("202 555 01", "“202 555 01” is too short for United States"),
        ("+999 1234", "“+999 1234” has no country code: start with + and the country code"),
        ("call me", "“call me” is not a phone number"),
    ],
)
def test_a_bad_phone_number_says_why(form: CustomerForm, phone: str, reason: str) -> None:
    _fill(form, "Grace Hopper", phone)
    sent: list[dict[str, object]] = []
    form.submitted.connect(sent.append)
    form.submit()
    assert sent == []
    assert _label(form, "phoneError").text() == reason
    assert _label(form, "phoneError").isVisible()
    assert form.findChild(QLineEdit, "phoneNumber").hasFocus()


def test_a_missing_name_and_a_bad_email_say_why(form: CustomerForm) -> None:
    _fill(form, "  ", "+12025550143", "grace@")
    sent: list[dict[str, object]] = []
    form.submitted.connect(sent.append)
    form.submit()
    assert sent == []
    assert _label(form, "nameError").text() == "A name is needed"
    assert _label(form, "emailError").text() == "There must be something after the @-sign."
    assert not _label(form, "phoneError").isVisible()
    assert form.findChild(QLineEdit, "customerEmail").accessibleDescription() == (
        "There must be something after the @-sign."
    )


def test_more_numbers_can_be_added_and_repeats_are_kept_once(
    qtbot: QtBot, form: CustomerForm
) -> None:
    form.start("+12025550143")
    form.findChild(QLineEdit, "customerName").setText("Grace Hopper")
    form.findChild(QPushButton, "addPhone").click()
    form.findChild(QPushButton, "addPhone").click()
    numbers = form.findChildren(QLineEdit, "phoneNumber")
    numbers[1].setText("+44 20 7946 0958")
    numbers[2].setText("(202) 555-0143")
    with qtbot.waitSignal(form.submitted) as sent:
        form.submit()
    assert [phone["number"] for phone in sent.args[0]["phones"]] == [
        "+12025550143",
        "+442079460958",
    ]
