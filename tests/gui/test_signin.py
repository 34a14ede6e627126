"""The sign-in dialog against a real server process: success, plain failures, the token."""

import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.client.credentials import CredentialStore
from desk_app.gui.signin import SignInDialog
from tests.client.test_credentials import MemoryKeyring
from tests.gui.conftest import LONG_WAIT_MS
from tests.gui.live_desk import REP_PASSWORD, LiveDesk


def _dialog(qtbot: QtBot, credentials: CredentialStore, **prefill: str) -> SignInDialog:
    dialog = SignInDialog(credentials, **prefill)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _submit(dialog: SignInDialog, server: str, user: str, password: str) -> None:
    dialog.server_edit.setText(server)
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.sign_in_button.click()


def _failure(qtbot: QtBot, dialog: SignInDialog) -> str:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=LONG_WAIT_MS)
    assert dialog.session is None
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    return dialog.error_label.text()


def test_a_good_sign_in_runs_off_the_ui_thread_and_remembers_the_rep(
    qtbot: QtBot, live: LiveDesk, rep: dict[str, object], credentials: CredentialStore
) -> None:
    dialog = _dialog(qtbot, credentials)
    dialog.remember_box.setChecked(True)
    with qtbot.waitSignal(dialog.signedIn, timeout=LONG_WAIT_MS) as signed_in:
        _submit(dialog, live.url, str(rep["username"]), REP_PASSWORD)
        # the answer can only arrive through the event loop: until then the dialog is busy
        assert dialog.busy
        assert not dialog.password_edit.isEnabled()
    session = signed_in.args[0]
    assert session.profile.user_id == uuid.UUID(str(rep["id"]))
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    remembered = credentials.remembered()
    assert remembered is not None
    assert remembered.username == rep["username"]
    assert credentials.token(session.server_url, session.username) == session.token


def test_a_wrong_password_says_so_and_lets_the_rep_try_again(
    qtbot: QtBot, live: LiveDesk, rep: dict[str, object], credentials: CredentialStore
) -> None:
    dialog = _dialog(qtbot, credentials)
    _submit(dialog, live.url, str(rep["username"]), "not the password")
    assert _failure(qtbot, dialog) == "Wrong user name or password."
    assert dialog.password_edit.isEnabled()
    assert dialog.password_edit.hasSelectedText()
    assert credentials.remembered() is None


def test_an_unreachable_server_is_named(qtbot: QtBot, credentials: CredentialStore) -> None:
    dialog = _dialog(qtbot, credentials)
    _submit(dialog, "127.0.0.1:9", "rep", "whatever")
    message = _failure(qtbot, dialog)
    assert "http://127.0.0.1:9 could not be reached" in message


def test_a_locked_out_account_shows_the_servers_words(
    qtbot: QtBot, live: LiveDesk, rep: dict[str, object], credentials: CredentialStore
) -> None:
    dialog = _dialog(qtbot, credentials)
    for _ in range(5):
        _submit(dialog, live.url, str(rep["username"]), "guessing")
        _failure(qtbot, dialog)
    _submit(dialog, live.url, str(rep["username"]), REP_PASSWORD)
    assert "too many failed sign-ins; try again in" in _failure(qtbot, dialog)


def test_without_a_keyring_the_dialog_says_where_the_sign_in_is_kept(
    qtbot: QtBot, credentials: CredentialStore, data_dir: Path
) -> None:
    dialog = _dialog(qtbot, credentials)
    assert dialog.notice_label.isVisible()
    assert str(data_dir) in dialog.notice_label.text()
    assert "no system keyring" in dialog.notice_label.text()


def test_with_a_keyring_there_is_no_notice(qtbot: QtBot, data_dir: Path) -> None:
    dialog = _dialog(qtbot, CredentialStore(data_dir, MemoryKeyring()))
    assert not dialog.notice_label.isVisible()


def test_missing_fields_are_asked_for_without_calling_anyone(
    qtbot: QtBot, credentials: CredentialStore
) -> None:
    dialog = _dialog(qtbot, credentials, server="http://127.0.0.1:9", username="rep")
    dialog.sign_in_button.click()
    assert not dialog.busy
    assert "password" in dialog.error_label.text()
