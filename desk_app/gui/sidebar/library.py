"""The scripts and article titles the desk has cached, ready for the sidebar.

Scripts reach the desk through the change feed as ``script`` records (key,
title, category, current_revision, definition); each is parsed once here.
One the desk cannot run (written for a newer desk, or broken) is left out
and logged, rather than shown half.
"""

import logging
from collections.abc import Iterable
from typing import Any

from desk_app.domain.scripts.definition import Script, ScriptError, parse_script

_log = logging.getLogger(__name__)


def parse_cached(record: dict[str, Any]) -> Script | None:
    """The runnable script a cached ``script`` record holds, or ``None``."""
    definition = record.get("definition")
    if not isinstance(definition, dict):
        return None
    data = {
        **definition,
        "key": record.get("key"),
        "title": record.get("title"),
        "category": record.get("category"),
    }
    try:
        return parse_script(data, revision=int(record.get("current_revision") or 1))
    except (ScriptError, ValueError) as error:
        _log.warning("script %r cannot be run on this desk: %s", record.get("key"), error)
        return None


class Library:
    """The cached scripts by key (by title for the switch list) and KB titles by slug."""

    def __init__(self) -> None:
        self._scripts: dict[str, Script] = {}
        self._titles: dict[str, str] = {}

    def load(self, scripts: Iterable[dict[str, Any]], articles: Iterable[dict[str, Any]]) -> None:
        parsed = (parse_cached(record) for record in scripts)
        self._scripts = {script.key: script for script in parsed if script is not None}
        self._titles = {
            str(a["slug"]): str(a.get("title") or a["slug"]) for a in articles if a.get("slug")
        }

    @property
    def scripts(self) -> list[Script]:
        return sorted(self._scripts.values(), key=lambda script: script.title.casefold())

    def get(self, key: str) -> Script | None:
        return self._scripts.get(key)

    def for_trail(self, key: str, revision: int) -> Script:
        """The script a recorded trail names, for ``ScriptRun.resume``; KeyError if not cached.

        The desk caches only a script's current revision: a trail recorded on
        an older one resumes on it when the step ids still fit (the engine
        checks), and the rest of the run is recorded under the new revision.
        """
        return self._scripts[key]

    def article_title(self, slug: str) -> str:
        return self._titles.get(slug, slug.replace("-", " ").capitalize())
