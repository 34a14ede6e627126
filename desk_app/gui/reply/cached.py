"""What the reply box reads from the desk's cache: canned answers, macros, the conversation.

Every read goes through here, so the box never depends on how the store
lists these records; the scope rule (the tab's channel, the rep's team) is
the domain's.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from desk_app.client.store import LocalStore
from desk_app.domain.replies import CannedAnswer, Macro, in_scope
from desk_app.gui.records import parse_time

MESSAGE = "interaction_message"
_NEVER = datetime.min.replace(tzinfo=UTC)


def canned_answers(
    store: LocalStore, *, channel: str, team_id: uuid.UUID | None
) -> list[CannedAnswer]:
    """The answers the rep may use in a tab of ``channel``."""
    answers = [CannedAnswer.from_record(r) for r in store.records("canned_answer")]
    return [a for a in answers if in_scope(a.channel, a.team_id, channel=channel, team_id=team_id)]


def macros(store: LocalStore, *, channel: str, team_id: uuid.UUID | None) -> list[Macro]:
    """The macros the rep may run in a tab of ``channel``, by title."""
    found = [Macro.from_record(r) for r in store.records("macro")]
    scoped = [m for m in found if in_scope(m.channel, m.team_id, channel=channel, team_id=team_id)]
    return sorted(scoped, key=lambda m: m.title.casefold())


def conversation(store: LocalStore, interaction_id: uuid.UUID) -> list[dict[str, Any]]:
    """The interaction's messages, oldest first (a reply still sending carries ``sending``)."""
    wanted = str(interaction_id)
    messages = [m for m in store.records(MESSAGE) if str(m.get("interaction_id")) == wanted]
    return sorted(messages, key=lambda m: (parse_time(m.get("created_at")) or _NEVER, m["id"]))


def team_of(store: LocalStore, user_id: uuid.UUID) -> uuid.UUID | None:
    """The rep's team, from their agent profile (what scopes a team's answers and macros)."""
    for profile in store.records("agent_profile"):
        if str(profile.get("user_id")) == str(user_id) and profile.get("team_id"):
            return uuid.UUID(str(profile["team_id"]))
    return None
