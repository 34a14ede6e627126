"""Where the desk keeps a sign-in between runs: the OS keyring, else a private file.

The token, and with "remember me" the server address, the user name and
what an offline start needs of the profile, go to the OS keyring through
``keyring``. A headless machine often has no keyring at all (only keyring's
``fail`` or ``null`` backend, or one that raises ``NoKeyringError`` /
``InitError``): then they go to ``credentials.json`` in the desk's data
directory, readable by this user account only (0600), and :attr:`notice`
says so, so the sign-in dialog can tell the user rather than pretend.
"""

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

_log = logging.getLogger(__name__)

SERVICE = "desk"
FALLBACK_FILE = "credentials.json"
_REMEMBERED = "remembered"


@dataclass(frozen=True)
class Remembered:
    """Who signed in last with "remember me": where, as whom, and their profile."""

    server_url: str
    username: str
    profile: dict[str, Any]


def _token_key(server_url: str, username: str) -> str:
    return f"token:{server_url}:{username}"


def _viable(backend: KeyringBackend) -> bool:
    """keyring ranks backends by priority; at or below 0 it stores nothing (fail, null)."""
    try:
        return float(type(backend).priority) > 0
    except Exception:  # a backend that cannot even rank itself is no keyring either
        return False


class _PrivateFile:
    """A small JSON map in a file only this user can read, replaced atomically on write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)  # O_CREAT's mode does not apply to a file left behind
        os.replace(temporary, self.path)

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._load().get(key)

    def set(self, key: str, value: str) -> None:
        with self._lock:
            data = self._load()
            data[key] = value
            self._save(data)

    def delete(self, key: str) -> None:
        with self._lock:
            data = self._load()
            if data.pop(key, None) is not None:
                self._save(data)


class CredentialStore:
    """The desk's secrets: tokens per server and user, and who to remember.

    Safe to use from any thread. Once the keyring fails, the rest of the
    run uses the file, so a token is never split between the two.
    """

    def __init__(self, data_dir: Path, backend: KeyringBackend | None = None) -> None:
        self._backend = backend or keyring.get_keyring()
        self._file = _PrivateFile(data_dir / FALLBACK_FILE)
        self._fallback_reason: str | None = None
        if not _viable(self._backend):
            self._fallback_reason = f"no system keyring is available ({self._backend.name})"

    @property
    def uses_keyring(self) -> bool:
        return self._fallback_reason is None

    @property
    def notice(self) -> str | None:
        """What the sign-in dialog says when the keyring is not used; ``None`` when it is."""
        if self._fallback_reason is None:
            return None
        return (
            f"Your sign-in is kept in {self._file.path}, readable only by your user "
            f"account, because {self._fallback_reason}."
        )

    # --- what the desk keeps -------------------------------------------------

    def remembered(self) -> Remembered | None:
        """The last user who asked to be remembered, if any."""
        raw = self._get(_REMEMBERED)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            return Remembered(data["server_url"], data["username"], dict(data["profile"]))
        except (ValueError, KeyError, TypeError):
            _log.warning("ignoring an unreadable remembered sign-in")
            return None

    def remember(self, server_url: str, username: str, profile: dict[str, Any]) -> None:
        value = {"server_url": server_url, "username": username, "profile": profile}
        self._set(_REMEMBERED, json.dumps(value, default=str))

    def forget(self) -> None:
        """Remember no one (the user unticked "remember me")."""
        self._delete(_REMEMBERED)

    def token(self, server_url: str, username: str) -> str | None:
        return self._get(_token_key(server_url, username))

    def save_token(self, server_url: str, username: str, token: str) -> None:
        self._set(_token_key(server_url, username), token)

    def delete_token(self, server_url: str, username: str) -> None:
        self._delete(_token_key(server_url, username))

    # --- keyring first, the private file when there is none -------------------

    def _fall_back(self, error: KeyringError) -> None:
        _log.warning("the keyring failed (%s); using %s", error, self._file.path)
        self._fallback_reason = f"the system keyring failed ({error})"

    def _get(self, key: str) -> str | None:
        if self.uses_keyring:
            try:
                return self._backend.get_password(SERVICE, key)
            except KeyringError as error:
                self._fall_back(error)
        return self._file.get(key)

    def _set(self, key: str, value: str) -> None:
        if self.uses_keyring:
            try:
                self._backend.set_password(SERVICE, key, value)
                return
            except KeyringError as error:
                self._fall_back(error)
        self._file.set(key, value)

    def _delete(self, key: str) -> None:
        if self.uses_keyring:
            try:
                self._backend.delete_password(SERVICE, key)
            except PasswordDeleteError:
                pass  # nothing was stored under that key
            except KeyringError as error:
                self._fall_back(error)
        # whatever an earlier run without a keyring left behind goes too
        self._file.delete(key)
