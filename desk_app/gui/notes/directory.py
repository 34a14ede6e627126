"""Who can be @mentioned: the server's user directory, remembered on this desk for offline use.

The directory (``GET /users/directory``: id, username, display name, team,
department) is asked for off the UI thread through :class:`DirectCalls`
when the desk starts and each time it comes back online; every answer is
kept in the local store (under a draft key, as JSON), so completion and
names keep working offline and on the next start before the server answers.
"""

import json
import uuid
from typing import Any

from PySide6.QtCore import QObject, Signal

from desk_app.client.api import DeskApi
from desk_app.client.status import SyncStatus
from desk_app.client.store import LocalStore
from desk_app.gui.lookup.direct import DirectCalls

DIRECTORY_KEY = "directory/users"


class UserDirectory(QObject):
    """The desk's copy of the user directory; ``changed()`` when a newer one arrived."""

    changed = Signal()

    def __init__(
        self, *, store: LocalStore, direct: DirectCalls | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._direct = direct
        self._online = True  # the window asks once as it opens; again after each outage
        self._users: list[dict[str, Any]] = []
        self._by_id: dict[str, dict[str, Any]] = {}
        self._keep(_read(store.draft(DIRECTORY_KEY)))

    def users(self) -> list[dict[str, Any]]:
        return list(self._users)

    def usernames(self) -> list[str]:
        return [str(user["username"]) for user in self._users if user.get("username")]

    def user(self, user_id: Any) -> dict[str, Any] | None:
        return None if user_id is None else self._by_id.get(str(user_id))

    def name_of(self, user_id: Any) -> str | None:
        user = self.user(user_id)
        return None if user is None else str(user.get("display_name") or user.get("username"))

    def display_name(self, username: str) -> str | None:
        folded = username.lower()
        for user in self._users:
            if str(user.get("username", "")).lower() == folded:
                return str(user.get("display_name") or username)
        return None

    def team_of(self, user_id: uuid.UUID) -> uuid.UUID | None:
        user = self.user(user_id)
        team = None if user is None else user.get("team_id")
        return None if team is None else uuid.UUID(str(team))

    def refresh(self) -> None:
        """Ask the server again (silently: offline, the remembered copy stays)."""
        if self._direct is None:
            return
        store = self._store

        def work(api: DeskApi) -> list[dict[str, Any]]:
            users = api.users_directory()
            store.save_draft(DIRECTORY_KEY, json.dumps(users))
            return users

        self._direct.call(work, self._came)

    def sync_status(self, status: SyncStatus) -> None:
        """Back online (the bridge's ``statusChanged``): ask again, the team may have changed."""
        if status.online and not self._online:
            self.refresh()
        self._online = status.online

    def _came(self, users: list[dict[str, Any]] | None, error: Exception | None) -> None:
        if users is not None:
            self._keep(users)
            self.changed.emit()

    def _keep(self, users: list[dict[str, Any]]) -> None:
        self._users = [dict(user) for user in users]
        self._by_id = {str(user.get("id")): user for user in self._users}


def _read(text: str | None) -> list[dict[str, Any]]:
    if not text:
        return []
    try:
        users = json.loads(text)
    except ValueError:
        return []
    return [user for user in users if isinstance(user, dict)] if isinstance(users, list) else []
