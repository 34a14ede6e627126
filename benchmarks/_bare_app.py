"""The limit anchor for HTTP benchmarks: a raw ASGI app with no framework at all.

Served by uvicorn exactly as Desk is, it answers every GET with a small JSON
body the size of a customer record's first line, so the difference to Desk
is Desk's own work (routing, auth, the database, serialisation).
"""

from collections.abc import Awaitable, Callable
from typing import Any

BODY = b'{"id":"019cabd8-3800-7145-afb0-dbf8dee00286","name":"Ada Lovelace","version":1}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
