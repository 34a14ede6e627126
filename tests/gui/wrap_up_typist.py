"""A desk process that types a wrap-up note and then waits to be killed (the crash test's).

Run as ``python -m tests.gui.wrap_up_typist STORE_FILE INTERACTION_ID``: it
opens the store and a wrap-up panel offscreen, types :data:`NOTE` key by key
as a rep would, prints ``typed`` and sleeps until it is killed.
"""

import sys
import time
import uuid
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desk_app.client.store import LocalStore
from desk_app.gui.work.wrap_up import WrapUpPanel, desk_queues

NOTE = (
    "Customer called about order O-1000123, parcel stuck at the depot since Monday. "
    "Refunded the shipping to card 4111 1111 1111 1111 as agreed. "
    "Told her the claim takes up to 5 working days; she is happy with that."
)


def main(store_file: Path, interaction_id: uuid.UUID) -> None:
    app = QApplication(sys.argv[:1])
    store = LocalStore.open(store_file)
    panel = WrapUpPanel(
        store,
        interaction_id,
        queue=desk_queues()["default"],
        unconfirmed=list,
        suggested=tuple,
    )
    panel.begin()
    QTest.keyClicks(panel.notes, NOTE)
    app.processEvents()
    print("typed", flush=True)
    while True:  # typing on, as far as anyone can tell, until SIGKILL
        time.sleep(1)


if __name__ == "__main__":
    main(Path(sys.argv[1]), uuid.UUID(sys.argv[2]))
