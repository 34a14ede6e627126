"""The in-process app served by a real uvicorn on 127.0.0.1, stoppable and restartable.

Faster than a subprocess and it shares the test's database fixtures, yet the
desk talks to it over real TCP, so "the server is down" means a refused
connection, exactly as a desk would see it.
"""

import socket
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import uvicorn

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LosesAnswers:
    """Wraps the app: while ``armed``, requests to ``path`` run but their answer is lost.

    The app does its work and commits; the desk gets a 500 instead of the
    answer, as when a server dies between its commit and its reply.
    """

    def __init__(self, app: Asgi, path: str) -> None:
        self.app = app
        self.path = path
        self.armed = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.armed or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return

        async def swallow(_message: Message) -> None:
            return None

        await self.app(scope, receive, swallow)


class ServedApp:
    """``app`` on ``http://127.0.0.1:port``; :meth:`stop` and :meth:`start` again at will."""

    def __init__(self, app: Asgi, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        assert self._server is not None
        assert self._thread is not None
        self._server.should_exit = True
        self._thread.join(10)
        assert not self._thread.is_alive(), "uvicorn did not stop"
