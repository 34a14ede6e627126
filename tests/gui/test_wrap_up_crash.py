"""A desk killed with SIGKILL while a wrap-up note is typed shows the draft whole on restart.

The draft lives in the local store, written with every keystroke. The issue
asks that card numbers be masked before anything is stored, so the draft
keeps the card number masked (last four digits) and every other character
as typed; the rep's editor showed the digits until the crash.
"""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.client.store import LocalStore
from desk_app.domain.pan import mask_pans
from desk_app.gui.work.wrap_up import WrapUpPanel, desk_queues, draft_key
from tests.gui.wrap_up_typist import NOTE

ROOT = Path(__file__).resolve().parents[2]


def test_the_draft_survives_a_sigkill_mid_note(qtbot: QtBot, tmp_path: Path) -> None:
    store_file = tmp_path / "desk.sqlite3"
    LocalStore.open(store_file).close()  # the desk's store exists before the desk types in it
    interaction_id = uuid.uuid4()
    typist = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.wrap_up_typist", str(store_file), str(interaction_id)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert typist.stdout is not None
        assert typist.stdout.readline().strip() == "typed"
    finally:
        typist.send_signal(signal.SIGKILL)
        typist.wait()
    assert typist.returncode == -signal.SIGKILL

    store = LocalStore.open(store_file)
    try:
        expected = NOTE.replace("4111 1111 1111 1111", "•••• 1111")
        assert mask_pans(NOTE) == expected
        assert store.draft(draft_key(interaction_id)) == expected
        panel = WrapUpPanel(
            store,
            interaction_id,
            queue=desk_queues()["default"],
            unconfirmed=list,
            suggested=tuple,
        )
        qtbot.addWidget(panel)
        panel.begin()
        assert panel.notes.toPlainText() == expected
    finally:
        store.close()
