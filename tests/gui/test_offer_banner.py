"""The ringing banner: who is calling, the newest of several offers, answers by keyboard."""

import uuid
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desk_app.gui.offer.banner import OfferBanner
from tests.gui.offer_records import NOW, Clock, at, customer, interaction

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def window(qtbot: QtBot, clock: Clock) -> QWidget:
    """An active window with the banner and a text field that has the focus."""
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(OfferBanner(window, clock=clock))
    field = QLineEdit(window, objectName="elsewhere")
    layout.addWidget(field)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    return window


def _banner(window: QWidget) -> OfferBanner:
    return window.findChild(OfferBanner)


def _text(banner: OfferBanner, name: str) -> str:
    return banner.findChild(QLabel, name).text()


def _button(banner: OfferBanner, name: str) -> QPushButton:
    return banner.findChild(QPushButton, name)


def test_a_call_offer_shows_the_caller_and_counts_down(
    qtbot: QtBot, window: QWidget, clock: Clock
) -> None:
    banner = _banner(window)
    call = interaction(subject="Parcel not delivered")
    banner.show_offer(call, customer())
    assert banner.isVisible()
    assert banner.current() == uuid.UUID(call["id"])
    assert _text(banner, "OfferChannel") == "Call"
    assert _text(banner, "OfferCaller") == "Ada King · +1 202-555-0143"
    assert _text(banner, "OfferSubject") == "Parcel not delivered"
    assert _text(banner, "OfferCountdown") == "20 s left"
    assert "Ada King" in banner.accessibleDescription()

    clock.now = NOW + timedelta(seconds=15)
    qtbot.waitUntil(lambda: _text(banner, "OfferCountdown") == "5 s left")


def test_an_unknown_caller_is_named_as_such(window: QWidget) -> None:
    banner = _banner(window)
    banner.show_offer(interaction(from_address="+442079460958"), None)
    assert _text(banner, "OfferCaller") == "Unknown caller · +44 20 7946 0958"


def test_withdrawing_the_offer_hides_the_banner_and_others_do_not(window: QWidget) -> None:
    banner = _banner(window)
    call = interaction()
    banner.show_offer(call, None)
    banner.withdraw(uuid.uuid4())
    assert banner.isVisible()
    banner.withdraw(uuid.UUID(call["id"]))
    assert not banner.isVisible()
    assert banner.current() is None


def test_several_offers_show_the_newest_and_keep_the_rest(window: QWidget) -> None:
    banner = _banner(window)
    call = interaction(offer_expires_at=at(20))
    chat = interaction("chat", subject="Where is my order?")
    banner.show_offer(call, customer())
    banner.show_offer(chat, None)
    assert banner.current() == uuid.UUID(chat["id"])
    assert _text(banner, "OfferChannel") == "Chat"
    assert _text(banner, "OfferCaller") == "Unknown sender · ada@example.com"
    assert _text(banner, "OfferMore") == "+1 more waiting"

    banner.show_offer({**call, "subject": "Refund"}, customer())  # a refresh keeps its place
    assert banner.offer_ids() == [uuid.UUID(call["id"]), uuid.UUID(chat["id"])]

    banner.withdraw(uuid.UUID(chat["id"]))
    assert banner.current() == uuid.UUID(call["id"])
    assert _text(banner, "OfferSubject") == "Refund"
    assert not banner.findChild(QLabel, "OfferMore").isVisible()


def test_the_shortcuts_answer_the_shown_offer_from_anywhere_in_the_window(
    qtbot: QtBot, window: QWidget
) -> None:
    banner = _banner(window)
    call, chat = interaction(), interaction("chat")
    banner.show_offer(call, None)
    banner.show_offer(chat, None)
    elsewhere = window.findChild(QLineEdit, "elsewhere")
    with qtbot.waitSignal(banner.acceptRequested) as accepted:
        qtbot.keyClick(elsewhere, Qt.Key.Key_A, CTRL_SHIFT)
    assert accepted.args == [uuid.UUID(chat["id"])]
    assert not _button(banner, "OfferAccept").isEnabled()

    banner.withdraw(uuid.UUID(chat["id"]))
    with qtbot.waitSignal(banner.declineRequested) as declined:
        qtbot.keyClick(elsewhere, Qt.Key.Key_D, CTRL_SHIFT)
    assert declined.args == [uuid.UUID(call["id"])]


def test_an_offer_is_answered_once_until_the_answer_fails(qtbot: QtBot, window: QWidget) -> None:
    banner = _banner(window)
    call = interaction()
    call_id = uuid.UUID(call["id"])
    banner.show_offer(call, None)
    answers: list[uuid.UUID] = []
    banner.acceptRequested.connect(answers.append)
    _button(banner, "OfferAccept").click()
    qtbot.keyClick(window.findChild(QLineEdit, "elsewhere"), Qt.Key.Key_A, CTRL_SHIFT)
    assert answers == [call_id]
    assert _text(banner, "OfferStatus") == "Answering…"

    banner.show_error(call_id, "The offer has expired")
    assert _text(banner, "OfferStatus") == "The offer has expired"
    assert _button(banner, "OfferAccept").isEnabled()
    _button(banner, "OfferAccept").click()
    assert answers == [call_id, call_id]


def test_the_buttons_have_mnemonics_and_accessible_names(qtbot: QtBot, window: QWidget) -> None:
    banner = _banner(window)
    call = interaction()
    banner.show_offer(call, None)
    assert _button(banner, "OfferAccept").accessibleName() == "Accept offer"
    assert _button(banner, "OfferDecline").accessibleName() == "Decline offer"
    with qtbot.waitSignal(banner.declineRequested) as declined:
        qtbot.keyClick(window.findChild(QLineEdit, "elsewhere"), Qt.Key.Key_D, Qt.AltModifier)
    assert declined.args == [uuid.UUID(call["id"])]


def test_the_shortcuts_do_nothing_without_an_offer(qtbot: QtBot, window: QWidget) -> None:
    banner = _banner(window)
    answers: list[uuid.UUID] = []
    banner.acceptRequested.connect(answers.append)
    qtbot.keyClick(window.findChild(QLineEdit, "elsewhere"), Qt.Key.Key_A, CTRL_SHIFT)
    assert answers == []
