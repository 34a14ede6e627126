"""``Idempotency-Key`` for plain REST POSTs (draft-ietf-httpapi-idempotency-key-header).

Gateways and scripts that POST online retry after timeouts; the key makes the
retry safe. The first request with a key runs and its response is stored
(unless it failed with a 5xx, which may be retried); the same key with the
same body gets that response again; the same key with another body gets 422;
a retry while the first is still running gets 409. Keys are scoped to the
caller's credentials and the path, and kept for 24 hours.
"""

import hashlib
import json
import random
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk_app.server.core.db import utcnow
from desk_app.server.sync.models import IdempotencyRecord

KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
_PURGE_CHANCE = 0.01


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(hashlib.sha256(part).digest())
    return hasher.hexdigest()


def _claim(
    factory: sessionmaker[Session], scope_key: str, request_hash: str
) -> IdempotencyRecord | None:
    """Insert the in-flight row, or return the row already there (None: ours to run)."""
    with factory() as session:
        if random.random() < _PURGE_CHANCE:
            session.execute(
                delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - KEEP_FOR)
            )
        existing = session.scalar(
            select(IdempotencyRecord).where(IdempotencyRecord.scope_key == scope_key)
        )
        if existing is not None and existing.created_at < utcnow() - KEEP_FOR:
            session.delete(existing)
            session.flush()
            existing = None
        if existing is not None:
            return existing
        session.add(IdempotencyRecord(scope_key=scope_key, request_hash=request_hash))
        try:
            session.commit()
        except IntegrityError:  # another request with this key got there first
            session.rollback()
            return session.scalar(
                select(IdempotencyRecord).where(IdempotencyRecord.scope_key == scope_key)
            )
        return None


def _finish(
    factory: sessionmaker[Session], scope_key: str, status: int, content_type: str, body: bytes
) -> None:
    with factory() as session:
        record = session.scalar(
            select(IdempotencyRecord).where(IdempotencyRecord.scope_key == scope_key)
        )
        if record is None:
            return
        if status >= 500:
            session.delete(record)  # a server failure may be retried for real
        else:
            record.response_status = status
            record.response_type = content_type
            record.response_body = body
        session.commit()


async def _send_problem(send: Send, status: int, detail: str) -> None:
    body = json.dumps(
        {
            "type": "/problems/idempotency",
            "title": "Idempotency-Key",
            "status": status,
            "detail": detail,
        }
    ).encode()
    await _send(send, status, "application/problem+json", body, replayed=False)


async def _send(
    send: Send,
    status: int,
    content_type: str,
    body: bytes,
    *,
    replayed: bool,
) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class IdempotencyMiddleware:
    """Honour ``Idempotency-Key`` on POST requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        key = headers.get(b"idempotency-key")
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isascii():
            await _send_problem(
                send, 400, f"Idempotency-Key must be 1–{MAX_KEY_LENGTH} ASCII characters"
            )
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                break
        scope_key = _digest(headers.get(b"authorization", b""), scope["path"].encode(), key)
        request_hash = _digest(bytes(body))
        factory = scope["app"].state.session_factory
        existing = await run_in_threadpool(_claim, factory, scope_key, request_hash)
        if existing is not None:
            if existing.request_hash != request_hash:
                await _send_problem(
                    send, 422, "this Idempotency-Key was used with a different request"
                )
            elif existing.response_status is None:
                await _send_problem(
                    send, 409, "a request with this Idempotency-Key is still running"
                )
            else:
                await _send(
                    send,
                    existing.response_status,
                    existing.response_type or "application/json",
                    existing.response_body or b"",
                    replayed=True,
                )
            return
        await self._run_and_store(scope, bytes(body), send, factory, scope_key)

    async def _run_and_store(
        self,
        scope: Scope,
        body: bytes,
        send: Send,
        factory: sessionmaker[Session],
        scope_key: str,
    ) -> None:
        status, content_type, chunks = 500, "application/json", bytearray()
        delivered = False

        async def replay_body() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name == b"content-type":
                        content_type = value.decode()
            elif message["type"] == "http.response.body":
                chunks.extend(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_body, capture)
        finally:
            await run_in_threadpool(
                _finish, factory, scope_key, status, content_type, bytes(chunks)
            )
