"""The desk's main window: the queue left, open work centre, the sidebar right, status below.

The window reads the local store and nothing else: records come from the
cache, changes arrive as :attr:`SyncBridge.recordsChanged`, the rep's
actions become ops in the outbox (the agent state, a customer's edits) or
requests through the bridge (accept, call controls). The look-up box in the
toolbar (Ctrl+K from anywhere) and the customers' 360° views ask the
server directly for what the rep waits for (:class:`DirectCalls`). The
knowledge base (F1 or Ctrl+Shift+K, and a script's KB links) is a page of the
sidebar beside the script guide (Ctrl+3). An interaction ends in its tab's
wrap-up panel (:class:`WrapUps`), which queues its op. Follow-ups due
("Due", with reminders), mentions and supervisor questions ("Inbox") are
pages of the left column; the last shift's handover notes show at sign-in.
Layout, splitter sizes and open tabs are kept in QSettings and restored on
the next start.
"""

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.client.api import DeskApi
from desk_app.client.session import DeskSession
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.enums import InteractionStatus
from desk_app.gui.customer.views import CustomerViews
from desk_app.gui.followups.coordinator import FollowUps
from desk_app.gui.handover.coordinator import Handover
from desk_app.gui.inbox.coordinator import Inbox
from desk_app.gui.inbox.notifier import Notifier
from desk_app.gui.inbox.subjects import Subject
from desk_app.gui.knowledge.panel import KnowledgePanel
from desk_app.gui.knowledge.search import KnowledgeSearch
from desk_app.gui.lookup.box import LookupBox
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.lookup.search import LookupSearch, server_reachable
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.offer.alerter import OfferAlerter
from desk_app.gui.offer.banner import OfferBanner
from desk_app.gui.offer.screen_pop import ScreenPop
from desk_app.gui.offers import OfferCoordinator
from desk_app.gui.queue.panel import QueuePanel
from desk_app.gui.reply.boxes import ReplyBoxes
from desk_app.gui.report.coordinator import ShiftReports
from desk_app.gui.shift.morning import Morning
from desk_app.gui.sidebar.sidebar import ScriptSidebar
from desk_app.gui.sidebar.view import CALM_KEY
from desk_app.gui.stats.launcher import MyStats
from desk_app.gui.status_bar import DeskStatusBar
from desk_app.gui.sync_thread import SyncBridge
from desk_app.gui.tickets.collisions import CollisionWatch
from desk_app.gui.tickets.panel import TicketsPanel, my_team
from desk_app.gui.tickets.view import TicketView
from desk_app.gui.tickets.views import TicketViews
from desk_app.gui.work.recovery import Recovery, RecoveryOffer
from desk_app.gui.work.tabs import InteractionTabs
from desk_app.gui.work.wrap_up import WrapUps

# A catch-up this large redraws the queue once instead of row by row.
BULK_CHANGES = 200
MESSAGE_MS = 10_000
# Wide enough for every queue column, for a call's tab beside the screen pop, and for a
# script's words in the sidebar at a glance.
DEFAULT_SIZES = (500, 720, 340)
DEFAULT_WORK_SIZES = (540, 260)  # the call's tab, the screen pop: no jump when a tab opens
FIRST_SIZE = 0.8  # of the screen, until the rep sizes the window
# Work a tab is restored for: what the rep still handles.
RESTORABLE = (InteractionStatus.OFFERED, InteractionStatus.ACTIVE, InteractionStatus.WRAP_UP)


class Keys:
    """Where the window keeps its layout in QSettings."""

    GEOMETRY = "window/geometry"
    STATE = "window/state"
    MAIN_SPLITTER = "window/mainSplitter"
    WORK_SPLITTER = "window/workSplitter"
    OPEN_TABS = "work/openTabs"


LOOKUP_KEY = "Ctrl+K"
KNOWLEDGE_KEYS = ("F1", "Ctrl+Shift+K")


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return None if value in (None, "") else uuid.UUID(str(value))
    except ValueError:
        return None


class MainWindow(QMainWindow):
    """One signed-in rep's desk."""

    signOutRequested = Signal()
    closed = Signal()

    def __init__(
        self,
        session: DeskSession,
        store: LocalStore,
        bridge: SyncBridge,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._store = store
        self._bridge = bridge
        self._settings = settings
        self._user_id = session.profile.user_id
        self._profile_id: uuid.UUID | None = None
        # UI
        self.setObjectName("deskMainWindow")
        title = self.tr("Desk — {name}").format(name=session.profile.display_name)
        if session.offline:
            title += " " + self.tr("(offline)")
        self.setWindowTitle(title)
        self.queue = QueuePanel(user_id=self._user_id, customer_name=self._customer_name)
        self.banner = OfferBanner()
        self.tabs = InteractionTabs(region=session.profile.region)
        self.screen_pop = ScreenPop()
        self.sidebar = QStackedWidget(objectName="sidebar")
        self.sidebar.setAccessibleName(self.tr("Guide"))
        self.script_sidebar = ScriptSidebar(store, profile=session.profile)
        self.sidebar.addWidget(self.script_sidebar)
        self.work_splitter = QSplitter(Qt.Orientation.Horizontal, objectName="workSplitter")
        self.work_splitter.addWidget(self.tabs)
        self.work_splitter.addWidget(self.screen_pop)
        self.work_splitter.setStretchFactor(0, 3)
        self.work_splitter.setStretchFactor(1, 1)
        self.work_splitter.setSizes(list(DEFAULT_WORK_SIZES))
        centre = QWidget(objectName="workArea")
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.banner)
        self.recovery_offer = RecoveryOffer()  # after a hard interaction, a pause offered
        centre_layout.addWidget(self.recovery_offer)
        centre_layout.addWidget(self.work_splitter, 1)
        # the left column: the live queue first; tickets, follow-ups, mentions beside it
        self.left_tabs = QTabWidget(objectName="leftTabs")
        self.left_tabs.setDocumentMode(True)
        self.left_tabs.addTab(self.queue, self.tr("&Queue"))
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        for widget in (self.left_tabs, centre, self.sidebar):
            self.main_splitter.addWidget(widget)
        self.main_splitter.setSizes(list(DEFAULT_SIZES))
        self.main_splitter.setCollapsible(1, False)
        self.setCentralWidget(self.main_splitter)
        self.status_bar = DeskStatusBar()
        self.setStatusBar(self.status_bar)
        self.direct = DirectCalls(DeskApi(session.api_url, token=session.token), self)
        self.knowledge = KnowledgePanel(
            KnowledgeSearch(
                store=store,
                direct=self.direct,
                reachable=lambda: server_reachable(bridge.status),
                parent=self,
            ),
            store=store,
            direct=self.direct,
            reachable=lambda: server_reachable(bridge.status),
        )
        self.sidebar.addWidget(self.knowledge)  # a page beside the script guide
        self.lookup = LookupBox(
            LookupSearch(
                store=store,
                region=session.profile.region,
                direct=self.direct,
                reachable=lambda: server_reachable(bridge.status),
                parent=self,
            )
        )
        self.lookup_bar = self.addToolBar(self.tr("Find a customer"))
        self.lookup_bar.setObjectName("lookupToolBar")
        self.lookup_bar.setMovable(False)
        self.lookup_bar.addWidget(self.lookup)
        self._build_menus()
        # models
        self.alerter = OfferAlerter(self)
        self.offers = OfferCoordinator(
            user_id=self._user_id,
            region=session.profile.region,
            store=store,
            bridge=bridge,
            banner=self.banner,
            screen_pop=self.screen_pop,
            alerter=self.alerter,
            tabs=self.tabs,
            parent=self,
        )
        self.customers = CustomerViews(
            store=store,
            bridge=bridge,
            direct=self.direct,
            tabs=self.tabs,
            user_id=self._user_id,
            role=session.profile.role,
            region=session.profile.region,
            parent=self,
        )
        self.replies = ReplyBoxes(
            store=store,
            tabs=self.tabs,
            profile=session.profile,
            wake=bridge.wake,
            parent=self,
        )
        self.wrap_ups = WrapUps(
            store=store,
            tabs=self.tabs,
            unconfirmed=self.script_sidebar.unconfirmed,
            suggested=self.script_sidebar.suggested_dispositions,
            wake=bridge.wake,
            clock=clock,
            parent=self,
        )
        self.recovery = Recovery(
            store=store,
            user_id=self._user_id,
            offer=self.recovery_offer,
            request_state=self.request_state,
            parent=self,
        )
        # connections
        bridge.statusChanged.connect(self.status_bar.show_sync)
        bridge.recordsChanged.connect(self.show_changes)
        self.queue.openRequested.connect(self.open_interaction)
        self.queue.oldestDueChanged.connect(self.status_bar.show_oldest_due)
        self.status_bar.stateRequested.connect(self.request_state)
        self.offers.problem.connect(self.say)
        self.lookup.customerChosen.connect(self.open_customer)
        self.screen_pop.openCustomerRequested.connect(self.open_customer)
        self.customers.opQueued.connect(self._show_outbox)
        self.tabs.currentInteractionChanged.connect(self.script_sidebar.show_interaction)
        self.script_sidebar.opQueued.connect(self._script_op_queued)
        self.customers.cacheChanged.connect(self.show_changes)
        self.replies.opQueued.connect(self._show_outbox)
        self.replies.cacheChanged.connect(self.show_changes)
        self.wrap_ups.opQueued.connect(self._show_outbox)
        self.wrap_ups.cacheChanged.connect(self.show_changes)
        self.wrap_ups.message.connect(self.say)
        self.wrap_ups.wrappedUp.connect(self.recovery.wrapped_up)
        self.script_sidebar.opQueued.connect(self.wrap_ups.refresh)
        self.lookup.search.cacheChanged.connect(self.show_changes)
        self.script_sidebar.articleRequested.connect(self.show_article)
        self.knowledge.dismissed.connect(self._focus_guide)
        self.knowledge.cacheChanged.connect(self.show_changes)
        self._build_due_and_inbox(clock)
        self._build_tickets(clock)
        self._build_morning(settings, clock)
        self._build_stats(clock)
        self._build_reports(clock)
        # populate
        self.status_bar.show_sync(bridge.status)
        self._load_from_store()
        self._restore_layout()
        if session.offline:
            self.say(
                self.tr(
                    "The server could not be reached: working from this computer's copy. "
                    "Changes are sent when it answers."
                )
            )

    @property
    def session(self) -> DeskSession:
        return self._session

    @property
    def store(self) -> LocalStore:
        return self._store

    def _build_menus(self) -> None:
        desk = self.desk_menu = self.menuBar().addMenu(self.tr("&Desk"))
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.signOutRequested)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        desk.addAction(self.sign_out_action)
        desk.addSeparator()
        desk.addAction(self.quit_action)
        view = self.menuBar().addMenu(self.tr("&View"))
        self.focus_queue_action = QAction(self.tr("Go to the &queue"), self)
        self.focus_queue_action.setShortcut(QKeySequence("Ctrl+1"))
        self.focus_queue_action.triggered.connect(self._focus_queue)
        self.focus_tabs_action = QAction(self.tr("Go to the open &interactions"), self)
        self.focus_tabs_action.setShortcut(QKeySequence("Ctrl+2"))
        self.focus_tabs_action.triggered.connect(self._focus_tabs)
        self.focus_lookup_action = QAction(self.tr("&Find a customer"), self)
        self.focus_lookup_action.setShortcut(QKeySequence(LOOKUP_KEY))
        self.focus_lookup_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.focus_lookup_action.triggered.connect(self.lookup.focus)
        view.addAction(self.focus_queue_action)
        view.addAction(self.focus_tabs_action)
        view.addAction(self.focus_lookup_action)
        self.focus_guide_action = QAction(self.tr("Go to the &script guide"), self)
        self.focus_guide_action.setShortcut(QKeySequence("Ctrl+3"))
        self.focus_guide_action.triggered.connect(self._focus_guide)
        view.addAction(self.focus_guide_action)
        self.calm_action = QAction(self.tr("&Upset customer: what to say"), self)
        self.calm_action.setShortcut(QKeySequence(CALM_KEY))  # from any page of the sidebar
        self.calm_action.triggered.connect(self._toggle_calm)
        view.addAction(self.calm_action)
        self.focus_knowledge_action = QAction(self.tr("Search the &knowledge base"), self)
        self.focus_knowledge_action.setShortcuts([QKeySequence(k) for k in KNOWLEDGE_KEYS])
        self.focus_knowledge_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.focus_knowledge_action.triggered.connect(self._focus_knowledge)
        view.addAction(self.focus_knowledge_action)
        # actions on the work in front (the current interaction or ticket tab)
        self.work_menu = self.menuBar().addMenu(self.tr("&Work"))
        # the rep's day: updates, my shift, my stats, the end-of-shift report
        self.day_menu = self.menuBar().addMenu(self.tr("&Day"))

    # --- from the store -----------------------------------------------------------

    def _customer_name(self, customer_id: uuid.UUID) -> str | None:
        customer = self._store.record("customer", customer_id)
        return None if customer is None else customer.get("name")

    def _customer_of(self, interaction: dict[str, Any]) -> dict[str, Any] | None:
        customer_id = _uuid(interaction.get("customer_id"))
        return None if customer_id is None else self._store.record("customer", customer_id)

    def _load_from_store(self) -> None:
        interactions = self._store.records("interaction")
        self.queue.load(interactions)
        for profile in self._store.records("agent_profile"):
            self._show_profile(profile)
        for record in interactions:
            self.offers.interaction_changed(record)

    def _show_profile(self, profile: dict[str, Any]) -> None:
        if _uuid(profile.get("user_id")) != self._user_id:
            return  # a supervisor's desk also caches the team's profiles
        self._profile_id = _uuid(profile.get("id"))
        self.status_bar.show_agent(profile)

    def show_changes(self, changes: list[RecordChange]) -> None:
        """Redraw what the sync thread changed in the cache (the bridge's ``recordsChanged``)."""
        interactions = [change for change in changes if change.entity == "interaction"]
        if len(interactions) > BULK_CHANGES:
            records = {_uuid(r["id"]): r for r in self._store.records("interaction")}
            self.queue.load(records.values())
            for change in interactions:
                self._interaction_changed(change, records.get(change.id), in_queue=True)
        else:
            for change in interactions:
                record = None
                if change.action == "changed":
                    record = self._store.record("interaction", change.id)
                self._interaction_changed(change, record, in_queue=False)
        self.customers.records_changed(changes)
        self.replies.records_changed(changes)
        self.script_sidebar.records_changed(changes)
        self.wrap_ups.records_changed(changes)
        self.follow_ups.records_changed(changes)
        self.inbox.records_changed(changes)
        self.handover.records_changed(changes)
        self.morning.records_changed(changes)
        self.ticket_list.records_changed(self._store, changes)
        self.tickets.records_changed(changes)
        self.shift_reports.records_changed(changes)
        self.stats.records_changed(changes)
        if any(change.entity == "agent_profile" for change in changes):
            self._show_team()
        for change in changes:
            if change.entity == "agent_profile" and change.action == "changed":
                profile = self._store.record("agent_profile", change.id)
                if profile is not None:
                    self._show_profile(profile)

    def _interaction_changed(
        self, change: RecordChange, record: dict[str, Any] | None, *, in_queue: bool
    ) -> None:
        if record is None:
            if not in_queue:
                self.queue.remove(change.id)
            self.offers.interaction_removed(change.id)
            if change.id in self.tabs.open_ids():
                self.tabs.close_interaction(change.id)
            return
        if not in_queue:
            self.queue.upsert(record)
        if change.id in self.tabs.open_ids():
            self.tabs.update_interaction(record)
        self.offers.interaction_changed(record)

    # --- the rep's actions ------------------------------------------------------------

    def open_interaction(self, interaction_id: uuid.UUID) -> None:
        record = self._store.record("interaction", interaction_id)
        if record is not None:
            self.tabs.open_interaction(record, self._customer_of(record))

    def open_customer(self, customer: dict[str, Any]) -> None:
        """The customer's 360° view, in front (from the look-up or the screen pop)."""
        self.customers.open(customer)

    def request_state(self, state: str, reason: str | None) -> None:
        """Ask the server for a new agent state: an op, shown at once, sent by the sync thread.

        Ready waits while must-read updates are unacknowledged (their dialog opens instead).
        """
        if self.morning.holds_ready(state):
            return
        fields = {"state": state, "reason": reason}
        local = (
            None
            if self._profile_id is None
            else LocalChange("agent_profile", self._profile_id, fields)
        )
        self._store.record_op("agent.state", fields, local=local)
        self._bridge.wake()
        self._show_outbox()
        if self._profile_id is not None:
            self.status_bar.show_agent(self._store.record("agent_profile", self._profile_id))

    def _script_op_queued(self) -> None:
        self._bridge.wake()
        self._show_outbox()

    def _focus_queue(self) -> None:
        self.left_tabs.setCurrentWidget(self.queue)
        self.queue.focus_list()

    def _focus_guide(self) -> None:
        self.sidebar.setCurrentWidget(self.script_sidebar)
        self.script_sidebar.focus_guide()

    def _toggle_calm(self) -> None:
        self.sidebar.setCurrentWidget(self.script_sidebar)
        self.script_sidebar.view.toggle_calm()

    def _focus_knowledge(self) -> None:
        self.sidebar.setCurrentWidget(self.knowledge)
        self.knowledge.focus()

    def show_article(self, slug: str) -> None:
        """A KB article in the sidebar (a script's link); Esc on the search goes back."""
        self.sidebar.setCurrentWidget(self.knowledge)
        self.knowledge.show_article(slug)
        self.knowledge.focus()

    def _show_outbox(self) -> None:
        """Count the op just queued now: offline, the sync thread may not report for a while."""
        ops_waiting, conflicts, rejected = self._store.replica.counts()
        status = replace(
            self._bridge.status, ops_waiting=ops_waiting, conflicts=conflicts, rejected=rejected
        )
        self.status_bar.show_sync(status)

    def say(self, message: str) -> None:
        self.status_bar.showMessage(message, MESSAGE_MS)

    def _focus_tabs(self) -> None:
        page = self.tabs.currentWidget()
        (page or self.tabs).setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- tickets, internal notes, collisions -------------------------------------------

    def _build_tickets(self, clock: Callable[[], datetime]) -> None:
        """The "Tickets" page, ticket views in the centre tabs, their Work menu actions."""
        store = self._store
        self.ticket_list = TicketsPanel(user_id=self._user_id, clock=clock)
        self.left_tabs.insertTab(1, self.ticket_list, self.tr("&Tickets"))
        self.tickets = TicketViews(
            store=store,
            tabs=self.tabs,
            directory=self.directory,
            user_id=self._user_id,
            departments=self._session.profile.departments,
            clock=clock,
            parent=self,
        )
        self.tickets.add_actions(self.work_menu)
        self.collisions = CollisionWatch(direct=self.direct, tabs=self.tabs, parent=self)
        self.ticket_list.openRequested.connect(self.tickets.open)
        self.tickets.opQueued.connect(self._script_op_queued)  # wake the sync thread, recount
        self.tickets.cacheChanged.connect(self.show_changes)
        self.tickets.message.connect(self.say)
        self.tickets.customerRequested.connect(self.open_customer)
        self.directory.changed.connect(self._show_team)
        self._bridge.statusChanged.connect(self.directory.sync_status)
        self.ticket_list.load(store.records("ticket"))
        self._show_team()

    def _show_team(self) -> None:
        self.ticket_list.set_team(my_team(self._store, self.directory, self._user_id))

    def _build_stats(self, clock: Callable[[], datetime]) -> None:
        """Day ▸ My stats (Ctrl+Shift+S): the rep's KPIs against goals and the team."""
        bridge = self._bridge
        self.stats = MyStats(
            store=self._store,
            profile=self._session.profile,
            direct=self.direct,
            reachable=lambda: server_reachable(bridge.status),
            menu=self.day_menu,
            window=self,
            clock=clock,
        )
        self.stats.openInteraction.connect(self.open_interaction)

    # --- the end-of-shift report; a supervisor's team reports -------------------------

    def _build_reports(self, clock: Callable[[], datetime]) -> None:
        """Day ▸ End-of-shift report… (and Team shift reports… for a supervisor)."""
        self.shift_reports = ShiftReports(
            store=self._store,
            profile=self._session.profile,
            directory=self.directory,
            wake=self._bridge.wake,
            window=self,
            clock=clock,
            parent=self,
        )
        self.shift_reports.add_actions(self.day_menu)
        self.shift_reports.opQueued.connect(self._show_outbox)
        self.shift_reports.cacheChanged.connect(self.show_changes)
        self.shift_reports.message.connect(self.say)

    # --- follow-ups, the inbox, handover ----------------------------------------------

    def _build_due_and_inbox(self, clock: Callable[[], datetime]) -> None:
        """The "Due" and "Inbox" pages, their Work menu actions, handover in the Desk menu."""
        store, profile, wake = self._store, self._session.profile, self._bridge.wake
        self.directory = UserDirectory(store=store, direct=self.direct, parent=self)
        self.notifier = Notifier(self, fallback=self.say)
        common = {"store": store, "profile": profile, "directory": self.directory, "wake": wake}
        self.follow_ups = FollowUps(notifier=self.notifier, clock=clock, parent=self, **common)
        self.inbox = Inbox(notifier=self.notifier, clock=clock, parent=self, **common)
        self.handover = Handover(window=self, clock=clock, parent=self, **common)
        self.left_tabs.addTab(self.follow_ups.page, self.tr("&Due"))
        self.left_tabs.addTab(self.inbox.page, self.tr("&Inbox"))
        self.follow_up_action = QAction(self.tr("&Follow up…"), self)
        self.follow_up_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.follow_up_action.triggered.connect(
            lambda: self.follow_ups.ask(self.work_in_front(), self)
        )
        self.ask_action = QAction(self.tr("&Ask my supervisor…"), self)
        self.ask_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.ask_action.triggered.connect(lambda: self.inbox.ask(self.work_in_front(), self))
        self.work_menu.addAction(self.follow_up_action)
        self.work_menu.addAction(self.ask_action)
        self.leave_handover_action = QAction(self.tr("Leave a &handover note…"), self)
        self.leave_handover_action.triggered.connect(
            lambda: self.handover.leave_note(self.ticket_in_front())
        )
        self.desk_menu.insertAction(self.sign_out_action, self.leave_handover_action)
        for part in (self.follow_ups, self.inbox, self.handover):
            part.opQueued.connect(self._show_outbox)
            part.cacheChanged.connect(self.show_changes)
            part.message.connect(self.say)
        for part in (self.follow_ups, self.inbox):
            part.openRequested.connect(self.open_subject)
        self.follow_ups.countChanged.connect(
            lambda count: self._count_on_tab(self.follow_ups.page, self.tr("&Due"), count)
        )
        self.inbox.countChanged.connect(
            lambda count: self._count_on_tab(self.inbox.page, self.tr("&Inbox"), count)
        )
        self._bridge.statusChanged.connect(self.handover.sync_status)
        self.follow_ups.start()
        self.inbox.start()

    def _build_morning(self, settings: QSettings, clock: Callable[[], datetime]) -> None:
        """The updates board, the must-read gate, my shift, the queue at a glance."""
        self.morning = Morning(
            self, store=self._store, bridge=self._bridge, settings=settings, clock=clock
        )
        updates = self.morning.updates
        updates.opQueued.connect(self._show_outbox)
        updates.cacheChanged.connect(self.show_changes)
        updates.message.connect(self.say)

    def _count_on_tab(self, page: QWidget, title: str, count: int) -> None:
        index = self.left_tabs.indexOf(page)
        self.left_tabs.setTabText(index, f"{title} ({count})" if count else title)

    def show_handover(self) -> None:
        """After sign-in: the last shift's notes not yet acknowledged (and those arriving),
        the must-read updates, the queue at a glance."""
        self.handover.start()
        self.morning.start()

    def ticket_in_front(self) -> uuid.UUID | None:
        """The ticket of the centre tab in front, when it is a ticket view."""
        page = self.tabs.currentWidget()
        return page.ticket_id if isinstance(page, TicketView) else None

    def work_in_front(self) -> Subject | None:
        """The interaction or ticket in front, for a follow-up or a question about it."""
        interaction_id = self.tabs.current_interaction()
        if interaction_id is not None:
            record = self._store.record("interaction", interaction_id)
            customer_id = None if record is None else _uuid(record.get("customer_id"))
            return Subject("interaction", interaction_id, customer_id, record)
        ticket_id = self.ticket_in_front()
        if ticket_id is not None:
            ticket = self._store.record("ticket", ticket_id)
            customer_id = None if ticket is None else _uuid(ticket.get("customer_id"))
            return Subject("ticket", ticket_id, customer_id, ticket)
        return None

    def open_subject(
        self, subject_type: str, subject_id: uuid.UUID | None, customer_id: uuid.UUID | None
    ) -> None:
        """Open what a follow-up or mention is about: the ticket, live work, else the customer."""
        record = None if subject_id is None else self._store.record(subject_type, subject_id)
        if subject_type == "interaction" and record is not None:
            if record.get("status") in RESTORABLE:
                self.open_interaction(uuid.UUID(str(record["id"])))
                return
            customer_id = customer_id or _uuid(record.get("customer_id"))
        elif subject_type == "ticket" and subject_id is not None:
            if self.tickets.open(subject_id) is not None:
                return
        elif subject_type == "customer":
            customer_id = subject_id
        customer = None if customer_id is None else self._store.record("customer", customer_id)
        if customer is not None:
            self.open_customer(customer)
        elif record is not None and subject_type == "interaction":
            self.open_interaction(uuid.UUID(str(record["id"])))
        else:
            self.say(self.tr("That is not on this desk yet: it shows once the desk has synced."))

    # --- layout kept between runs ---------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self._settings
        screen = self.screen()
        if settings.value(Keys.GEOMETRY) is None and screen is not None:
            self.resize(screen.availableGeometry().size() * FIRST_SIZE)  # the first start
        opened = settings.value(Keys.OPEN_TABS) or []
        for raw in [opened] if isinstance(opened, str) else opened:
            interaction_id = _uuid(raw)
            record = self._store.record("interaction", interaction_id) if interaction_id else None
            if record is not None and record.get("status") in RESTORABLE:
                self.tabs.open_interaction(record, self._customer_of(record))
        for key, restore in (
            (Keys.GEOMETRY, self.restoreGeometry),
            (Keys.STATE, self.restoreState),
            (Keys.MAIN_SPLITTER, self.main_splitter.restoreState),
            (Keys.WORK_SPLITTER, self.work_splitter.restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)

    def save_layout(self) -> None:
        settings = self._settings
        settings.setValue(Keys.GEOMETRY, self.saveGeometry())
        settings.setValue(Keys.STATE, self.saveState())
        settings.setValue(Keys.MAIN_SPLITTER, self.main_splitter.saveState())
        settings.setValue(Keys.WORK_SPLITTER, self.work_splitter.saveState())
        settings.setValue(Keys.OPEN_TABS, [str(i) for i in self.tabs.open_ids()])
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.alerter.stop()
        self.follow_ups.stop()
        self.morning.stop()
        self.direct.close()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
