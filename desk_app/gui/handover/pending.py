"""Which handover notes the rep still has to read: the rule, apart from the widgets.

The feed brings the notes of the rep's team and store (``handover_note``)
and the rep's own acknowledgements (``handover_ack``). Shown: not written by
the rep, not marked done, not yet acknowledged by the rep; oldest first.
"""

from collections.abc import Iterable
from typing import Any

Record = dict[str, Any]


def pending_notes(notes: Iterable[Record], acks: Iterable[Record], user_id: object) -> list[Record]:
    me = str(user_id)
    read = {str(ack.get("note_id")) for ack in acks if str(ack.get("user_id")) == me}
    waiting = [
        note
        for note in notes
        if str(note.get("author_id")) != me and not note.get("done") and str(note["id"]) not in read
    ]
    return sorted(waiting, key=lambda note: (str(note.get("created_at") or ""), str(note["id"])))
