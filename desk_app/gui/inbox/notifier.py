"""A desktop notification for what is due or new (a reminder, a mention, an answer).

Through the system tray where the desktop has one (``showMessage``); where
it has none (a bare X session, the offscreen platform of the tests), the
message goes to the window's status bar instead, so nothing is lost and
nothing crashes. Clicking the tray message brings the desk to the front.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from desk_app.gui.icons import icon

TRAY_ICON = "channel-ticket"  # when the window has no icon of its own


class Notifier(QObject):
    """``notify(title, text)``: the tray's message, else ``fallback(text)`` (the status bar).

    ``tray`` is created when the desktop has a tray; tests hand in their own
    (or ``None`` through ``use_tray=False``). ``clicked`` fires when the rep
    clicks a tray message.
    """

    clicked = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        fallback: Callable[[str], None],
        tray: QSystemTrayIcon | None = None,
        use_tray: bool = True,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._fallback = fallback
        if tray is None and use_tray and QSystemTrayIcon.isSystemTrayAvailable():
            shown = window.windowIcon()
            tray = QSystemTrayIcon(icon(TRAY_ICON) if shown.isNull() else shown, self)
        self.tray = tray
        if tray is not None:
            tray.messageClicked.connect(self._bring_to_front)

    def notify(self, title: str, text: str) -> None:
        if self.tray is None:
            self._fallback(f"{title}: {text}")
            return
        self.tray.show()
        self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information)

    def _bring_to_front(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
        self.clicked.emit()
