"""Work run off the UI thread: answered on the UI thread, and never freed anywhere else."""

import gc
import threading
from typing import Any

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from desk_app.gui.background import run_in_background


class Tracked:
    """Notes the thread that frees it (a widget freed off the UI thread crashes Qt later)."""

    freed_on: list[str] = []

    def __del__(self) -> None:
        Tracked.freed_on.append(threading.current_thread().name)


def test_what_the_work_holds_is_freed_on_the_ui_thread(qtbot: QtBot) -> None:
    Tracked.freed_on.clear()
    pool = QThreadPool()
    answers: list[Any] = []

    def hand_over() -> None:
        held = Tracked()  # only the work's closure keeps it
        run_in_background(lambda: held and "done", lambda r, e: answers.append((r, e)), pool=pool)

    hand_over()
    assert pool.waitForDone(10_000)  # the pool thread is finished with the task
    gc.collect()
    assert Tracked.freed_on == []  # still held for the UI thread's answer
    qtbot.waitUntil(lambda: answers == [("done", None)])
    gc.collect()
    assert Tracked.freed_on == [threading.main_thread().name]


def test_a_failure_reaches_on_done_on_the_ui_thread(qtbot: QtBot) -> None:
    answered: list[tuple[str, str]] = []

    def fail() -> None:
        raise ValueError("no")

    run_in_background(
        fail,
        lambda r, e: answered.append((threading.current_thread().name, repr(e))),
    )
    qtbot.waitUntil(lambda: answered != [])
    assert answered == [(threading.main_thread().name, "ValueError('no')")]
