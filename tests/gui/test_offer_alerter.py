"""The offer alert: tray or taskbar alert and a repeating beep, only when the window is behind."""

import pytest
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from desk_app.gui.offer.alerter import OfferAlerter

FAST_MS = 10


class Beeper:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


class Tray(QSystemTrayIcon):
    """A tray icon that remembers its notifications instead of showing them."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title: str, text: str, *_args: object) -> None:  # noqa: N802
        self.messages.append((title, text))


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def alerts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[QWidget, int]]:
    raised: list[tuple[QWidget, int]] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, ms=0: raised.append((widget, ms)))
    return raised


def test_offscreen_has_no_tray_so_the_taskbar_alert_is_used(
    window: QWidget, alerts: list[tuple[QWidget, int]]
) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    beeper = Beeper()
    alerter = OfferAlerter(window, is_active=lambda: False, beep=beeper, repeat_ms=FAST_MS)
    alerter.start("Incoming call", "Ada King")
    assert alerts == [(window, 0)]
    assert beeper.count == 1
    assert alerter.is_ringing()


def test_the_beep_repeats_until_stopped(
    qtbot: QtBot, window: QWidget, alerts: list[tuple[QWidget, int]]
) -> None:
    beeper = Beeper()
    alerter = OfferAlerter(window, is_active=lambda: False, beep=beeper, repeat_ms=FAST_MS)
    alerter.start("Incoming call", "Ada King")
    alerter.start("Incoming chat", "Bob")  # a second offer: alerted, but one beep cadence
    assert len(alerts) == 2
    assert beeper.count == 1
    qtbot.waitUntil(lambda: beeper.count >= 3)

    alerter.stop()
    assert not alerter.is_ringing()
    stopped_at = beeper.count
    qtbot.wait(5 * FAST_MS)
    assert beeper.count == stopped_at


def test_nothing_rings_while_the_window_is_in_front(
    window: QWidget, alerts: list[tuple[QWidget, int]]
) -> None:
    beeper = Beeper()
    alerter = OfferAlerter(window, is_active=lambda: True, beep=beeper, repeat_ms=FAST_MS)
    alerter.start("Incoming call", "Ada King")
    assert alerts == []
    assert beeper.count == 0
    assert not alerter.is_ringing()


def test_a_tray_shows_a_notification_instead_of_the_taskbar_alert(
    window: QWidget, alerts: list[tuple[QWidget, int]]
) -> None:
    tray = Tray()
    beeper = Beeper()
    alerter = OfferAlerter(
        window, is_active=lambda: False, beep=beeper, tray=tray, repeat_ms=FAST_MS
    )
    alerter.start("Incoming call", "Ada King · +1 202-555-0143")
    assert tray.messages == [("Incoming call", "Ada King · +1 202-555-0143")]
    assert alerts == []
    assert beeper.count == 1
    alerter.stop()
    assert not alerter.is_ringing()


def test_by_default_the_window_itself_says_whether_it_is_in_front(
    qtbot: QtBot, window: QWidget, alerts: list[tuple[QWidget, int]]
) -> None:
    beeper = Beeper()
    alerter = OfferAlerter(window, beep=beeper, repeat_ms=FAST_MS)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    alerter.start("Incoming call", "Ada King")
    assert not alerter.is_ringing()

    window.hide()
    alerter.start("Incoming call", "Ada King")
    assert alerter.is_ringing()
    alerter.stop()
