"""The desk application: sign in, open the window, sign out, sign in again, quit.

``desk window [--server URL]`` runs :func:`main`. A remembered sign-in is
checked with the server first (off the UI thread); when the server cannot be
reached and this user has a local store here, the desk opens from it,
marked offline. Otherwise the sign-in dialog asks.
"""

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import platformdirs
from PySide6.QtCore import QEvent, QObject, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import QApplication

from desk_app.client.api import DeskApi
from desk_app.client.credentials import CredentialStore
from desk_app.client.session import DeskSession, normalise_server, resume, sign_out
from desk_app.client.store import LocalStore
from desk_app.client.store.database import APP_NAME
from desk_app.client.sync import SyncEngine
from desk_app.gui.background import run_in_background
from desk_app.gui.main_window import MainWindow
from desk_app.gui.signin import SignInDialog
from desk_app.gui.sync_thread import SyncBridge

_log = logging.getLogger(__name__)

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class InputClock(QObject):
    """How long since the rep last touched keyboard or mouse in the desk (for "away").

    :meth:`seconds` is read by the sync thread; it only reads one float.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._last = time.monotonic()
        return False

    def seconds(self) -> float:
        return time.monotonic() - self._last


class _Open:
    """One signed-in desk: its session, store, sync bridge and window."""

    def __init__(self, session: DeskSession, store: LocalStore, bridge: SyncBridge) -> None:
        self.session = session
        self.store = store
        self.bridge = bridge
        self.window: MainWindow | None = None


class DeskApp(QObject):
    """Drives the desk from sign-in to quit; tests drive it the same way."""

    windowOpened = Signal(object)  # the MainWindow
    signInShown = Signal(object)  # the SignInDialog
    finished = Signal()  # the rep quit (or walked away from signing in): time to exit

    def __init__(
        self,
        *,
        data_dir: Path,
        settings: QSettings,
        credentials: CredentialStore,
        server: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._settings = settings
        self._credentials = credentials
        self._server = normalise_server(server) if server else None
        self._clock = InputClock(self)
        self._open: _Open | None = None
        self._signing_out = False
        self.dialog: SignInDialog | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._clock)

    @property
    def window(self) -> MainWindow | None:
        return None if self._open is None else self._open.window

    def start(self) -> None:
        """Resume the remembered sign-in if there is one (off the UI thread), else ask."""
        remembered = self._credentials.remembered()
        if remembered is None or (self._server and remembered.server_url != self._server):
            self.show_sign_in()
            return
        run_in_background(lambda: resume(self._credentials, self._data_dir), self._resumed)

    def _resumed(self, session: DeskSession | None, error: Exception | None) -> None:
        if session is not None:
            self.open_window(session)
            return
        if error is not None:
            _log.warning("the remembered sign-in could not be checked: %s", error)
        self.show_sign_in()

    def show_sign_in(self, message: str | None = None) -> None:
        remembered = self._credentials.remembered()
        server = self._server or (remembered.server_url if remembered else "")
        username = remembered.username if remembered and remembered.server_url == server else ""
        dialog = SignInDialog(self._credentials, server=server, username=username, message=message)
        dialog.signedIn.connect(self.open_window)
        dialog.rejected.connect(self._sign_in_abandoned)
        self.dialog = dialog
        dialog.show()
        self.signInShown.emit(dialog)

    def _sign_in_abandoned(self) -> None:
        if self._open is None:
            self.finished.emit()

    def open_window(self, session: DeskSession) -> None:
        """Open ``session``'s store, start its sync thread and show the window."""
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        store = LocalStore.open(session.store_file(self._data_dir))
        bridge = SyncBridge(self)
        opened = _Open(session, store, bridge)
        engine = SyncEngine(
            store,
            DeskApi(session.api_url, token=session.token),
            on_status=bridge.publish_status,
            on_records=bridge.publish_records,
            idle_seconds=self._clock.seconds,
        )
        window = MainWindow(session, store, bridge, self._settings)
        window.signOutRequested.connect(self.sign_out)
        window.closed.connect(self._window_closed)
        opened.window = window
        self._open = opened
        window.show()
        bridge.start(engine)
        window.show_handover()  # the last shift's notes, over the window
        self.windowOpened.emit(window)

    def sign_out(self) -> None:
        """Tell the server (through the sync thread), forget the token, back to sign-in."""
        opened = self._open
        if opened is None or self._signing_out:
            return
        self._signing_out = True
        sign_out(opened.session, self._credentials)

        def logged_out(_result: object, error: Exception | None) -> None:
            if error is not None:
                _log.info("the server was not told of the sign-out: %s", error)
            if opened.window is not None:
                opened.window.close()

        opened.bridge.request(lambda api: api.logout(), logged_out)

    def _window_closed(self) -> None:
        self.shutdown()
        if self._signing_out:
            self._signing_out = False
            self.show_sign_in()
        else:
            self.finished.emit()

    def shutdown(self) -> None:
        """Stop syncing and close the store (the window is closing or the app quits)."""
        opened, self._open = self._open, None
        if opened is None:
            return
        opened.bridge.stop()
        opened.store.close()
        if opened.window is not None:
            opened.window.deleteLater()
        opened.bridge.deleteLater()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk window", description="Open the desk window.")
    parser.add_argument("--server", help="the server's address, e.g. http://desk.example:8400")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desk window until the rep quits; the exit status."""
    args = build_parser().parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Desk")
    app.setApplicationName("Desk")
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    desk = DeskApp(
        data_dir=data_dir,
        settings=QSettings(),
        credentials=CredentialStore(data_dir),
        server=args.server,
    )
    desk.finished.connect(app.quit)
    desk.start()
    status = app.exec()
    desk.shutdown()
    QThreadPool.globalInstance().waitForDone()
    return int(status)
