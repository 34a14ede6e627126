"""The queue at a glance on sign-in: waiting per channel and the oldest wait, in a thin strip.

Asked of the server (``GET /queue/summary``) off the UI thread; when it
cannot answer, counted from the queued interactions this desk has cached
and labelled so. The strip sits above the queue for the first minutes
after sign-in (:data:`SHOWN_FOR_MS`), then leaves; Hide closes it sooner.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desk_app.client.api import DeskApi
from desk_app.client.store import LocalStore
from desk_app.domain.enums import Channel, InteractionStatus
from desk_app.gui.records import parse_time

SHOWN_FOR_MS = 5 * 60_000
WAITING = (InteractionStatus.QUEUED.value, InteractionStatus.OFFERED.value)
Summary = dict[str, Any]


class Direct(Protocol):
    """:class:`desk_app.gui.lookup.direct.DirectCalls`, as used here."""

    def call(
        self,
        work: Callable[[DeskApi], Summary],
        on_done: Callable[[Summary | None, Exception | None], None],
    ) -> None: ...


def _now() -> datetime:
    return datetime.now(UTC)


def count_locally(interactions: Iterable[dict[str, Any]]) -> Summary:
    """The server's summary shape, from the cached interactions still waiting."""
    waiting: dict[str, int] = {channel.value: 0 for channel in Channel}
    oldest: dict[str, datetime] = {}
    for record in interactions:
        if record.get("status") not in WAITING:
            continue
        channel = str(record.get("channel"))
        waiting[channel] = waiting.get(channel, 0) + 1
        queued = parse_time(record.get("queued_at"))
        if queued is not None and (channel not in oldest or queued < oldest[channel]):
            oldest[channel] = queued
    return {
        "channels": [
            {
                "channel": channel,
                "waiting": count,
                "oldest_queued_at": oldest[channel].isoformat() if channel in oldest else None,
            }
            for channel, count in waiting.items()
        ]
    }


class QueueGlance(QFrame):
    """The strip; :meth:`load` asks, then shows the answer (or the local count)."""

    def __init__(
        self,
        *,
        store: LocalStore,
        direct: Direct,
        reachable: Callable[[], bool],
        clock: Callable[[], datetime] = _now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._direct = direct
        self._reachable = reachable
        self._clock = clock
        self.channels = {
            Channel.VOICE.value: self.tr("voice"),
            Channel.CHAT.value: self.tr("chat"),
            Channel.EMAIL.value: self.tr("email"),
            Channel.TICKET.value: self.tr("tickets"),
            Channel.WALK_IN.value: self.tr("walk-in"),
        }
        # UI
        self.setObjectName("queueGlance")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(objectName="queueGlanceText")
        self.text.setWordWrap(True)
        self.hide_button = QPushButton(self.tr("Hide"), objectName="queueGlanceHide")
        self.hide_button.setAccessibleName(self.tr("Hide the queue at a glance"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.hide_button)
        self.setVisible(False)
        # models
        self.from_copy = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOWN_FOR_MS)
        # connections
        self._timer.timeout.connect(self.hide)
        self.hide_button.clicked.connect(self.hide)

    def load(self) -> None:
        """At sign-in: ask the server when it may answer, else count this desk's copy."""
        if not self._reachable():
            self._show(self._local(), from_copy=True)
            return
        self._direct.call(lambda api: api.queue_summary(), self._answered)

    def _local(self) -> Summary:
        return count_locally(self._store.records("interaction"))

    def _answered(self, summary: Summary | None, error: Exception | None) -> None:
        if error is not None or summary is None:
            self._show(self._local(), from_copy=True)
        else:
            self._show(summary, from_copy=False)

    def _show(self, summary: Summary, *, from_copy: bool) -> None:
        self.from_copy = from_copy
        now = self._clock()
        parts = []
        for entry in summary.get("channels") or []:
            count = int(entry.get("waiting") or 0)
            name = self.channels.get(str(entry.get("channel")), str(entry.get("channel")))
            part = self.tr("{channel} {count}").format(channel=name, count=count)
            oldest = parse_time(entry.get("oldest_queued_at"))
            if count and oldest is not None:
                minutes = max(0, int((now - oldest).total_seconds() // 60))
                part += " " + self.tr("(oldest {minutes} min)").format(minutes=minutes)
            parts.append(part)
        text = self.tr("Waiting when you signed in: {channels}").format(channels=" · ".join(parts))
        if from_copy:
            text += " — " + self.tr("from this desk's copy")
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.setVisible(True)
        self._timer.start()
