"""Gives each chat and email tab its reply box, and keeps the boxes in step with the cache.

A box is added the first time its tab comes to the front (every tab does
when it opens); its draft is read back from the store then, so a tab
reopened after a restart (or a crash) shows the reply as it was left. The
draft goes when the interaction ends: the server takes no reply after that.
"""

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desk_app.client.session import Profile
from desk_app.client.store import LocalStore, RecordChange
from desk_app.domain.enums import Channel, InteractionStatus
from desk_app.gui.reply import cached
from desk_app.gui.reply.box import ReplyBox, draft_key
from desk_app.gui.work.tabs import InteractionTabs

REPLY_CHANNELS = (Channel.CHAT, Channel.EMAIL)
FINISHED = (InteractionStatus.DONE, InteractionStatus.ABANDONED)
_ANSWER_ENTITIES = ("canned_answer", "agent_profile")


class ReplyBoxes(QObject):
    """The reply boxes of the open tabs. Re-emits the boxes' ``opQueued`` and ``cacheChanged``."""

    opQueued = Signal()
    cacheChanged = Signal(list)

    def __init__(
        self,
        *,
        store: LocalStore,
        tabs: InteractionTabs,
        profile: Profile,
        wake: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._tabs = tabs
        self._profile = profile
        self._wake = wake
        tabs.currentInteractionChanged.connect(self.attach)

    def box(self, interaction_id: uuid.UUID) -> ReplyBox | None:
        tab = self._tabs.tab(interaction_id)
        box = getattr(tab, "reply_box", None)
        return box if isinstance(box, ReplyBox) else None

    def attach(self, interaction_id: uuid.UUID | None) -> None:
        """Give the tab its box if it is a chat or email and has none yet."""
        tab = self._tabs.tab(interaction_id) if interaction_id else None
        if tab is None or tab.reply_box is not None:
            return
        if tab.record.get("channel") not in REPLY_CHANNELS:
            return
        box = ReplyBox(self._store, tab.record, self._profile, wake=self._wake)
        box.opQueued.connect(self.opQueued)
        box.cacheChanged.connect(self.cacheChanged)
        tab.set_reply_box(box)

    def records_changed(self, changes: list[RecordChange]) -> None:
        """Redraw what the sync thread (or a macro) changed: messages, answers, the interaction."""
        self._forget_finished(changes)
        self._give_back_refused(changes)
        boxes = [b for b in map(self.box, self._tabs.open_ids()) if b is not None]
        if not boxes:
            return
        entities = {change.entity for change in changes}
        for box in boxes:
            if cached.MESSAGE in entities:
                box.refresh_conversation()
            if entities & set(_ANSWER_ENTITIES):
                box.reload_answers()
        for change in changes:
            if change.entity == "interaction" and change.action == "changed":
                box_of = self.box(change.id)
                record = self._store.record("interaction", change.id)
                if box_of is not None and record is not None:
                    box_of.update_record(record)

    def _forget_finished(self, changes: list[RecordChange]) -> None:
        """Drop the drafts of interactions that take no more replies (ended, or gone from sight)."""
        for change in changes:
            if change.entity != "interaction":
                continue
            record = self._store.record("interaction", change.id)
            if record is None or record.get("status") in FINISHED:
                self._store.discard_draft(draft_key(change.id))

    def _give_back_refused(self, changes: list[RecordChange]) -> None:
        """A reply the server refused leaves the conversation: its text goes back to its box."""
        gone = {c.id for c in changes if c.entity == cached.MESSAGE and c.action == "removed"}
        if not gone:
            return
        for refused in self._store.rejected():
            message_id = refused.payload.get("id")
            if refused.kind != "interaction.reply" or uuid.UUID(str(message_id)) not in gone:
                continue
            box = self.box(uuid.UUID(str(refused.payload["interaction_id"])))
            if box is not None:
                box.give_back(str(refused.payload.get("body") or ""), refused.reason)
                self._store.dismiss_rejected(refused.op_id)  # the rep has been told, in place
