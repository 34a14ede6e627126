"""Getting the rep's attention for an offer when the desk window is not in front.

A tray notification where the desktop has a system tray, else the taskbar
alert (``QApplication.alert``); and a beep that repeats until the offer is
answered, declined or withdrawn, because one beep is easy to miss in a busy
room. When the window is already in front the banner is enough.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

REPEAT_MS = 2000


class OfferAlerter(QObject):
    """Rings for an offer until :meth:`stop`.

    ``is_active`` (is the window in front?) and ``beep`` default to the
    window's and Qt's own; tests hand in their own.
    """

    def __init__(
        self,
        window: QWidget,
        *,
        is_active: Callable[[], bool] | None = None,
        beep: Callable[[], None] = QApplication.beep,
        tray: QSystemTrayIcon | None = None,
        repeat_ms: int = REPEAT_MS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._is_active = is_active or window.isActiveWindow
        self._beep = beep
        self._own_tray = tray is None and QSystemTrayIcon.isSystemTrayAvailable()
        self._tray = QSystemTrayIcon(window.windowIcon(), self) if self._own_tray else tray
        self._repeat = QTimer(self)
        self._repeat.setInterval(repeat_ms)
        self._repeat.timeout.connect(self._beep)
        if self._tray is not None:
            self._tray.messageClicked.connect(self._bring_to_front)

    def start(self, title: str, text: str) -> None:
        """Alert for an offer, unless the window is in front (then the banner says it all)."""
        if self._is_active():
            return
        if self._tray is not None:
            if self._own_tray:
                self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information)
        else:
            QApplication.alert(self._window, 0)  # until the window is activated
        if not self._repeat.isActive():
            self._beep()
            self._repeat.start()

    def stop(self) -> None:
        """The offer was answered, declined or withdrawn: stop ringing."""
        self._repeat.stop()
        if self._own_tray and self._tray is not None:
            self._tray.hide()

    def is_ringing(self) -> bool:
        return self._repeat.isActive()

    def _bring_to_front(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
