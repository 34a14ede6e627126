"""The open interactions, side by side as tabs: a call, and chats and emails up to capacity.

Customers' 360° views open here too (:meth:`InteractionTabs.show_page`), each
with a close button; they are not interactions and are not counted as such.

The tabs do not count capacity (the server's router does: it never offers
more than the rep may hold). A tab that changes while another is in front is
marked unread until the rep looks at it; Ctrl+Tab / Ctrl+Shift+Tab and
Alt+1…9 switch in one keystroke from anywhere in the window.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStyle, QTabBar, QTabWidget, QToolButton, QWidget

from desk_app.gui.offer.display import record_id, region_of_system
from desk_app.gui.work.interaction_tab import InteractionTab

UNREAD_MARK = "• "
NEXT_KEYS = ("Ctrl+Tab",)
PREVIOUS_KEYS = ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab")  # Shift+Tab arrives as Backtab
DIRECT_KEYS = 9  # Alt+1 … Alt+8 pick that tab; Alt+9 the last, as in web browsers


def _now() -> datetime:
    return datetime.now(UTC)


class InteractionTabs(QTabWidget):
    """One :class:`InteractionTab` per open interaction, keyed by interaction id.

    Signals: ``callCommandRequested(interaction id, command, target_type,
    target)``, ``dialRequested(e164)``, ``currentInteractionChanged(id | None)``.
    """

    callCommandRequested = Signal(object, str, object, object)
    dialRequested = Signal(str)
    currentInteractionChanged = Signal(object)
    pageClosed = Signal(QWidget)  # a page that is not an interaction (a 360° view) was closed

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        region: str | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("InteractionTabs")
        self.setDocumentMode(True)
        self.setAccessibleName(self.tr("Open interactions"))
        # models
        self._region = region or region_of_system()
        self._clock = clock
        self._tabs: dict[uuid.UUID, InteractionTab] = {}
        self._unread: set[uuid.UUID] = set()
        # connections
        self.currentChanged.connect(self._on_current_changed)
        self._shortcut(NEXT_KEYS, lambda: self._step(1))
        self._shortcut(PREVIOUS_KEYS, lambda: self._step(-1))
        for number in range(1, DIRECT_KEYS + 1):
            self._shortcut((f"Alt+{number}",), lambda n=number: self._go_to(n))

    def _shortcut(self, keys: tuple[str, ...], slot: Callable[[], None]) -> None:
        shortcut = QShortcut(self)
        shortcut.setKeys([QKeySequence(key) for key in keys])
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    # --- what the main window calls --------------------------------------

    def open_interaction(
        self, interaction: dict[str, Any], customer: dict[str, Any] | None
    ) -> None:
        """Open the interaction's tab (or refresh it if open) and bring it to the front."""
        interaction_id = record_id(interaction)
        tab = self._tabs.get(interaction_id)
        if tab is None:
            tab = InteractionTab(interaction, customer, region=self._region, clock=self._clock)
            tab.commandRequested.connect(
                lambda command, target_type, target, i=interaction_id: (
                    self.callCommandRequested.emit(i, command, target_type, target)
                )
            )
            tab.dialRequested.connect(self.dialRequested)
            self._tabs[interaction_id] = tab
            self.addTab(tab, "")
        else:
            tab.update_record(interaction)
            if customer is not None:
                tab.set_customer(customer)
        self._retitle(interaction_id)
        self.setCurrentWidget(tab)

    def update_interaction(self, record: dict[str, Any]) -> None:
        """Redraw an open tab from a newer record; one behind the front one is marked unread."""
        interaction_id = record_id(record)
        tab = self._tabs.get(interaction_id)
        if tab is None:
            return
        if tab.update_record(record) and self.currentWidget() is not tab:
            self._unread.add(interaction_id)
        self._retitle(interaction_id)

    def set_customer(self, interaction_id: uuid.UUID, customer: dict[str, Any] | None) -> None:
        """The interaction's customer became known (looked up or created after it opened)."""
        tab = self._tabs.get(interaction_id)
        if tab is not None:
            tab.set_customer(customer)
            self._retitle(interaction_id)

    def show_command_error(self, interaction_id: uuid.UUID, message: str) -> None:
        """A call command for this interaction failed: show the reason in its tab."""
        tab = self._tabs.get(interaction_id)
        if tab is not None:
            tab.show_command_error(message)

    def close_interaction(self, interaction_id: uuid.UUID) -> None:
        tab = self._tabs.pop(interaction_id, None)
        self._unread.discard(interaction_id)
        if tab is not None:
            self.removeTab(self.indexOf(tab))
            tab.deleteLater()

    def open_ids(self) -> list[uuid.UUID]:
        """The open interactions, in tab order."""
        order = [self.widget(index) for index in range(self.count())]
        return [tab.interaction_id for tab in order if isinstance(tab, InteractionTab)]

    def current_interaction(self) -> uuid.UUID | None:
        tab = self.currentWidget()
        return tab.interaction_id if isinstance(tab, InteractionTab) else None

    def show_page(self, page: QWidget, title: str) -> None:
        """Bring a page that is not an interaction (a customer's 360° view) to the front.

        Added with a close button the first time; the rep closes it, the
        work of an interaction closes its tab by itself.
        """
        if self.indexOf(page) < 0:
            index = self.addTab(page, title)
            close = QToolButton(self.tabBar())
            close.setObjectName("closePage")
            close.setAutoRaise(True)
            close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
            close.setAccessibleName(self.tr("Close {title}").format(title=title))
            close.clicked.connect(lambda: self.close_page(page))
            self.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, close)
        self.retitle_page(page, title)
        self.setCurrentWidget(page)

    def retitle_page(self, page: QWidget, title: str) -> None:
        index = self.indexOf(page)
        if index >= 0:
            self.setTabText(index, title)
            self.setTabToolTip(index, title)
            self.tabBar().setAccessibleTabName(index, title)

    def close_page(self, page: QWidget) -> None:
        index = self.indexOf(page)
        if index >= 0:
            self.removeTab(index)
            self.pageClosed.emit(page)
            page.deleteLater()

    def is_unread(self, interaction_id: uuid.UUID) -> bool:
        return interaction_id in self._unread

    def tab(self, interaction_id: uuid.UUID) -> InteractionTab | None:
        return self._tabs.get(interaction_id)

    # --- drawing and switching ---------------------------------------------

    def _retitle(self, interaction_id: uuid.UUID) -> None:
        tab = self._tabs[interaction_id]
        index = self.indexOf(tab)
        title = tab.title()
        unread = interaction_id in self._unread
        self.setTabText(index, (UNREAD_MARK + title) if unread else title)
        spoken = self.tr("{title}, unread activity").format(title=title) if unread else title
        self.tabBar().setAccessibleTabName(index, spoken)
        self.setTabToolTip(index, spoken)
        tab.setAccessibleDescription(self.tr("Unread activity") if unread else "")

    def _on_current_changed(self, _index: int) -> None:
        current = self.current_interaction()
        if current is not None and current in self._unread:
            self._unread.discard(current)
            self._retitle(current)
        self.currentInteractionChanged.emit(current)

    def _step(self, delta: int) -> None:
        if self.count():
            self.setCurrentIndex((self.currentIndex() + delta) % self.count())

    def _go_to(self, number: int) -> None:
        if not self.count():
            return
        index = self.count() - 1 if number == DIRECT_KEYS else number - 1
        if index < self.count():
            self.setCurrentIndex(index)
