"""The FastAPI application factory (``uvicorn --factory desk_app.server.app:create_app``)."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from desk_app import __version__
from desk_app.server.api import api_router
from desk_app.server.core.body_limit import BodyLimitMiddleware
from desk_app.server.core.config import Settings, get_settings
from desk_app.server.core.db import make_engine, make_session_factory
from desk_app.server.core.problems import install_problem_handlers
from desk_app.server.customers import search_index
from desk_app.server.knowledge import search as kb_search
from desk_app.server.routing import loop as routing_loop
from desk_app.server.sync import changelog
from desk_app.server.sync.idempotency import IdempotencyMiddleware
from desk_app.server.sync.signal import ChangeSignal, listen_for_changes

API_PREFIX = "/api/v1"


def engine_from_settings(settings: Settings | None = None) -> Engine:
    """The engine for the configured database (the CLI's maintenance commands use it)."""
    return make_engine((settings or get_settings()).database_url)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Wire commits to the event streams of this worker (and, on PostgreSQL, of all);
    run this worker's routing loop."""
    signal: ChangeSignal = app.state.change_signal
    signal.bind(asyncio.get_running_loop())
    changelog.add_commit_listener(signal.fire_threadsafe)
    tasks = []
    if app.state.engine.dialect.name == "postgresql":
        tasks.append(asyncio.create_task(listen_for_changes(app.state.engine, signal)))
    if app.state.settings.router_enabled:
        tasks.append(
            asyncio.create_task(routing_loop.run(app.state.session_factory, app.state.settings))
        )
    try:
        yield
    finally:
        changelog.remove_commit_listener(signal.fire_threadsafe)
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app on ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Desk API",
        version=__version__,
        summary="The central server of the Desk call-center workstation.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=f"{API_PREFIX}/redoc",
        lifespan=_lifespan,
    )
    engine = engine_from_settings(settings)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.change_signal = ChangeSignal()
    install_problem_handlers(app)
    changelog.install()
    search_index.install()
    kb_search.install()
    app.include_router(api_router, prefix=API_PREFIX)
    # the last added runs first: the size limit applies before a body is buffered
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    return app
