"""A desk killed with SIGKILL mid-write leaves a store that opens with every committed op."""

import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from desk_app.client.store import LocalStore

ROOT = Path(__file__).resolve().parents[2]


def test_every_op_whose_write_returned_survives_a_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "rep.sqlite3"
    LocalStore.open(path).close()  # migrated before the child starts writing
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.client.crash_writer", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    committed: list[uuid.UUID] = []
    try:
        for line in child.stdout:
            committed.append(uuid.UUID(line.strip()))
            if len(committed) == 300:
                break
    finally:
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=10)
    committed += [uuid.UUID(line) for line in rest.split() if len(line) == 36]  # not a cut line
    assert child.returncode == -signal.SIGKILL
    assert len(committed) >= 300

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    store = LocalStore.open(path)
    waiting = {op.op_id for op in store.replica.pending(100_000)}
    assert set(committed) <= waiting
    assert len(store.records("note")) == len(waiting)  # each op with its local change
    assert store.draft("note:typing") is not None
    store.close()
