"""The ringing banner: the work the router offers this rep, to accept or decline.

Several offers can be out at once (a chat offered while a call rings), so the
banner keeps them in a stack and shows the newest; when one is withdrawn the
next newest shows again. Accepting or declining only *asks* (the signals carry
the interaction id): the offer leaves the banner when the main window calls
:meth:`OfferBanner.withdraw`, i.e. when the server's record says it is gone.
"""

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.gui.offer.display import (
    channel_name,
    display_number,
    record_id,
    who,
)
from desk_app.gui.records import parse_time

ACCEPT_KEYS = "Ctrl+Shift+A"
DECLINE_KEYS = "Ctrl+Shift+D"
RINGING_BACKGROUND = QColor("#ffe8a3")  # the default look; a theme restyles #OfferBanner
TICK_MS = 500


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Offer:
    interaction: dict[str, Any]
    customer: dict[str, Any] | None

    @property
    def id(self) -> uuid.UUID:
        return record_id(self.interaction)


class OfferBanner(QFrame):
    """The newest offer with its caller, a countdown and accept/decline.

    Invariants: visible exactly while at least one offer is stacked; shows the
    newest; the shortcuts act only while it is visible (Qt disables the
    shortcuts of a hidden widget), from anywhere in its window.
    """

    acceptRequested = Signal(object)
    declineRequested = Signal(object)

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], datetime] = _now
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("OfferBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, RINGING_BACKGROUND)
        palette.setColor(QPalette.ColorRole.WindowText, QColor("black"))
        self.setPalette(palette)
        self.setAccessibleName(self.tr("Incoming offer"))
        self._channel = QLabel(objectName="OfferChannel")
        self._caller = QLabel(objectName="OfferCaller")
        caller_font = QFont(self._caller.font())
        caller_font.setBold(True)
        caller_font.setPointSizeF(caller_font.pointSizeF() * 1.25)
        self._caller.setFont(caller_font)
        self._subject = QLabel(objectName="OfferSubject")
        self._countdown = QLabel(objectName="OfferCountdown")
        self._more = QLabel(objectName="OfferMore")
        self._status = QLabel(objectName="OfferStatus")
        self._status.setWordWrap(True)
        self._accept = QPushButton(self.tr("&Accept"), objectName="OfferAccept")
        self._accept.setAccessibleName(self.tr("Accept offer"))
        self._accept.setToolTip(self.tr("Accept ({keys})").format(keys=ACCEPT_KEYS))
        self._decline = QPushButton(self.tr("&Decline"), objectName="OfferDecline")
        self._decline.setAccessibleName(self.tr("Decline offer"))
        self._decline.setToolTip(self.tr("Decline ({keys})").format(keys=DECLINE_KEYS))
        text = QVBoxLayout()
        for label in (self._channel, self._caller, self._subject, self._status):
            text.addWidget(label)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        for widget in (self._countdown, self._more, self._accept, self._decline):
            layout.addWidget(widget)
        # models
        self._clock = clock
        self._offers: list[_Offer] = []  # oldest first; the last one shows
        self._asked: set[uuid.UUID] = set()  # answered here, not yet withdrawn
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        # connections
        self._tick.timeout.connect(self._show_countdown)
        self._accept.clicked.connect(self._on_accept)
        self._decline.clicked.connect(self._on_decline)
        for keys, slot in ((ACCEPT_KEYS, self._on_accept), (DECLINE_KEYS, self._on_decline)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        # populate
        self.hide()

    # --- what the main window calls --------------------------------------

    def show_offer(self, interaction: dict[str, Any], customer: dict[str, Any] | None) -> None:
        """Stack an offer (or refresh a stacked one in its place) and show the newest."""
        offer = _Offer(interaction, customer)
        for index, stacked in enumerate(self._offers):
            if stacked.id == offer.id:
                self._offers[index] = offer
                break
        else:
            self._offers.append(offer)
        self._render()

    def withdraw(self, interaction_id: uuid.UUID) -> None:
        """Forget an offer (taken, declined, timed out or gone); the next newest shows, if any."""
        self._offers = [offer for offer in self._offers if offer.id != interaction_id]
        self._asked.discard(interaction_id)
        self._render()

    def show_error(self, interaction_id: uuid.UUID, message: str) -> None:
        """The accept or decline of this offer failed: say why and let the rep try again."""
        self._asked.discard(interaction_id)
        if self.current() == interaction_id:
            self._render()
            self._status.setText(message)

    def current(self) -> uuid.UUID | None:
        """The offer shown (the newest), if any."""
        return self._offers[-1].id if self._offers else None

    def offer_ids(self) -> list[uuid.UUID]:
        """Every stacked offer, oldest first."""
        return [offer.id for offer in self._offers]

    # --- drawing -----------------------------------------------------------

    def _render(self) -> None:
        if not self._offers:
            self._tick.stop()
            self.hide()
            return
        offer = self._offers[-1]
        interaction = offer.interaction
        name = who(interaction, offer.customer)
        number = display_number(interaction.get("from_address"))
        caller = f"{name} · {number}" if number else name
        self._channel.setText(channel_name(interaction.get("channel")))
        self._caller.setText(caller)
        self._subject.setText(interaction.get("subject") or "")
        self._subject.setVisible(bool(interaction.get("subject")))
        waiting = len(self._offers) - 1
        self._more.setText(self.tr("+%n more waiting", "", waiting))
        self._more.setVisible(waiting > 0)
        asked = offer.id in self._asked
        self._accept.setEnabled(not asked)
        self._decline.setEnabled(not asked)
        self._status.setText(self.tr("Answering…") if asked else "")
        self.setAccessibleDescription(
            self.tr("{channel} from {caller}").format(
                channel=channel_name(interaction.get("channel")), caller=caller
            )
        )
        self._show_countdown()
        self._tick.start()
        self.show()

    def _show_countdown(self) -> None:
        if not self._offers:
            return
        expires = parse_time(self._offers[-1].interaction.get("offer_expires_at"))
        self._countdown.setVisible(expires is not None)
        if expires is not None:
            left = max(0, math.ceil((expires - self._clock()).total_seconds()))
            self._countdown.setText(self.tr("%n s left", "", left))

    # --- the rep's answer --------------------------------------------------

    def _answer(self, signal: SignalInstance) -> None:
        current = self.current()
        if current is None or current in self._asked:
            return
        self._asked.add(current)
        self._render()
        signal.emit(current)

    def _on_accept(self) -> None:
        self._answer(self.acceptRequested)

    def _on_decline(self) -> None:
        self._answer(self.declineRequested)
