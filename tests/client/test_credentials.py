"""Where a sign-in is kept: the OS keyring when there is one, else a private file, said aloud."""

import stat
import uuid
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import NoKeyringError, PasswordDeleteError

from desk_app.client.credentials import FALLBACK_FILE, CredentialStore
from desk_app.client.session import DeskSession, Profile, normalise_server, resume, sign_out
from desk_app.client.store import LocalStore

SERVER = "http://127.0.0.1:9"  # the discard port: nothing answers there
PROFILE = Profile(uuid.uuid4(), "Rep One", "rep", "US")


class MemoryKeyring(KeyringBackend):
    """A working keyring that lives in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class BrokenKeyring(MemoryKeyring):
    """Claims to work, then has no backend when asked (a locked-down session bus)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NoKeyringError("no secret service on the bus")


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_without_a_keyring_the_token_goes_to_a_private_file_and_the_desk_says_so(
    tmp_path: Path, backend: KeyringBackend
) -> None:
    credentials = CredentialStore(tmp_path, backend)
    credentials.save_token(SERVER, "rep", "secret-token")
    path = tmp_path / FALLBACK_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not credentials.uses_keyring
    assert str(path) in (credentials.notice or "")
    assert "no system keyring" in (credentials.notice or "")
    again = CredentialStore(tmp_path, backend)  # the next run finds it
    assert again.token(SERVER, "rep") == "secret-token"
    again.delete_token(SERVER, "rep")
    assert CredentialStore(tmp_path, backend).token(SERVER, "rep") is None


def test_with_a_keyring_nothing_is_written_to_disk(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    credentials = CredentialStore(tmp_path, backend)
    credentials.save_token(SERVER, "rep", "secret-token")
    credentials.remember(SERVER, "rep", PROFILE.as_dict())
    assert credentials.notice is None
    assert not (tmp_path / FALLBACK_FILE).exists()
    assert "secret-token" in backend.secrets.values()
    remembered = CredentialStore(tmp_path, backend).remembered()
    assert remembered is not None
    assert (remembered.server_url, remembered.username) == (SERVER, "rep")
    assert Profile.from_dict(remembered.profile) == PROFILE


def test_a_keyring_that_fails_when_used_falls_back_and_says_why(tmp_path: Path) -> None:
    credentials = CredentialStore(tmp_path, BrokenKeyring())
    assert credentials.notice is None
    credentials.save_token(SERVER, "rep", "secret-token")
    assert "no secret service on the bus" in (credentials.notice or "")
    assert credentials.token(SERVER, "rep") == "secret-token"
    assert (tmp_path / FALLBACK_FILE).exists()


def test_sign_out_deletes_the_token_but_keeps_who_to_prefill(tmp_path: Path) -> None:
    credentials = CredentialStore(tmp_path, MemoryKeyring())
    credentials.remember(SERVER, "rep", PROFILE.as_dict())
    credentials.save_token(SERVER, "rep", "secret-token")
    sign_out(DeskSession(SERVER, "rep", "secret-token", PROFILE), credentials)
    assert credentials.token(SERVER, "rep") is None
    assert credentials.remembered() is not None


def test_a_remembered_user_opens_offline_from_the_local_store_when_the_server_is_away(
    tmp_path: Path,
) -> None:
    credentials = CredentialStore(tmp_path, MemoryKeyring())
    credentials.remember(SERVER, "rep", PROFILE.as_dict())
    credentials.save_token(SERVER, "rep", "secret-token")
    assert resume(credentials, tmp_path) is None  # never signed in here: no store, no desk
    LocalStore.open(DeskSession(SERVER, "rep", "t", PROFILE).store_file(tmp_path)).close()
    session = resume(credentials, tmp_path)
    assert session is not None
    assert session.offline
    assert (session.username, session.token, session.profile) == ("rep", "secret-token", PROFILE)


def test_without_a_remembered_token_there_is_nothing_to_resume(tmp_path: Path) -> None:
    credentials = CredentialStore(tmp_path, MemoryKeyring())
    credentials.remember(SERVER, "rep", PROFILE.as_dict())
    LocalStore.open(DeskSession(SERVER, "rep", "t", PROFILE).store_file(tmp_path)).close()
    assert resume(credentials, tmp_path) is None


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("desk.example:8400", "http://desk.example:8400"),
        (" http://desk.example:8400/ ", "http://desk.example:8400"),
        ("https://desk.example/api/v1", "https://desk.example"),
        ("http://127.0.0.1:8400/api/v1/docs", "http://127.0.0.1:8400"),
    ],
)
def test_server_addresses_are_kept_one_way(typed: str, kept: str) -> None:
    assert normalise_server(typed) == kept
