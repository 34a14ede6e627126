"""Collision warnings: who else has the same customer or ticket open, or the customer on the line.

While customer or ticket pages are open, the desk tells the server which
(``POST /collisions``, through :class:`DirectCalls`, off the UI thread)
every :data:`POLL_MS` and whenever the set of open pages changes; the
answer names the colleagues on the same records, and each affected page
shows a banner. Offline the poll fails silently and the banners stay as
they were; with nothing open, the server is told once (it forgets this
desk's pages) and then left alone.
"""

import uuid
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk_app.client.api import DeskApi
from desk_app.gui.customer.view import CustomerView
from desk_app.gui.lookup.direct import DirectCalls
from desk_app.gui.tickets.view import TicketView
from desk_app.gui.work.tabs import InteractionTabs

POLL_MS = 15_000
BANNER_STYLE = "background:#fff4e5; color:#6d3a00; padding:4px; border:1px solid #e0b070"
Opened = tuple[frozenset[uuid.UUID], frozenset[uuid.UUID]]  # (customers, tickets)


def banner_text(others: list[dict[str, Any]], subject_type: str, subject_id: uuid.UUID) -> str:
    """``Ann Smith also has this customer open; Bo Li is on the phone with this customer``."""
    wanted = str(subject_id)
    said: list[str] = []
    for other in others:
        if other.get("subject_type") != subject_type or str(other.get("subject_id")) != wanted:
            continue
        name = str(other.get("display_name") or "A colleague")
        if other.get("activity") == "on_call":
            text = f"{name} is on the phone with this customer"
        else:
            text = f"{name} also has this {subject_type} open"
        if text not in said:
            said.append(text)
    return "; ".join(said)


class CollisionWatch(QObject):
    """Polls the server about the open customer and ticket pages; banners on the ones shared."""

    def __init__(
        self,
        *,
        direct: DirectCalls | None,
        tabs: InteractionTabs,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._direct = direct
        self._tabs = tabs
        self._sent: Opened | None = None
        self._asking = False
        self._again = False
        self.others: list[dict[str, Any]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(lambda: self.check(force=True))
        tabs.currentChanged.connect(lambda _index: self.check())
        tabs.pageClosed.connect(lambda _page: self.check())
        self._timer.start()

    def _pages(self) -> list[QWidget]:
        pages = (self._tabs.widget(index) for index in range(self._tabs.count()))
        return [page for page in pages if page is not None]

    def opened(self) -> Opened:
        customers = {p.customer_id for p in self._pages() if isinstance(p, CustomerView)}
        tickets = {p.ticket_id for p in self._pages() if isinstance(p, TicketView)}
        return frozenset(customers), frozenset(tickets)

    def check(self, *, force: bool = False) -> None:
        """Tell the server what is open if it changed (or on the poll, while anything is)."""
        opened = self.opened()
        empty = not opened[0] and not opened[1]
        if opened == self._sent and (empty or not force):
            return
        if self._direct is None:
            return
        if self._asking:
            self._again = True
            return
        self._asking = True
        customers, tickets = sorted(opened[0]), sorted(opened[1])

        def work(api: DeskApi) -> list[dict[str, Any]]:
            return api.collisions(customers, tickets)

        self._direct.call(work, lambda others, error: self._answered(opened, others, error))

    def _answered(
        self, opened: Opened, others: list[dict[str, Any]] | None, error: Exception | None
    ) -> None:
        self._asking = False
        if others is not None:
            self._sent = opened
            self.others = others
            self.show()
        if self._again:
            self._again = False
            self.check()

    def show(self) -> None:
        """Every open page's banner from the last answer."""
        for page in self._pages():
            if isinstance(page, TicketView):
                texts = [banner_text(self.others, "ticket", page.ticket_id)]
                if page.customer_id is not None:
                    texts.append(banner_text(self.others, "customer", page.customer_id))
                page.show_collision("; ".join(text for text in texts if text))
            elif isinstance(page, CustomerView):
                text = banner_text(self.others, "customer", page.customer_id)
                banner = self._customer_banner(page)
                banner.setText(text)
                banner.setVisible(bool(text))

    def _customer_banner(self, page: CustomerView) -> QLabel:
        """The banner at the top of a customer's page (added the first time)."""
        banner = page.findChild(QLabel, "collisionBanner")
        if banner is None:
            banner = QLabel(objectName="collisionBanner")
            banner.setWordWrap(True)
            banner.setStyleSheet(BANNER_STYLE)
            layout = page.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(0, banner)
        return banner
