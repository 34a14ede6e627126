"""One open interaction: who it is with, what it is about, how long it has run.

A voice call also has its call-control bar; a chat or email gets its reply
box (:mod:`desk_app.gui.reply`) under the details. Every field is drawn
from the latest record the main window hands in. The wrap-up panel
(:mod:`desk_app.gui.work.wrap_up`) sits under the call controls, hidden
until the call ends or the rep ends a chat or email ("Wrap up", Ctrl+Shift+W).
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.domain.enums import Channel, InteractionStatus
from desk_app.gui.offer.display import (
    TEL,
    channel_name,
    e164,
    elapsed,
    phone_links,
    record_id,
    who,
)
from desk_app.gui.records import parse_time
from desk_app.gui.work.call_controls import CallControls

if TYPE_CHECKING:
    from desk_app.gui.work.wrap_up import WrapUpPanel

TICK_MS = 1000
WRAP_UP_KEY = "Ctrl+Shift+W"
# A chat or email the rep ends; a call ends by itself (the PBX says so).
NOT_ENDED = (InteractionStatus.OFFERED, InteractionStatus.ACTIVE)


def _now() -> datetime:
    return datetime.now(UTC)


def _phones(interaction: dict[str, Any], customer: dict[str, Any] | None) -> list[Any]:
    """The customer's numbers, and the caller's own if it is not among them."""
    phones = list((customer or {}).get("phones") or [])
    caller = e164(interaction.get("from_address"))
    known = {e164(p.get("number") if isinstance(p, dict) else p) for p in phones}
    if caller and caller not in known:
        phones.insert(0, caller)
    return phones


class InteractionTab(QWidget):
    """The page of one interaction in the tabs.

    Emits ``commandRequested(command, target_type, target)`` from the call
    bar and ``dialRequested(e164)`` for a clicked number.
    """

    commandRequested = Signal(str, object, object)  # command, target_type, target
    dialRequested = Signal(str)

    def __init__(
        self,
        interaction: dict[str, Any],
        customer: dict[str, Any] | None,
        *,
        region: str,
        clock: Callable[[], datetime] = _now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("InteractionTab")
        self._name = QLabel(objectName="tabCustomer")
        name_font = QFont(self._name.font())
        name_font.setBold(True)
        name_font.setPointSizeF(name_font.pointSizeF() * 1.25)
        self._name.setFont(name_font)
        self._topic = QLabel(objectName="tabTopic")
        self._handle = QLabel(objectName="handleTime")
        self._handle.setAccessibleName(self.tr("Handle time"))
        self._phones = QLabel(objectName="tabPhones")
        self._phones.setTextFormat(Qt.TextFormat.RichText)
        self._phones.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._phones.setOpenExternalLinks(False)
        self._phones.setAccessibleName(self.tr("Phone numbers, activate one to dial it"))
        self._from = QLabel(objectName="tabFrom")
        self._to = QLabel(objectName="tabTo")
        for label in (self._from, self._to, self._topic):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._details = QFormLayout()
        self._details.addRow(self.tr("Phone"), self._phones)
        self._details.addRow(self.tr("From"), self._from)
        self._details.addRow(self.tr("To"), self._to)
        self.controls = CallControls(region)
        self.wrap_up_button = QPushButton(self.tr("Wrap up"), objectName="beginWrapUp")
        self.wrap_up_button.setToolTip(
            self.tr("End the conversation and wrap up ({key})").format(key=WRAP_UP_KEY)
        )
        self.wrap_up_button.setAccessibleDescription(self.wrap_up_button.toolTip())
        self.wrap_up_button.hide()  # until the tab has its wrap-up panel
        wrap_up_shortcut = QShortcut(QKeySequence(WRAP_UP_KEY), self)
        wrap_up_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # the tab in front only
        layout = QVBoxLayout(self)
        layout.addWidget(self._name)
        layout.addWidget(self._topic)
        layout.addWidget(self._handle)
        layout.addWidget(self.controls)
        layout.addWidget(self.wrap_up_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self._details)
        layout.addStretch(1)
        # models
        self._clock = clock
        self._record: dict[str, Any] = interaction
        self._customer = customer
        self.reply_box: QWidget | None = None
        self.wrap_up: WrapUpPanel | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        # connections
        self._timer.timeout.connect(self._show_handle_time)
        self.controls.commandRequested.connect(self.commandRequested)
        self.wrap_up_button.clicked.connect(self.begin_wrap_up)
        wrap_up_shortcut.activated.connect(self.begin_wrap_up)
        self._phones.linkActivated.connect(self._on_link)
        # populate
        self._draw()

    @property
    def interaction_id(self) -> uuid.UUID:
        return record_id(self._record)

    @property
    def record(self) -> dict[str, Any]:
        return self._record

    def title(self) -> str:
        """What the tab says: channel and who."""
        channel = channel_name(self._record.get("channel"))
        return f"{channel} · {who(self._record, self._customer)}"

    def update_record(self, record: dict[str, Any]) -> bool:
        """Redraw from a newer record; whether anything in it changed."""
        changed = record != self._record
        self._record = record
        self._draw()
        return changed

    def set_customer(self, customer: dict[str, Any] | None) -> None:
        """The customer became known (created or looked up after the tab opened)."""
        self._customer = customer
        self._draw()

    def set_reply_box(self, box: QWidget) -> None:
        """Put a chat's or email's reply box under the details, taking the room left."""
        layout = self.layout()
        layout.takeAt(layout.count() - 1)  # the stretch that kept the details at the top
        layout.addWidget(box, 1)
        self.reply_box = box

    def set_wrap_up(self, panel: "WrapUpPanel") -> None:
        """Put the (hidden) wrap-up panel under the call controls."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.wrap_up_button) + 1, panel)
        self.wrap_up = panel
        self._draw()

    def begin_wrap_up(self) -> None:
        """Open the wrap-up panel: a call once it has ended, a chat or email any time."""
        if self.wrap_up is None or self._is_live_call():
            return
        self.wrap_up.begin()
        self.wrap_up_button.hide()

    def _is_live_call(self) -> bool:
        record = self._record
        return record.get("channel") == Channel.VOICE and not (
            record.get("ended_at") or record.get("status") not in NOT_ENDED
        )

    def show_command_error(self, message: str) -> None:
        """A call command failed: the reason, inline under the call controls."""
        self.controls.show_error(message)

    def _draw(self) -> None:
        record, customer = self._record, self._customer
        name = who(record, customer)
        if customer and customer.get("vip"):
            name = self.tr("{name} (VIP)").format(name=name)
        self._name.setText(name)
        channel = channel_name(record.get("channel"))
        subject = record.get("subject") or ""
        self._topic.setText(f"{channel} · {subject}" if subject else channel)
        phones = _phones(record, customer)
        self._phones.setText(phone_links(phones))
        self._from.setText(record.get("from_address") or "")
        self._to.setText(record.get("to_address") or "")
        is_call = record.get("channel") == Channel.VOICE
        for label, shown in (
            (self._phones, phones),
            (self._from, not is_call and record.get("from_address")),  # a caller's is a phone
            (self._to, record.get("to_address")),
        ):
            self._details.setRowVisible(label, bool(shown))
        self.controls.setVisible(is_call)
        self.wrap_up_button.setVisible(
            self.wrap_up is not None
            and self.wrap_up.isHidden()
            and not is_call
            and record.get("status") in NOT_ENDED
        )
        if is_call:
            self.controls.show_call(record.get("call_state"), muted=bool(record.get("muted")))
        self._show_handle_time()
        running = parse_time(record.get("answered_at")) and not record.get("ended_at")
        if running and not self._timer.isActive():
            self._timer.start()
        elif not running:
            self._timer.stop()

    def _show_handle_time(self) -> None:
        answered = parse_time(self._record.get("answered_at"))
        self._handle.setVisible(answered is not None)
        if answered is None:
            return
        until = parse_time(self._record.get("ended_at")) or self._clock()
        self._handle.setText(elapsed((until - answered).total_seconds()))

    def _on_link(self, link: str) -> None:
        if link.startswith(TEL):
            self.dialRequested.emit(link.removeprefix(TEL))
