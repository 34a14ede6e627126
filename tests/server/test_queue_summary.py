"""GET /queue/summary: per channel, how many wait and since when, within the caller's queue."""

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_app.domain.enums import Channel, InteractionStatus
from desk_app.server.core.db import utcnow
from tests.support.builders import World, make_interaction

URL = "/api/v1/queue/summary"


def _by_channel(client: TestClient, world: World, who: str) -> dict[str, tuple[int, str | None]]:
    response = client.get(URL, headers=world.as_(who))
    assert response.status_code == 200, response.text
    body = response.json()
    assert datetime.fromisoformat(body["generated_at"]) <= utcnow()
    return {c["channel"]: (c["waiting"], c["oldest_queued_at"]) for c in body["channels"]}


def test_every_channel_is_listed_even_with_nothing_waiting(
    client: TestClient, world: World
) -> None:
    assert _by_channel(client, world, "rep") == {channel.value: (0, None) for channel in Channel}


def test_a_rep_counts_their_queue_and_what_is_offered_to_them(
    client: TestClient, db: Session, world: World
) -> None:
    now = utcnow()
    oldest = now - timedelta(minutes=9)
    make_interaction(db, channel=Channel.CHAT, team_id=world.team.id, queued_at=oldest)
    make_interaction(db, channel=Channel.CHAT, queued_at=now - timedelta(minutes=2))
    make_interaction(
        db,
        agent=world.rep,
        channel=Channel.VOICE,
        status=InteractionStatus.OFFERED,
        queued_at=now - timedelta(minutes=1),
    )
    make_interaction(db, channel=Channel.EMAIL, team_id=world.other_team.id, queued_at=oldest)
    make_interaction(db, agent=world.rep, channel=Channel.CHAT)  # active: not waiting
    make_interaction(
        db, channel=Channel.VOICE, status=InteractionStatus.ABANDONED, queued_at=oldest
    )
    db.commit()

    mine = _by_channel(client, world, "rep")
    assert mine[Channel.CHAT][0] == 2
    assert datetime.fromisoformat(mine[Channel.CHAT][1] or "") == oldest
    assert mine[Channel.VOICE][0] == 1
    assert mine[Channel.EMAIL] == (0, None)

    other = _by_channel(client, world, "other_rep")
    assert other[Channel.EMAIL][0] == 1
    assert other[Channel.CHAT][0] == 1  # the team-less one only
    assert other[Channel.VOICE] == (0, None)
    everything = _by_channel(client, world, "admin")
    assert (everything[Channel.CHAT][0], everything[Channel.VOICE][0]) == (2, 1)
