"""Publishing script files to the server: new keys are created, changed ones revised.

A trainer keeps scripts as YAML files under version control; the server is
where desks get them from, and it keeps every revision (an interaction
records the one it followed). Publishing sends each file's definition under
its key: a script the server does not have yet is created, one whose
definition differs gets a new revision, an identical one is left alone.
The files are checked first, as ``desk scripts check`` does; the server
checks again and refuses what it cannot run.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from desk_app.client.api import DeskApi


@dataclass(frozen=True)
class Published:
    """What happened to one file: ``created``, ``revised`` (to ``revision``) or ``unchanged``."""

    file: str
    key: str
    outcome: str
    revision: int


def publish(api: DeskApi, definitions: Mapping[str, dict[str, Any]]) -> Iterator[Published]:
    """Send each ``file → definition`` (checked already) to the server, in order.

    Raises :class:`~desk_app.client.api.ApiError` for the first one the server refuses; those
    before it stay published (each is one request, whole or not at all).
    """
    on_server = {script["key"]: script for script in api.scripts()}
    for file, definition in definitions.items():
        key = str(definition["key"])
        fields = {"title": definition["title"], "category": definition["category"]}
        current = on_server.get(key)
        if current is None:
            made = api.create_script({"key": key, **fields, "definition": definition})
            yield Published(file, key, "created", made["current_revision"])
        elif current["definition"] == definition and all(
            current[name] == value for name, value in fields.items()
        ):
            yield Published(file, key, "unchanged", current["current_revision"])
        else:
            body = {"version": current["version"], **fields, "definition": definition}
            made = api.update_script(str(current["id"]), body)
            yield Published(file, key, "revised", made["current_revision"])
