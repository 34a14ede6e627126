"""Who is at this desk: signing in, resuming a remembered sign-in, opening offline.

These functions block on the network, so the window runs them off the UI
thread. A session is a plain value; the window builds its store, sync
engine and widgets from it.
"""

import locale
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desk_app.client.api import ApiError, DeskApi
from desk_app.client.credentials import CredentialStore
from desk_app.client.store import store_path
from desk_app.domain.tickets import BUILT_IN_DEPARTMENTS

API_PREFIX = "/api/v1"
DEFAULT_SCHEME = "http://"
FALLBACK_REGION = "US"


def normalise_server(text: str) -> str:
    """The server's address as the desk keeps it: scheme, host, port; no API path.

    Users type ``desk.example:8400``, ``http://desk.example:8400/`` or paste
    the docs address; all become ``http://desk.example:8400``.
    """
    address = text.strip().rstrip("/")
    if "://" not in address:
        address = DEFAULT_SCHEME + address
    for suffix in ("/docs", API_PREFIX):
        address = address.removesuffix(suffix)
    return address.rstrip("/")


def machine_region() -> str:
    """The region of this machine's locale (``en_GB`` → ``GB``), for national phone numbers."""
    name = locale.getlocale()[0] or ""
    _language, _, territory = name.partition("_")
    territory = territory[:2].upper()
    return territory if len(territory) == 2 and territory.isalpha() else FALLBACK_REGION


@dataclass(frozen=True)
class Profile:
    """What the desk knows of its user without asking the server again."""

    user_id: uuid.UUID
    display_name: str
    role: str
    region: str  # phone numbers typed without a country code are read in this region
    company_name: str = ""  # what scripts and canned answers call the company
    # the department queues tickets go to (the built-in ones until the server says more)
    departments: tuple[str, ...] = BUILT_IN_DEPARTMENTS
    username: str = ""  # names the end-of-shift report's files, as ``desk report`` does
    team_id: uuid.UUID | None = None  # whose goals and team averages the stats graph shows

    def as_dict(self) -> dict[str, Any]:
        team = None if self.team_id is None else str(self.team_id)
        return {**asdict(self), "user_id": str(self.user_id), "team_id": team}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Profile":
        return cls(
            uuid.UUID(str(data["user_id"])),
            str(data["display_name"]),
            str(data["role"]),
            str(data["region"]),
            str(data.get("company_name") or ""),  # profiles kept before it existed
            tuple(data.get("departments") or BUILT_IN_DEPARTMENTS),
            str(data.get("username") or ""),  # profiles kept before these existed
            uuid.UUID(str(data["team_id"])) if data.get("team_id") else None,
        )


@dataclass(frozen=True)
class DeskSession:
    """A signed-in user on one server; ``offline``: opened without reaching the server."""

    server_url: str
    username: str
    token: str
    profile: Profile
    offline: bool = False

    @property
    def api_url(self) -> str:
        return self.server_url + API_PREFIX

    def store_file(self, data_dir: Path | None = None) -> Path:
        return store_path(self.server_url, self.username, data_dir)


class SignInError(Exception):
    """A sign-in that failed, with the words to show the user."""

    def __init__(self, message: str, error: ApiError) -> None:
        super().__init__(message)
        self.error = error


def explain(error: ApiError, server_url: str) -> str:
    """The sentence the sign-in dialog shows for a failed sign-in."""
    if error.status is None:
        return f"The server at {server_url} could not be reached. Check the address and network."
    if error.status == 401:
        return "Wrong user name or password."
    if error.status == 429:  # locked out for a while: the server says how long
        return f"Signing in is blocked for now: {error.detail}."
    if error.status == 404:
        return f"No Desk server answers at {server_url}. Check the address."
    return f"The server refused the sign-in: {error.detail}."


def _profile(api: DeskApi) -> Profile:
    me = api.me()
    region = machine_region()
    if me.get("store_id"):
        for store in api.stores():
            if store["id"] == me["store_id"]:
                region = store["region"]
    return Profile(
        uuid.UUID(me["id"]),
        me["display_name"],
        me["role"],
        region,
        str(me.get("company_name") or ""),
        tuple(me.get("departments") or BUILT_IN_DEPARTMENTS),
        str(me["username"]),
        uuid.UUID(me["team_id"]) if me.get("team_id") else None,
    )


def sign_in(
    server: str, username: str, password: str, *, remember: bool, credentials: CredentialStore
) -> DeskSession:
    """Sign in with a password (blocking); remember the sign-in if asked, forget it if not."""
    server_url = normalise_server(server)
    api = DeskApi(server_url + API_PREFIX)
    try:
        signed_in = api.login(username, password)
        profile = _profile(api)
    except ApiError as error:
        raise SignInError(explain(error, server_url), error) from error
    finally:
        api.close()
    if remember:
        credentials.remember(server_url, username, profile.as_dict())
        credentials.save_token(server_url, username, signed_in.access_token)
    else:
        remembered = credentials.remembered()
        if remembered is not None and (remembered.server_url, remembered.username) == (
            server_url,
            username,
        ):
            credentials.forget()
        credentials.delete_token(server_url, username)
    return DeskSession(server_url, username, signed_in.access_token, profile)


def resume(credentials: CredentialStore, data_dir: Path | None = None) -> DeskSession | None:
    """The remembered sign-in, checked with the server (blocking); ``None``: ask for a password.

    When the server cannot be reached and this user has a local store on
    this machine, the desk opens from it, marked offline; the sync engine
    catches up with the same token once the server answers.
    """
    remembered = credentials.remembered()
    if remembered is None:
        return None
    token = credentials.token(remembered.server_url, remembered.username)
    if token is None:
        return None
    try:
        profile = Profile.from_dict(remembered.profile)
    except (KeyError, ValueError):
        return None
    session = DeskSession(remembered.server_url, remembered.username, token, profile)
    api = DeskApi(session.api_url, token=token)
    try:
        fresh = _profile(api)
    except ApiError as error:
        if error.transient and session.store_file(data_dir).exists():
            return DeskSession(session.server_url, session.username, token, profile, offline=True)
        if error.status == 401:  # expired or revoked: it is of no use any more
            credentials.delete_token(session.server_url, session.username)
        return None
    finally:
        api.close()
    credentials.remember(session.server_url, session.username, fresh.as_dict())
    return DeskSession(session.server_url, session.username, token, fresh)


def sign_out(session: DeskSession, credentials: CredentialStore) -> None:
    """Forget the session's token on this machine (the server is told by the sync thread)."""
    credentials.delete_token(session.server_url, session.username)
