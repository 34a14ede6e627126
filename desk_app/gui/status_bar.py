"""The window's status bar: agent state, connection, ops waiting, the oldest SLA, my shift.

The agent-state selector shows what the server says (the ``agent_profile``
record of the change feed, with this desk's unsent choice laid over it) and
asks for a change through :attr:`DeskStatusBar.stateRequested`; it never
decides the state itself. States the rep cannot pick (busy, wrap-up, away,
missed offer) appear when the server reports them, greyed out.
"""

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QStatusBar, QWidget

from desk_app.client.status import SyncStatus
from desk_app.domain.enums import AgentState, NotReadyReason

TICK_MS = 1000
CHOOSABLE_REASONS = (
    NotReadyReason.BREAK,
    NotReadyReason.LUNCH,
    NotReadyReason.TRAINING,
    NotReadyReason.MEETING,
    NotReadyReason.RECOVERY,
)
Choice = tuple[str, str | None]  # (state, not-ready reason)


def _clock(moment: datetime) -> str:
    """``hh:mm`` in the desk's local time."""
    return moment.astimezone().strftime("%H:%M")


def _span(seconds: float) -> str:
    seconds = int(abs(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _when(value: Any) -> datetime | None:
    """A feed timestamp as an aware datetime (the server's times are UTC)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _key(state: str, reason: str | None) -> str:
    """An item's data: a plain string, which QComboBox.findData compares reliably."""
    return f"{state}:{reason or ''}"


class AgentStateSelector(QComboBox):
    """Ready, not ready with a reason, offline; other server states shown but not choosable."""

    choiceMade = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agentStateSelector")
        self.setAccessibleName(self.tr("My state"))
        reasons = {
            NotReadyReason.BREAK: self.tr("Not ready: break"),
            NotReadyReason.LUNCH: self.tr("Not ready: lunch"),
            NotReadyReason.TRAINING: self.tr("Not ready: training"),
            NotReadyReason.MEETING: self.tr("Not ready: meeting"),
            NotReadyReason.RECOVERY: self.tr("Not ready: recovery"),
        }
        self._add(self.tr("Ready"), AgentState.READY)
        for reason in CHOOSABLE_REASONS:
            self._add(reasons[reason], AgentState.NOT_READY, reason)
        self._add(self.tr("Offline"), AgentState.OFFLINE)
        # what the server may report but the rep does not pick
        self._add(self.tr("Busy"), AgentState.BUSY, choosable=False)
        self._add(self.tr("Wrap-up"), AgentState.WRAP_UP, choosable=False)
        self._add(self.tr("Away"), AgentState.AWAY, choosable=False)
        self._add(
            self.tr("Not ready: missed offer"),
            AgentState.NOT_READY,
            NotReadyReason.MISSED_OFFER,
            choosable=False,
        )
        self._add(
            self.tr("Not ready: must-read updates"),
            AgentState.NOT_READY,
            NotReadyReason.MUST_READ,
            choosable=False,
        )
        self.show_choice(AgentState.OFFLINE, None)
        self.activated.connect(self._on_activated)

    def _add(
        self,
        label: str,
        state: AgentState,
        reason: NotReadyReason | None = None,
        *,
        choosable: bool = True,
    ) -> None:
        self.addItem(label, _key(state.value, reason.value if reason else None))
        if not choosable:
            model = self.model()
            assert isinstance(model, QStandardItemModel)
            model.item(self.count() - 1).setEnabled(False)

    def choice(self) -> Choice:
        state, _, reason = str(self.currentData()).partition(":")
        return state, reason or None

    def show_choice(self, state: str, reason: str | None) -> None:
        """Show the server's state without asking for a change."""
        index = self.findData(_key(state, reason if state == AgentState.NOT_READY else None))
        if index < 0 and state == AgentState.NOT_READY:  # a reason this desk does not know
            index = self.findData(_key(state, NotReadyReason.BREAK.value))
        if index >= 0:
            self.setCurrentIndex(index)

    def _on_activated(self, _index: int) -> None:
        state, reason = self.choice()
        self.choiceMade.emit(state, reason)


class DeskStatusBar(QStatusBar):
    """Connection, ops waiting, the oldest SLA, a not-ready warning and the state selector."""

    stateRequested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskStatusBar")
        self._status = SyncStatus()
        self._oldest_due: datetime | None = None
        # UI
        self.warning_label = QLabel(objectName="notReadyWarning")
        self.warning_label.setVisible(False)
        self.sla_label = QLabel(objectName="oldestSla")
        self.shift_label = QLabel(objectName="shiftLeft")  # "shift ends in 3 h 20 min"
        self.shift_label.setVisible(False)
        self.ops_label = QLabel(objectName="opsWaiting")
        self.connection_label = QLabel(objectName="connectionState")
        self.state_selector = AgentStateSelector()
        for widget in (
            self.warning_label,
            self.shift_label,
            self.sla_label,
            self.ops_label,
            self.connection_label,
            self.state_selector,
        ):
            self.addPermanentWidget(widget)
        # connections
        self.state_selector.choiceMade.connect(self.stateRequested)
        # populate
        self.show_sync(self._status)
        self.show_oldest_due(None)
        # subscriptions: the SLA clock
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._show_sla)
        self._ticker.start()

    # --- what the window shows here ---------------------------------------------

    def show_agent(self, profile: dict[str, Any] | None) -> None:
        """The agent's state as the server reports it (``agent_profile`` record)."""
        if profile is None:
            return
        state, reason = str(profile.get("state")), profile.get("reason")
        self.state_selector.show_choice(state, reason)
        warned_at = _when(profile.get("warned_at"))
        since = _when(profile.get("state_since"))
        warned = (
            state == AgentState.NOT_READY
            and warned_at is not None
            and (since is None or warned_at >= since)
        )
        if warned:
            self.warning_label.setText(
                self.tr("Your {reason} time is nearly used up").format(
                    reason=str(reason or "").replace("_", " ")
                )
            )
        self.warning_label.setVisible(warned)

    def show_sync(self, status: SyncStatus) -> None:
        self._status = status
        if status.online:
            text = self.tr("Online, live") if status.streaming else self.tr("Online")
        elif status.offline_since is not None:
            text = self.tr("Offline since {time}").format(time=_clock(status.offline_since))
        else:
            text = self.tr("Offline")
        if not status.online and status.last_synced_at is not None:
            text += " · " + self.tr("last synced {time}").format(time=_clock(status.last_synced_at))
        self.connection_label.setText(text)
        self.connection_label.setToolTip(status.last_error or "")
        parts = [self.tr("{count} ops waiting").format(count=status.ops_waiting)]
        if status.conflicts:
            parts.append(self.tr("{count} conflicts").format(count=status.conflicts))
        if status.rejected:
            parts.append(self.tr("{count} rejected").format(count=status.rejected))
        self.ops_label.setText(" · ".join(parts))

    def show_shift(self, text: str) -> None:
        """Where the rep is in today's shift (empty: no shift today, or it is over)."""
        self.shift_label.setText(text)
        self.shift_label.setVisible(bool(text))

    def show_oldest_due(self, due: datetime | None) -> None:
        """The SLA due time of the oldest waiting item (the queue's ``oldestDueChanged``)."""
        self._oldest_due = due
        self._show_sla()

    def _show_sla(self) -> None:
        due = _when(self._oldest_due)
        if due is None:
            self.sla_label.setText(self.tr("Queue: nothing waiting"))
            return
        left = (due - datetime.now(UTC)).total_seconds()
        if left >= 0:
            self.sla_label.setText(self.tr("Oldest SLA: {left} left").format(left=_span(left)))
        else:
            self.sla_label.setText(self.tr("Oldest SLA: {over} over").format(over=_span(left)))
