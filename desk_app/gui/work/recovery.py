"""A short recovery pause offered after a hard interaction; never forced.

After a wrap-up is sent the desk asks the domain whether the interaction was
a hard one (a complaint, or a handle time far over the rep's usual). The
rep's usual is the median handle time of their last :data:`USUAL_OF` done
interactions of the same channel in the local cache: it works offline and
follows the rep's own pace. A small banner then offers the pause; taking it
asks for "not ready" with the ``recovery`` reason (an op like any state the
rep picks), and "No thanks" only closes the banner.
"""

import statistics
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desk_app.client.store import LocalStore
from desk_app.domain.enums import AgentState, InteractionStatus, NotReadyReason
from desk_app.domain.wrapup import RECOVERY_PAUSE, WrapUp, recovery_offered
from desk_app.gui.records import parse_time

USUAL_OF = 20


def handle_time(record: dict[str, Any]) -> timedelta | None:
    """From answered to ended, when the record has both."""
    answered = parse_time(record.get("answered_at"))
    ended = parse_time(record.get("ended_at"))
    return None if answered is None or ended is None else ended - answered


def usual_handle(
    records: Iterable[dict[str, Any]],
    *,
    user_id: uuid.UUID,
    channel: str | None,
    leave_out: uuid.UUID,
) -> timedelta | None:
    """The median handle time of the rep's last :data:`USUAL_OF` done interactions of a channel."""
    done = [
        record
        for record in records
        if record.get("status") == InteractionStatus.DONE
        and record.get("channel") == channel
        and str(record.get("assigned_agent_id")) == str(user_id)
        and str(record.get("id")) != str(leave_out)
        and handle_time(record) is not None
    ]
    done.sort(key=lambda record: parse_time(record["ended_at"]) or 0, reverse=True)
    handles = [handle_time(record) for record in done[:USUAL_OF]]
    return statistics.median(h for h in handles if h is not None) if handles else None


class RecoveryOffer(QFrame):
    """The banner: "That was a hard one. Take 3 minutes?" [Take a pause] [No thanks]."""

    taken = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        minutes = int(RECOVERY_PAUSE.total_seconds() // 60)
        self.text = QLabel(
            self.tr("That was a hard one. Take {minutes} minutes?").format(minutes=minutes),
            objectName="recoveryText",
        )
        self.take_button = QPushButton(self.tr("Take a &pause"), objectName="takeRecovery")
        self.dismiss_button = QPushButton(self.tr("No &thanks"), objectName="dismissRecovery")
        self.setAccessibleName(self.text.text())
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.take_button)
        layout.addWidget(self.dismiss_button)
        self.take_button.clicked.connect(self._take)
        self.dismiss_button.clicked.connect(self.hide)
        self.hide()

    def _take(self) -> None:
        self.hide()
        self.taken.emit()


class Recovery(QObject):
    """Decides after each wrap-up whether to show the offer; a taken one asks for the pause."""

    def __init__(
        self,
        *,
        store: LocalStore,
        user_id: uuid.UUID,
        offer: RecoveryOffer,
        request_state: Callable[[str, str | None], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._user_id = user_id
        self._offer = offer
        self._request_state = request_state
        offer.taken.connect(self._take)

    def wrapped_up(self, interaction_id: uuid.UUID, done: WrapUp) -> None:
        """A wrap-up was sent: offer the pause after a hard interaction."""
        record = self._store.record("interaction", interaction_id) or {}
        usual = usual_handle(
            self._store.records("interaction"),
            user_id=self._user_id,
            channel=record.get("channel"),
            leave_out=interaction_id,
        )
        hard = recovery_offered(
            done.disposition.code, record.get("category"), handle=handle_time(record), usual=usual
        )
        if hard:
            self._offer.show()

    def _take(self) -> None:
        self._request_state(AgentState.NOT_READY.value, NotReadyReason.RECOVERY.value)
