"""Fixtures of the window's tests: offscreen Qt, private data and settings, a real server.

The root conftest already sets ``QT_QPA_PLATFORM=offscreen`` and the null
keyring before Qt or keyring load. Here every test gets its own data
directory (platformdirs follows ``XDG_DATA_HOME``) and QSettings file, so no
test reads another's sign-in, store or layout.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.client.session import DeskSession, sign_in
from tests.gui.live_desk import REP_PASSWORD, SERVER_ENV, LiveDesk
from tests.support.live_server import live_server, new_database, prepare

if TYPE_CHECKING:
    from desk_app.gui.app import DeskApp

LONG_WAIT_MS = 30_000  # a cold server process on a busy machine
# Qt's offscreen screen is 800 × 800 unless told otherwise: smaller than the desk's
# minimum layout. A desk-sized screen, set before the QApplication exists.
SCREEN = Path(__file__).with_name("offscreen-screen.json")
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"


@pytest.fixture(autouse=True)
def private_desk_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Data and settings of this test only."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "qsettings"))
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(tmp_path / "qsettings"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "desk-data"


@pytest.fixture
def desk_settings(tmp_path: Path) -> QSettings:
    """The window's QSettings, in a file of this test's own."""
    return QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def credentials(data_dir: Path) -> CredentialStore:
    """No keyring here (the null backend): the desk's private file, as on a headless machine."""
    return CredentialStore(data_dir)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDesk]:
    """``desk server`` in its own process on SQLite, with webhook secrets set."""
    database = new_database("sqlite", tmp_path=tmp_path_factory.mktemp("live-server"), cluster=None)
    with live_server(prepare(database, **SERVER_ENV)) as server:
        yield LiveDesk(server)


@pytest.fixture
def rep(live: LiveDesk) -> Iterator[dict[str, object]]:
    """A new rep on the live server; sent offline afterwards so later offers skip them."""
    user = live.create_rep(f"rep.{uuid.uuid4().hex[:8]}")
    yield user
    live.send_offline(str(user["id"]))


@pytest.fixture
def rep_session(
    live: LiveDesk, rep: dict[str, object], credentials: CredentialStore
) -> DeskSession:
    return sign_in(
        live.url, str(rep["username"]), REP_PASSWORD, remember=True, credentials=credentials
    )


@pytest.fixture
def desk(
    qtbot: QtBot, data_dir: Path, desk_settings: QSettings, credentials: CredentialStore
) -> Iterator["DeskApp"]:
    """The desk application, shut down (sync thread stopped, store closed) after the test."""
    from desk_app.gui.app import DeskApp  # only the tests that open the window load all of it

    app = DeskApp(data_dir=data_dir, settings=desk_settings, credentials=credentials)
    yield app
    window = app.window
    if window is not None:
        window.close()
    app.shutdown()
    if app.dialog is not None:
        app.dialog.close()
