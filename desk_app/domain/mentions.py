"""@mentions in internal notes: ``@jdoe`` reaches a colleague, ``@billing`` a department.

A mention is a word after ``@`` at the start of the text or after a space or
punctuation (so ``ann@example.com`` mentions no one). Names compare without
case; a department can be named by its value (``@technical_support``) or a
short alias (``@tech``). A word that is neither a known user nor a
department is left as plain text: the writer sees which ones resolved.
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from desk_app.domain.enums import Department

_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][\w.-]*[A-Za-z0-9]|[A-Za-z0-9])")

DEPARTMENT_ALIASES: dict[str, Department] = {
    **{d.value: d for d in Department},
    "tech": Department.TECHNICAL_SUPPORT,
    "support": Department.TECHNICAL_SUPPORT,
    "techsupport": Department.TECHNICAL_SUPPORT,
    "shipping": Department.LOGISTICS,
    "finance": Department.BILLING,
}

EXCERPT_LENGTH = 200
"""The most of a note a mention shows on the mentioned person's desk."""


@dataclass(frozen=True)
class Mentions:
    usernames: tuple[str, ...]  # as the user list spells them, each once, in text order
    departments: tuple[str, ...]  # Department values, or configured department names


def words_mentioned(text: str) -> list[str]:
    """Every ``@word`` in ``text`` (without the ``@``), in order."""
    return _MENTION.findall(text)


def mentions_in(text: str, usernames: Iterable[str], extra: Iterable[str] = ()) -> Mentions:
    """The known users and the departments ``text`` mentions (a user name wins over an alias).

    ``extra`` are the departments the organisation added to the built-in ones
    (named by their name only).
    """
    known = {name.lower(): name for name in usernames}
    aliases: dict[str, str] = {**DEPARTMENT_ALIASES, **{name.lower(): name for name in extra}}
    users: dict[str, None] = {}
    departments: dict[str, None] = {}
    for word in words_mentioned(text):
        folded = word.lower()
        if folded in known:
            users[known[folded]] = None
        elif folded in aliases:
            departments[aliases[folded]] = None
    return Mentions(tuple(users), tuple(departments))


def excerpt(text: str, words: Collection[str], length: int = EXCERPT_LENGTH) -> str:
    """``text`` around its first ``@word`` of ``words``, at most ``length`` characters.

    The person mentioned may not be allowed to see the note's subject, so the
    mention carries the part of the note that named them; cut ends show "…".
    """
    if len(text) <= length:
        return text
    folded = {word.lower() for word in words}
    at = next((m.start() for m in _MENTION.finditer(text) if m.group(1).lower() in folded), 0)
    start = max(0, min(at - length // 3, len(text) - length))
    piece = text[start : start + length]
    if start > 0:
        piece = "…" + piece[1:]
    if start + length < len(text):
        piece = piece[:-1] + "…"
    return piece


def partial_at(text: str, cursor: int) -> str | None:
    """The word being typed after an ``@`` at ``cursor`` (for completion), or ``None``."""
    start = text.rfind("@", 0, cursor)
    if start < 0 or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "@._")):
        return None
    word = text[start + 1 : cursor]
    return word if re.fullmatch(r"[\w.-]*", word) else None
