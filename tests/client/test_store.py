"""The local store: one transaction per change, lasting drafts, a cache that never regresses."""

import uuid
from pathlib import Path

import pytest

from desk_app.client.store import LocalChange, LocalStore, outbox
from desk_app.domain.ids import new_id


def _customer(version: int, **fields: object) -> dict[str, object]:
    return {"id": str(CUSTOMER), "name": "Ada", "vip": False, "version": version, **fields}


CUSTOMER = uuid.UUID("01940000-0000-7000-8000-000000000001")


def _rename(store: LocalStore, name: str, base_version: int = 1) -> uuid.UUID:
    return store.record_op(
        "customer.update",
        {"customer_id": CUSTOMER, "name": name},
        base_version=base_version,
        local=LocalChange("customer", CUSTOMER, {"name": name}),
    )


def _seed_customer(store: LocalStore, version: int = 1, seq: int = 1, **fields: object) -> None:
    change = {"seq": seq, "entity": "customer", "id": str(CUSTOMER), "action": "upsert"}
    store.replica.apply_changes([{**change, "record": _customer(version, **fields)}], seq)


def test_a_local_change_and_its_op_are_written_together(store: LocalStore) -> None:
    _seed_customer(store)
    op_id = _rename(store, "Ada King")
    assert store.record("customer", CUSTOMER)["name"] == "Ada King"
    (pending,) = store.replica.pending(10)
    assert pending.op_id == op_id
    assert pending.op_id.version == 7
    assert pending.wire() == {
        "op_id": str(op_id),
        "kind": "customer.update",
        "payload": {"customer_id": str(CUSTOMER), "name": "Ada King"},
        "base_version": 1,
    }


def test_a_failure_after_the_cache_write_leaves_neither(
    store: LocalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed_customer(store)

    def broken(*_args: object, **_kwargs: object) -> uuid.UUID:
        raise OSError("disk full")

    monkeypatch.setattr(outbox, "add", broken)
    with pytest.raises(OSError, match="disk full"):
        _rename(store, "Ada King")
    assert store.record("customer", CUSTOMER)["name"] == "Ada"
    assert store.replica.pending(10) == []


def test_drafts_survive_closing_the_store(tmp_path: Path) -> None:
    path = tmp_path / "rep.sqlite3"
    first = LocalStore.open(path)
    first.save_draft("note:1", "Customer says the ket")
    first.save_draft("note:1", "Customer says the kettle leaks")
    first.save_draft("wrap:2", "resolved")
    first.discard_draft("wrap:2")
    first.close()
    again = LocalStore.open(path)
    assert again.draft("note:1") == "Customer says the kettle leaks"
    assert again.draft("wrap:2") is None
    assert list(again.drafts()) == ["note:1"]
    again.close()


def test_every_keystroke_is_saved_as_it_is_typed(store: LocalStore) -> None:
    text = ""
    for letter in "The parcel never arrived":
        text += letter
        store.save_draft("note:typing", text)
        assert store.draft("note:typing") == text


def test_an_older_server_copy_never_replaces_a_newer_one(store: LocalStore) -> None:
    _seed_customer(store, version=3, seq=5, name="Newest")
    change = {"seq": 6, "entity": "customer", "id": str(CUSTOMER), "action": "upsert"}
    store.replica.apply_changes([{**change, "record": _customer(2, name="Older")}], 6)
    assert store.record("customer", CUSTOMER)["name"] == "Newest"
    assert store.replica.position().last_seq == 6


def test_unsent_edits_stay_visible_over_a_newer_server_copy(store: LocalStore) -> None:
    _seed_customer(store)
    op_id = _rename(store, "Mine")
    _seed_customer(store, version=2, seq=2, name="Theirs", vip=True)
    assert store.record("customer", CUSTOMER) == _customer(2, name="Mine", vip=True)
    assert store.has_local_changes("customer", CUSTOMER)
    store.replica.settle(
        [{"op_id": str(op_id), "status": "applied", "record": _customer(3, name="Mine", vip=True)}]
    )
    assert store.record("customer", CUSTOMER) == _customer(3, name="Mine", vip=True)
    assert not store.has_local_changes("customer", CUSTOMER)
    assert store.replica.counts() == (0, 0, 0)


def test_changes_already_applied_are_skipped_and_delete_or_evict_drop_the_record(
    store: LocalStore,
) -> None:
    _seed_customer(store, version=2, seq=4, name="Kept")
    base = {"entity": "customer", "id": str(CUSTOMER)}
    stale = {**base, "seq": 3, "action": "upsert", "record": _customer(9, name="Replayed")}
    store.replica.apply_changes([stale], 4)
    assert store.record("customer", CUSTOMER)["name"] == "Kept"
    store.replica.apply_changes([{**base, "seq": 5, "action": "evict", "record": None}], 5)
    assert store.record("customer", CUSTOMER) is None


def test_a_replayed_conflict_is_kept_as_a_conflict(store: LocalStore) -> None:
    _seed_customer(store)
    op_id = _rename(store, "Mine")
    theirs = _customer(2, name="Theirs")
    store.replica.settle(
        [
            {
                "op_id": str(op_id),
                "status": "duplicate",
                "first_status": "conflict",
                "record": theirs,
                "reason": "stale",
            }
        ]
    )
    (conflict,) = store.conflicts()
    assert conflict.op_id == op_id
    assert conflict.server_record == theirs
    assert conflict.text_fields() == {"name": ("Mine", "Theirs")}
    assert store.record("customer", CUSTOMER)["name"] == "Mine"  # mine until the user decides
    assert store.replica.counts() == (0, 1, 0)


def test_keep_mine_resends_on_the_servers_version(store: LocalStore) -> None:
    _seed_customer(store)
    op_id = _rename(store, "Mine")
    store.replica.settle(
        [{"op_id": str(op_id), "status": "conflict", "record": _customer(4, name="Theirs")}]
    )
    new_op, _change = store.keep_mine(op_id)
    (pending,) = store.replica.pending(10)
    assert (pending.op_id, pending.base_version, pending.payload["name"]) == (new_op, 4, "Mine")
    assert store.conflicts() == []
    assert store.record("customer", CUSTOMER)["name"] == "Mine"


def test_take_theirs_drops_my_change(store: LocalStore) -> None:
    _seed_customer(store)
    op_id = _rename(store, "Mine")
    store.replica.settle(
        [{"op_id": str(op_id), "status": "conflict", "record": _customer(4, name="Theirs")}]
    )
    store.take_theirs(op_id)
    assert store.conflicts() == []
    assert store.replica.pending(10) == []
    assert store.record("customer", CUSTOMER) == _customer(4, name="Theirs")


def test_merged_text_becomes_a_new_op(store: LocalStore) -> None:
    _seed_customer(store)
    op_id = _rename(store, "Mine")
    store.replica.settle(
        [{"op_id": str(op_id), "status": "conflict", "record": _customer(4, name="Theirs")}]
    )
    new_op, _change = store.merge(op_id, {"name": "Mine and Theirs"})
    (pending,) = store.replica.pending(10)
    assert pending.op_id == new_op != op_id
    assert (pending.base_version, pending.payload["name"]) == (4, "Mine and Theirs")
    assert store.record("customer", CUSTOMER)["name"] == "Mine and Theirs"


def test_rejected_ops_keep_their_reason_and_a_refused_new_record_disappears(
    store: LocalStore,
) -> None:
    ticket = new_id()
    op_id = store.record_op(
        "ticket.create",
        {"id": ticket, "subject": "Broken", "department": "nowhere"},
        local=LocalChange("ticket", ticket, {"subject": "Broken"}),
    )
    assert store.records("ticket") == [{"id": str(ticket), "subject": "Broken"}]
    store.replica.settle([{"op_id": str(op_id), "status": "rejected", "reason": "no department"}])
    assert store.records("ticket") == []
    (rejected,) = store.rejected()
    assert (rejected.op_id, rejected.reason) == (op_id, "no department")
    store.dismiss_rejected(op_id)
    assert store.rejected() == []


def test_an_answer_for_an_op_not_in_the_outbox_changes_nothing(store: LocalStore) -> None:
    assert store.replica.settle([{"op_id": str(new_id()), "status": "applied"}]) == []
