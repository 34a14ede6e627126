"""Writing a chat or email reply: canned answers found by a trigger, filled from the case, macros.

The rep types ``/ret`` or ``::ret`` at the start of a word; the answers whose
shortcut starts with ``ret`` come first, then those with a title word that
does. A chosen answer's ``{customer.first_name}``-style variables are filled
from the case on screen (:mod:`desk_app.domain.scripts.variables`); what the
case does not know becomes a prompted placeholder ``[[the order number]]``,
like those the author wrote, and a reply is not sent while one is left: a
customer must never read a gap or a bracketed hint.

Pure: no Qt, no storage. The desk's reply box and its tests use it alike.
"""

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desk_app.domain.lookup import fold, words
from desk_app.domain.scripts.variables import KNOWN, VARIABLE, render

TRIGGER = re.compile(r"(?:^|(?<=\s))(?P<mark>/|::)(?P<query>[^\W\d_][\w-]*)$")
"""A trigger ending at the cursor: ``/`` or ``::`` at a word start, then a letter and more."""

PLACEHOLDER = re.compile(r"\[\[(?P<label>[^\[\]]+)\]\]")
"""A prompted placeholder the rep must replace before sending: ``[[the refund amount]]``."""


@dataclass(frozen=True)
class Trigger:
    """The trigger being typed: ``text[start:end]`` is ``mark + query``."""

    start: int
    end: int
    mark: str
    query: str


def find_trigger(text: str, cursor: int) -> Trigger | None:
    """The trigger that ends at ``cursor`` in ``text``, if the rep is typing one."""
    found = TRIGGER.search(text, 0, cursor)
    if found is None:
        return None
    return Trigger(found.start(), cursor, found.group("mark"), found.group("query"))


@dataclass(frozen=True)
class CannedAnswer:
    """A ready reply as the desk caches it; ``team_id`` ``None``: every team's."""

    id: uuid.UUID
    title: str
    body: str
    shortcut: str | None = None
    channel: str | None = None
    category: str | None = None
    team_id: uuid.UUID | None = None

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "CannedAnswer":
        return cls(
            id=uuid.UUID(str(record["id"])),
            title=str(record.get("title") or ""),
            body=str(record.get("body") or ""),
            shortcut=record.get("shortcut") or None,
            channel=record.get("channel") or None,
            category=record.get("category") or None,
            team_id=_uuid(record.get("team_id")),
        )


def _uuid(value: object) -> uuid.UUID | None:
    return None if value in (None, "") else uuid.UUID(str(value))


def in_scope(
    channel_of: str | None, team_of: uuid.UUID | None, *, channel: str, team_id: uuid.UUID | None
) -> bool:
    """Whether an answer or macro for ``channel_of``/``team_of`` (``None``: any) fits this tab."""
    return (channel_of is None or channel_of == channel) and (team_of is None or team_of == team_id)


def matching(answers: Iterable[CannedAnswer], query: str) -> list[CannedAnswer]:
    """The answers ``query`` finds: shortcut prefix first, then a title word prefix."""
    wanted = fold(query)
    by_shortcut: list[CannedAnswer] = []
    by_title: list[CannedAnswer] = []
    for answer in answers:
        if answer.shortcut and fold(answer.shortcut).startswith(wanted):
            by_shortcut.append(answer)
        elif any(word.startswith(wanted) for word in words(answer.title)):
            by_title.append(answer)
    return sorted(by_shortcut, key=_order) + sorted(by_title, key=_order)


def _order(answer: CannedAnswer) -> tuple[str, str]:
    return fold(answer.shortcut or ""), fold(answer.title)


@dataclass(frozen=True)
class Placeholder:
    """A ``[[label]]`` in a text, at ``text[start:end]``."""

    start: int
    end: int
    label: str


def placeholders(text: str) -> list[Placeholder]:
    """Every prompted placeholder left in ``text``, in order."""
    return [
        Placeholder(found.start(), found.end(), found.group("label").strip())
        for found in PLACEHOLDER.finditer(text)
    ]


def next_placeholder(text: str, position: int) -> Placeholder | None:
    """The first placeholder starting at or after ``position``, else the first one (Tab wraps)."""
    found = placeholders(text)
    return next((p for p in found if p.start >= position), found[0] if found else None)


def fill(body: str, values: Mapping[str, str]) -> str:
    """``body`` with the case's values in; a variable with no value becomes a placeholder."""

    def prompt(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if values.get(name):
            return match.group(0)
        return f"[[{KNOWN.get(name, name)}]]"

    return render(VARIABLE.sub(prompt, body), values)


# --- macros -----------------------------------------------------------------


@dataclass(frozen=True)
class InsertAnswer:
    shortcut: str


@dataclass(frozen=True)
class SetCategory:
    category: str


@dataclass(frozen=True)
class SetFollowUp:
    hours: float


@dataclass(frozen=True)
class AddTag:
    tag: str


MacroAction = InsertAnswer | SetCategory | SetFollowUp | AddTag


class MacroError(ValueError):
    """A macro the desk cannot run, with which action is wrong and why."""


def _text(action: Mapping[str, Any], key: str, index: int) -> str:
    value = action.get(key)
    if not isinstance(value, str) or not value.strip():
        raise MacroError(f"action {index + 1}: {key} must be a non-empty text")
    return value.strip()


def parse_actions(raw: Sequence[Any]) -> list[MacroAction]:
    """A macro's ``actions`` (``[{"do": "add_tag", "tag": …}, …]``) as typed actions, in order."""
    actions: list[MacroAction] = []
    for index, action in enumerate(raw):
        if not isinstance(action, Mapping):
            raise MacroError(f"action {index + 1}: not an object")
        kind = action.get("do")
        if kind == "insert_answer":
            actions.append(InsertAnswer(_text(action, "shortcut", index)))
        elif kind == "set_category":
            actions.append(SetCategory(_text(action, "category", index)))
        elif kind == "add_tag":
            actions.append(AddTag(_text(action, "tag", index)))
        elif kind == "set_follow_up":
            hours = action.get("in_hours")
            if isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
                raise MacroError(f"action {index + 1}: in_hours must be a positive number")
            actions.append(SetFollowUp(float(hours)))
        else:
            raise MacroError(f"action {index + 1}: unknown action {kind!r}")
    return actions


@dataclass(frozen=True)
class Macro:
    """A macro as the desk caches it."""

    id: uuid.UUID
    title: str
    shortcut: str | None
    channel: str | None
    team_id: uuid.UUID | None
    actions: tuple[Any, ...]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "Macro":
        return cls(
            id=uuid.UUID(str(record["id"])),
            title=str(record.get("title") or ""),
            shortcut=record.get("shortcut") or None,
            channel=record.get("channel") or None,
            team_id=_uuid(record.get("team_id")),
            actions=tuple(record.get("actions") or ()),
        )
