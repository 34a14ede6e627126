"""Applying desk operations exactly once.

Each op runs in its own database transaction on its own connection. Its
``op_id`` is inserted into ``applied_op`` first, under the primary key: a
replay (a retry after a lost answer, the same batch twice, two workers at
once) fails that insert and gets the first answer back instead of running
again. The services the op calls commit as they do for REST; the session
joins the op's outer transaction through a savepoint, so their commit and
the ``applied_op`` row become durable together, or not at all.
"""

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, RootTransaction
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.server.core.config import Settings
from desk_app.server.core.problems import Problem, VersionConflict
from desk_app.server.sync import changelog
from desk_app.server.sync.handlers import HANDLERS, OpContext
from desk_app.server.sync.models import AppliedOp
from desk_app.server.sync.schemas import OpIn, OpResult
from desk_app.server.users.models import User

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Outcome:
    status: str
    record: dict[str, Any] | None = None
    reason: str | None = None

    def answer(self) -> dict[str, Any]:
        return {"status": self.status, "record": self.record, "reason": self.reason}


def _first_answer(engine: Engine, op_id: uuid.UUID) -> OpResult:
    with Session(engine) as session:
        stored = session.get(AppliedOp, op_id)
        answer = stored.answer if stored else {}
    return OpResult(
        op_id=op_id,
        status="duplicate",
        record=answer.get("record"),
        reason=answer.get("reason"),
        first_status=answer.get("status"),
    )


def _run(session: Session, op: OpIn, user: User, settings: Settings) -> _Outcome:
    handler = HANDLERS.get(op.kind)
    if handler is None:
        return _Outcome("rejected", reason=f"unknown operation kind {op.kind!r}")
    try:
        payload = handler.payload.model_validate(op.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        return _Outcome("rejected", reason=f"{op.kind}: {where}: {first['msg']}")
    context = OpContext(session=session, user=user, base_version=op.base_version, settings=settings)
    try:
        return _Outcome("applied", record=handler.apply(context, payload))
    except ValidationError as exc:
        return _Outcome("rejected", reason=f"{op.kind}: {exc.errors()[0]['msg']}")
    except VersionConflict as conflict:
        return _Outcome(
            "conflict", record=conflict.extensions.get("current"), reason=conflict.detail
        )
    except Problem as problem:
        return _Outcome("rejected", reason=problem.detail)


def _begin(connection: Connection) -> RootTransaction:
    outer = connection.begin()
    if connection.dialect.name == "sqlite":
        # pysqlite defers BEGIN to the first write and would let the first
        # RELEASE SAVEPOINT commit on its own; an explicit BEGIN IMMEDIATE keeps
        # the op in one transaction and takes the write lock up front.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return outer


def apply_op(engine: Engine, *, user_id: uuid.UUID, op: OpIn, settings: Settings) -> OpResult:
    """Apply one op once; a replay returns the first answer as ``duplicate``."""
    with engine.connect() as connection:
        outer = _begin(connection)
        session = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            session.add(AppliedOp(op_id=op.op_id, user_id=user_id, kind=op.kind, status="pending"))
            session.commit()  # releases a savepoint: the claim survives a service's rollback
        except IntegrityError:
            outer.rollback()
            return _first_answer(engine, op.op_id)
        user = session.get(User, user_id)
        assert user is not None
        outcome = _run(session, op, user, settings)
        if outcome.status != "applied":
            # nothing of a refused op may stay, except the answer itself
            session.close()
            outer.rollback()
            outer = _begin(connection)
            session = Session(bind=connection, join_transaction_mode="create_savepoint")
            session.add(AppliedOp(op_id=op.op_id, user_id=user_id, kind=op.kind, status="pending"))
        stored = session.get(AppliedOp, op.op_id)
        assert stored is not None
        stored.status = outcome.status
        stored.answer = outcome.answer()
        try:
            session.commit()
            outer.commit()
            changelog.announce()
        except IntegrityError:
            outer.rollback()
            return _first_answer(engine, op.op_id)
        finally:
            session.close()
    if outcome.status == "rejected":
        _log.info("op %s (%s) rejected: %s", op.op_id, op.kind, outcome.reason)
    return OpResult(op_id=op.op_id, **outcome.answer())
