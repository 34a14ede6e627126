"""A desk that writes ops as fast as it can until it is killed (run by test_crash_safety).

After each ``record_op`` returns (its transaction committed) it prints the
op's id, so the parent knows exactly which ops must survive the kill.
"""

import sys
from pathlib import Path

from desk_app.client.store import LocalChange, LocalStore
from desk_app.domain.ids import new_id


def main(path: str) -> None:
    store = LocalStore.open(Path(path))
    subject = new_id()
    number = 0
    while True:
        note = new_id()
        body = f"note {number}"
        op_id = store.record_op(
            "note.add",
            {"id": note, "subject_type": "customer", "subject_id": subject, "body": body},
            local=LocalChange("note", note, {"body": body}),
        )
        store.save_draft("note:typing", body)
        print(op_id, flush=True)
        number += 1


if __name__ == "__main__":
    main(sys.argv[1])
