"""An op carrying a whole state replaces its unanswered predecessor: one op, the latest overlay."""

import uuid

from desk_app.client.store import LocalChange, LocalStore


def _trail(store: LocalStore, interaction_id: uuid.UUID, steps: list[str]) -> uuid.UUID:
    trail = [{"step": step} for step in steps]
    return store.record_op(
        "interaction.script",
        {"interaction_id": str(interaction_id), "trail": trail},
        local=LocalChange("interaction", interaction_id, {"script_trail": trail}),
        latest_only=True,
    )


def test_a_newer_trail_replaces_the_waiting_one_and_other_ops_stay(store: LocalStore) -> None:
    mine, other = uuid.uuid4(), uuid.uuid4()
    _trail(store, mine, ["greet"])
    store.record_op(
        "interaction.update",
        {"interaction_id": str(mine), "category": "complaint"},
        local=LocalChange("interaction", mine, {"category": "complaint"}),
    )
    _trail(store, other, ["greet"])
    first = _trail(store, mine, ["greet", "verify"])
    latest = _trail(store, mine, ["greet", "verify", "track"])
    pending = store.replica.pending(10)
    assert [(op.kind, op.payload["interaction_id"]) for op in pending] == [
        ("interaction.update", str(mine)),
        ("interaction.script", str(other)),
        ("interaction.script", str(mine)),
    ]
    assert pending[-1].op_id == latest
    shown = store.record("interaction", mine)
    assert shown is not None
    assert [visit["step"] for visit in shown["script_trail"]] == ["greet", "verify", "track"]
    assert shown["category"] == "complaint"
    # the answer to an op replaced while in flight changes nothing
    assert store.replica.settle([{"op_id": str(first), "status": "applied", "record": None}]) == []
    assert len(store.replica.pending(10)) == 3
