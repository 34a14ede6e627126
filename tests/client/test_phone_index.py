"""The phone index: a number finds its cached customers by index, in step with the cache."""

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desk_app.client.store import LocalChange, LocalStore
from desk_app.client.store.database import make_engine, upgrade
from desk_app.domain.ids import new_id

ADA = uuid.UUID("01940000-0000-7000-8000-000000000001")
BOB = uuid.UUID("01940000-0000-7000-8000-000000000002")
ADA_MOBILE = "+12025550143"
ADA_HOME = "+442079460958"


def _customer(customer_id: uuid.UUID, name: str, *numbers: str, version: int = 1) -> dict[str, Any]:
    return {
        "id": str(customer_id),
        "name": name,
        "phones": [{"number": number, "label": "mobile"} for number in numbers],
        "emails": [],
        "version": version,
    }


def _upsert(store: LocalStore, seq: int, record: dict[str, Any]) -> None:
    change = {"seq": seq, "entity": "customer", "id": record["id"], "action": "upsert"}
    store.replica.apply_changes([{**change, "record": record}], seq)


def _names(found: list[dict[str, Any]]) -> list[str]:
    return [customer["name"] for customer in found]


def test_a_server_copy_is_found_by_any_of_its_numbers(store: LocalStore) -> None:
    _upsert(store, 1, _customer(ADA, "Ada", ADA_MOBILE, ADA_HOME))
    _upsert(store, 2, _customer(BOB, "Bob", "+12025550199"))
    assert _names(store.customers_by_phone(ADA_MOBILE)) == ["Ada"]
    assert _names(store.customers_by_phone(ADA_HOME)) == ["Ada"]
    assert _names(store.customers_by_phone("+1 202-555-0143")) == ["Ada"]
    assert store.customers_by_phone("+12025550100") == []
    assert store.customers_by_phone("not a number") == []


def test_two_customers_sharing_a_number_are_both_found(store: LocalStore) -> None:
    _upsert(store, 1, _customer(BOB, "Bob", ADA_HOME))
    _upsert(store, 2, _customer(ADA, "Ada", ADA_HOME))
    assert _names(store.customers_by_phone(ADA_HOME)) == ["Ada", "Bob"]  # oldest id first


def test_a_newer_server_copy_replaces_the_numbers(store: LocalStore) -> None:
    _upsert(store, 1, _customer(ADA, "Ada", ADA_MOBILE))
    _upsert(store, 2, _customer(ADA, "Ada", ADA_HOME, version=2))
    assert store.customers_by_phone(ADA_MOBILE) == []
    assert _names(store.customers_by_phone(ADA_HOME)) == ["Ada"]


def test_a_stale_server_copy_leaves_the_numbers_alone(store: LocalStore) -> None:
    _upsert(store, 1, _customer(ADA, "Ada", ADA_HOME, version=2))
    _upsert(store, 2, _customer(ADA, "Ada", ADA_MOBILE, version=1))
    assert store.customers_by_phone(ADA_MOBILE) == []
    assert _names(store.customers_by_phone(ADA_HOME)) == ["Ada"]


def test_a_dropped_customer_is_no_longer_found(store: LocalStore) -> None:
    _upsert(store, 1, _customer(ADA, "Ada", ADA_MOBILE))
    store.replica.apply_changes(
        [{"seq": 2, "entity": "customer", "id": str(ADA), "action": "delete"}], 2
    )
    assert store.customers_by_phone(ADA_MOBILE) == []


def test_a_local_change_of_numbers_is_found_at_once_and_undone_if_refused(
    store: LocalStore,
) -> None:
    _upsert(store, 1, _customer(ADA, "Ada", ADA_MOBILE))
    phones = [{"number": ADA_HOME, "label": "home"}]
    op_id = store.record_op(
        "customer.update",
        {"customer_id": ADA, "phones": phones},
        base_version=1,
        local=LocalChange("customer", ADA, {"phones": phones}),
    )
    assert store.customers_by_phone(ADA_MOBILE) == []
    assert _names(store.customers_by_phone(ADA_HOME)) == ["Ada"]

    store.replica.refuse(op_id, "no such field")
    assert store.customers_by_phone(ADA_HOME) == []
    assert _names(store.customers_by_phone(ADA_MOBILE)) == ["Ada"]


def test_a_customer_made_on_this_desk_is_found_until_the_server_refuses_it(
    store: LocalStore,
) -> None:
    made = new_id()
    fields = {"name": "Cy", "phones": ["+1 (202) 555-0177"]}
    op_id = store.record_op(
        "customer.create", {"id": made, **fields}, local=LocalChange("customer", made, fields)
    )
    assert _names(store.customers_by_phone("+12025550177")) == ["Cy"]

    store.replica.refuse(op_id, "duplicate")
    assert store.customers_by_phone("+12025550177") == []


def test_numbers_of_other_records_are_not_indexed(store: LocalStore) -> None:
    record = {"id": str(ADA), "version": 1, "phones": [{"number": ADA_MOBILE}]}
    change = {"seq": 1, "entity": "order", "id": str(ADA), "action": "upsert", "record": record}
    store.replica.apply_changes([change], 1)
    assert store.customers_by_phone(ADA_MOBILE) == []


def _statements_of(store: LocalStore) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def remember(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(store._engine, "before_cursor_execute", remember)
    return seen


@pytest.mark.slow
def test_customers_cached_before_the_index_are_backfilled_and_found_by_index(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade(engine, "0002")
    engine.dispose()
    rows = []
    for n in range(100_000):
        customer_id = uuid.UUID(int=(0x0194 << 112) | n)
        record = _customer(customer_id, f"Customer {n}", f"+1212{n:07d}")
        rows.append(
            ("customer", customer_id.hex, 1, json.dumps(record), json.dumps(record), "2026-01-02")
        )
    with sqlite3.connect(path) as old:
        old.executemany(
            "INSERT INTO cached_record (entity, id, version, server_data, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    old.close()

    store = LocalStore.open(path)  # upgrades to head, backfilling the index
    statements = _statements_of(store)
    assert _names(store.customers_by_phone("+1 212-007-7777")) == ["Customer 77777"]

    (statement, parameters) = statements[-1]
    with sqlite3.connect(path) as raw:
        plan = [row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
    raw.close()
    store.close()
    assert any("phone_index" in step and "(e164=?)" in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan
