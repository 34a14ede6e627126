"""One ticket's page in the work tabs: header, status and owner, SLA clocks, checklist, history.

The page shows the cached record (with this desk's unsynced changes laid
over it) and asks for changes by signals; :class:`TicketViews` turns them
into ops. The status list offers only the moves the life cycle allows; a
move the rules still refuse (open checklist items) is explained under it.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.store import ConflictView, RejectedView
from desk_app.domain.enums import Priority, TicketStatus
from desk_app.domain.tickets import TRANSITIONS
from desk_app.gui.conflict_bar import ConflictBar
from desk_app.gui.notes.section import NotesSection
from desk_app.gui.offer.display import error_label, record_id
from desk_app.gui.queue.item import SlaState
from desk_app.gui.tickets.display import (
    Clock,
    category_name,
    department_tier,
    first_response,
    number_of,
    priority_name,
    resolution,
    status_name,
)
from desk_app.gui.tickets.history import Names, history_html

TICK_MS = 30_000
CHECKLIST_HEIGHT = 110  # five items; more scroll
BODY_SIZES = (150, 600, 300)  # details, history, notes: the history gets the room


def _clock_html(label: str, clock: Clock) -> str:
    if clock.left is None:
        return f"{label}: <span style='color:#2e7d32'>met</span>"
    if clock.state == SlaState.PAUSED:
        text = f"{clock.text()} — paused (pending customer)"
    else:
        text = clock.text() if clock.state == SlaState.BREACHED else f"{clock.text()} left"
    colour = clock.colour()
    if colour is not None:
        text = f"<b style='color:{colour.name()}'>{text}</b>"
    return f"{label}: {text}"


class TicketView(QWidget):
    """A ticket's page.

    Signals: ``statusRequested(status)``, ``priorityRequested(priority)``,
    ``takeRequested()``, ``checkRequested(index, done)``,
    ``escalateRequested()``, ``customerRequested(customer_id)``,
    ``keepMineRequested(op_id)``, ``takeTheirsRequested(op_id)``,
    ``dismissRequested(op_id)``.
    """

    statusRequested = Signal(str)
    priorityRequested = Signal(str)
    takeRequested = Signal()
    checkRequested = Signal(int, bool)
    escalateRequested = Signal()
    customerRequested = Signal(object)
    keepMineRequested = Signal(object)
    takeTheirsRequested = Signal(object)
    dismissRequested = Signal(object)

    def __init__(
        self,
        record: dict[str, Any],
        *,
        names: Names,
        notes: NotesSection,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("TicketView")
        self.heading = QLabel(objectName="ticketHeading")
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.links = QLabel(objectName="ticketLinks")
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.collision = QLabel(objectName="collisionBanner")
        self.collision.setWordWrap(True)
        self.collision.setStyleSheet(
            "background:#fff4e5; color:#6d3a00; padding:4px; border:1px solid #e0b070"
        )
        self.collision.hide()
        self.escalate_button = QPushButton(self.tr("&Escalate…"), objectName="ticketEscalate")
        self.status = QComboBox(objectName="ticketStatus")
        self.status.setAccessibleName(self.tr("Status"))
        self.priority = QComboBox(objectName="ticketPriority")
        self.priority.setAccessibleName(self.tr("Priority"))
        for priority in Priority:
            self.priority.addItem(priority_name(priority), priority.value)
        self.owner = QLabel(objectName="ticketOwner")
        self.take_button = QPushButton(self.tr("Ta&ke it"), objectName="ticketTake")
        self.department = QLabel(objectName="ticketDepartment")
        self.sla = QLabel(objectName="ticketSla")
        self.sla.setTextFormat(Qt.TextFormat.RichText)
        self.refusal = error_label("ticketRefusal")
        self.state = QLabel(objectName="ticketSyncState")
        self.conflict = ConflictBar("ticketConflict")
        self.checklist = QListWidget(objectName="ticketChecklist")
        self.checklist.setAccessibleName(self.tr("Checklist"))
        self.checklist.setMaximumHeight(CHECKLIST_HEIGHT)
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history = QTextBrowser(objectName="ticketHistory")
        self.history.setAccessibleName(self.tr("History"))
        self.history.setOpenLinks(False)
        self.notes = notes
        owner_row = QHBoxLayout()
        owner_row.addWidget(self.owner, 1)
        owner_row.addWidget(self.take_button)
        form = QFormLayout()
        form.addRow(self.tr("&Status"), self.status)
        form.addRow(self.tr("&Priority"), self.priority)
        form.addRow(self.tr("Owner"), owner_row)
        form.addRow(self.tr("Queue"), self.department)
        form.addRow(self.tr("SLA"), self.sla)
        # the centre column is narrow beside the queue and the guide: the parts stack, the
        # history (what the next person reads) takes the room
        checklist = QVBoxLayout()
        checklist.addWidget(QLabel(self.tr("<b>Checklist</b>")))
        checklist.addWidget(self.checklist, 1)
        facts = QHBoxLayout()
        facts.addLayout(form, 1)
        facts.addLayout(checklist, 1)
        details = QWidget(objectName="ticketDetails")
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(facts, 1)
        details_layout.addWidget(self.refusal)
        timeline = QWidget(objectName="ticketTimeline")
        timeline_layout = QVBoxLayout(timeline)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.addWidget(QLabel(self.tr("<b>History</b>")))
        timeline_layout.addWidget(self.history, 1)
        self.body = QSplitter(Qt.Orientation.Vertical, objectName="ticketBody")
        for part, stretch in ((details, 0), (timeline, 3), (notes, 2)):
            self.body.addWidget(part)
            self.body.setStretchFactor(self.body.indexOf(part), stretch)
        self.body.setChildrenCollapsible(False)
        self.body.setSizes(list(BODY_SIZES))
        header = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.heading)
        heading.addWidget(self.links)
        header.addLayout(heading, 1)
        header.addWidget(self.escalate_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.collision)
        layout.addWidget(self.conflict)
        layout.addWidget(self.state)
        layout.addWidget(self.body, 1)
        # models
        self._id = record_id(record)
        self._record: dict[str, Any] = {}
        self._names = names
        self._clock = clock
        self._filling = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        # connections
        self.status.activated.connect(self._status_chosen)
        self.priority.activated.connect(self._priority_chosen)
        self.take_button.clicked.connect(self.takeRequested)
        self.escalate_button.clicked.connect(self.escalateRequested)
        self.checklist.itemChanged.connect(self._item_changed)
        self.links.linkActivated.connect(self._link)
        self.conflict.keepMineRequested.connect(self.keepMineRequested)
        self.conflict.takeTheirsRequested.connect(self.takeTheirsRequested)
        self.conflict.dismissRequested.connect(self.dismissRequested)
        self._timer.timeout.connect(self._show_clocks)
        self._timer.start()

    # --- what the coordinator calls -----------------------------------------------------

    @property
    def ticket_id(self) -> uuid.UUID:
        return self._id

    @property
    def record(self) -> dict[str, Any]:
        return self._record

    @property
    def customer_id(self) -> uuid.UUID | None:
        value = self._record.get("customer_id")
        return None if value in (None, "") else uuid.UUID(str(value))

    def title(self) -> str:
        return self.tr("Ticket {number}").format(number=number_of(self._record))

    def show_record(
        self,
        record: dict[str, Any],
        *,
        customer: dict[str, Any] | None,
        order: dict[str, Any] | None,
        notes: list[dict[str, Any]],
        may_take: bool,
    ) -> None:
        """The ticket as the cache has it now; ``notes``: its internal notes, for the history."""
        self._record = record
        self._filling = True
        try:
            self.heading.setText(f"{number_of(record)} · {record.get('subject') or ''}")
            self._show_links(record, customer, order)
            self._show_status(record)
            self.priority.setCurrentIndex(max(0, self.priority.findData(record.get("priority"))))
            owner = record.get("owner_id")
            if owner:
                self.owner.setText(self._names(owner) or self.tr("A colleague"))
            else:
                self.owner.setText(self.tr("Unowned — in the team's queue"))
            self.take_button.setVisible(may_take)
            self.department.setText(department_tier(record))
            self._show_checklist(record.get("checklist") or [])
            self.history.setHtml(history_html(record, notes, self._names))
            self._show_clocks()
        finally:
            self._filling = False

    def show_refusal(self, message: str | None) -> None:
        self.refusal.setText(message or "")
        self.refusal.setVisible(bool(message))

    def show_collision(self, text: str | None) -> None:
        self.collision.setText(text or "")
        self.collision.setVisible(bool(text))

    def show_sync(
        self, *, waiting: bool, conflict: ConflictView | None, rejected: RejectedView | None
    ) -> None:
        """Where this desk's changes to the ticket stand (the customer view's conflict bar)."""
        self.conflict.show_outcome(
            conflict,
            rejected,
            changed_first=self.tr("the ticket was changed by someone else first"),
        )
        self.state.setText(self.tr("Saved on this desk, waiting to sync") if waiting else "")
        self.state.setVisible(waiting)

    # --- inside -------------------------------------------------------------------------

    def _show_links(
        self, record: dict[str, Any], customer: dict[str, Any] | None, order: dict[str, Any] | None
    ) -> None:
        parts = []
        if record.get("customer_id"):
            name = (customer or {}).get("name") or self.tr("the customer")
            parts.append(self.tr("Customer: <a href='customer'>{name}</a>").format(name=name))
        if record.get("order_id"):
            number = (order or {}).get("number") or self.tr("linked")
            parts.append(self.tr("Order {number}").format(number=number))
        if record.get("category"):
            parts.append(category_name(record["category"]))
        self.links.setText(" · ".join(parts))

    def _show_status(self, record: dict[str, Any]) -> None:
        self.status.clear()
        try:
            current = TicketStatus(record.get("status"))
        except ValueError:
            return
        for status in (current, *sorted(TRANSITIONS[current], key=list(TicketStatus).index)):
            self.status.addItem(status_name(status), status.value)
        self.status.setCurrentIndex(0)
        self.escalate_button.setEnabled(current not in (TicketStatus.RESOLVED, TicketStatus.CLOSED))

    def _show_checklist(self, items: list[dict[str, Any]]) -> None:
        self.checklist.clear()
        for item in items:
            row = QListWidgetItem(str(item.get("text") or ""))
            row.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            done = Qt.CheckState.Checked if item.get("done") else Qt.CheckState.Unchecked
            row.setCheckState(done)
            self.checklist.addItem(row)
        if not items:
            self.checklist.addItem(self.tr("No checklist for this category."))

    def _show_clocks(self) -> None:
        now = self._clock()
        self.sla.setText(
            "<br>".join(
                (
                    _clock_html(self.tr("First response"), first_response(self._record, now)),
                    _clock_html(self.tr("Resolution"), resolution(self._record, now)),
                )
            )
        )

    def _status_chosen(self, position: int) -> None:
        chosen = self.status.itemData(position)
        if chosen and chosen != self._record.get("status"):
            self.statusRequested.emit(chosen)

    def _priority_chosen(self, position: int) -> None:
        chosen = self.priority.itemData(position)
        if chosen and chosen != self._record.get("priority"):
            self.priorityRequested.emit(chosen)

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or not self._record.get("checklist"):
            return
        self.checkRequested.emit(
            self.checklist.row(item), item.checkState() == Qt.CheckState.Checked
        )

    def _link(self, link: str) -> None:
        if link == "customer" and self.customer_id is not None:
            self.customerRequested.emit(self.customer_id)
