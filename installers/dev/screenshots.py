"""Screenshots of the desk window: sign-in, a busy queue, a call ringing, a call in progress,
a customer look-up and a customer's 360° view.

Run it under Xvfb, so fonts, style and window size are a desktop's::

    DBUS_SESSION_BUS_ADDRESS=disabled: xvfb-run -a -s "-screen 0 1920x1080x24" \\
        .venv/bin/python installers/dev/screenshots.py /tmp/shots

It starts its own server (``desk server`` on SQLite in a temporary
directory, seeded small, webhook secrets set) and creates a dozen customers
through the API, signs ``rep01`` in through the sign-in dialog, picks
"Ready", and fills the queue
through the signed webhooks the way a PBX and the chat and email gateways
would. The queued work asks for skills the rep lacks, so it stays in the
queue for the pictures; the one call for the rep names their extension.
It saves, in OUTDIR:

- ``sign-in.png``: the sign-in dialog, filled in;
- ``queue-busy.png``: the window with 40 calls, chats and emails waiting,
  some past their SLA (red), some close to it (amber);
- ``call-ringing.png``: a known customer calls the rep: ringing banner and
  screen pop;
- ``call-active.png``: the call accepted and connected: its tab with the
  handle timer and the call controls;
- ``script-sidebar.png``: the call filed as a shipping delay from the script
  guide, walked by keyboard to its third step: the words to say, the
  checklist, the numbered answers, the KB link, progress;
- ``lookup.png``: Ctrl+K and a few letters: the customers the desk's cache
  knows at once, the server's (seeded) ones added below, the matches marked;
- ``customer-360.png``: a seeded customer's 360° view opened from the
  look-up: the header, the orders with their lines, parcels and tracking
  (late ones in red);
- ``customer-contact.png``: the same view's contact data, editable in place.
- ``reply-canned.png``: an email to the customer with one reply sent and the
  next being typed: ``/re`` opened the canned answers under the cursor.
- ``ticket.png``: a ticket made from the call, one checklist item ticked,
  escalated to tier 2 with its hand-off (the script path and answers the
  server attached), an internal note with a mention: its history, checklist
  and SLA clocks.
- ``wrap-up.png``: the call hung up: its wrap-up panel with the voice queue's
  code tree (a callback picked with F5), the callback time, notes typed and
  the after-contact-work countdown.
- ``stats-month.png``: Day ▸ My stats over the last 30 days by day (the
  seeded month of the rep's history): handle time against the dashed goal,
  the team average as a faint line.
- ``shift-report.png``: Day ▸ End-of-shift report for the last seeded day:
  its figures against the goals and the team, what is left open, the
  reflection typed.
- ``report-page1.png``: the first page of the PDF it saved (pdftoppm, 80 dpi).

Nothing is measured here; the pauses give the SLA colours time to turn.
"""

import argparse
import contextlib
import hashlib
import hmac
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

# Before Qt or keyring load: no session D-Bus daemon left behind by Xvfb runs, no
# keyring prompt (the desk falls back to its private file and says so).
os.environ.setdefault("DBUS_SESSION_BUS_ADDRESS", "disabled:")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # still works, at Qt's default size

import requests
from PySide6.QtCore import QDate, QDateTime, QEventLoop, QSettings, Qt, QTime, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desk_app.client.api import DeskApi
from desk_app.client.credentials import CredentialStore
from desk_app.client.store import RecordChange
from desk_app.domain.enums import Department, Priority
from desk_app.domain.kpi import Metric
from desk_app.domain.tickets import HandOff
from desk_app.gui.app import DeskApp
from desk_app.gui.customer.view import SECTION_CONTACT, SECTION_ORDERS, CustomerView
from desk_app.gui.main_window import MainWindow
from desk_app.gui.notes.section import add_note
from desk_app.gui.stats.data import Range
from desk_app.gui.tickets.dialogs import Escalation, NewTicket
from desk_app.gui.tickets.view import TicketView
from desk_app.server.seed import seed_password

REP = "rep01"  # a seeded rep (Team Atlantic)
CUSTOMERS = 40  # seeded; the desk's cache gets only those the API creates
WAIT_S = 60.0
T = TypeVar("T")
# The queued work needs these; the rep has none of them, so it waits for the pictures.
SKILLS = ("billing", "returns", "spanish", "business accounts")
# Created through the API, so they reach the desk's cache through the change feed (the
# seed writes its rows directly: the desk only finds those by asking the server).
PEOPLE = (
    {
        "name": "Margaret Okafor",
        "phones": [
            {"number": "+1 312-555-0147", "label": "mobile"},
            {"number": "+1 312-555-0199", "label": "work"},
        ],
        "emails": ["margaret.okafor@okafor-design.com"],
        "addresses": [
            {
                "kind": "shipping",
                "line1": "1400 N Lake Shore Dr",
                "line2": "Apt 12B",
                "city": "Chicago",
                "postal_code": "60610",
                "country": "US",
            }
        ],
        "segment": "small_business",
        "vip": True,
        "locale": "en_US",
    },
    {
        "name": "Daniel Fischer",
        "phones": ["+49 30 901820"],
        "emails": ["d.fischer@posteo.de"],
        "locale": "de_DE",
    },
    {
        "name": "Amélie Laurent",
        "phones": ["+33 1 99 00 12 34"],
        "emails": ["amelie.laurent@orange.fr"],
        "locale": "fr_FR",
    },
    {
        "name": "Sofía Ramírez",
        "phones": ["+34 612 345 678"],
        "emails": ["sofia.rmz@gmail.com"],
        "locale": "es_ES",
    },
    {
        "name": "James Whitaker",
        "phones": ["+44 20 7946 0958"],
        "emails": ["james.whitaker@btinternet.com"],
        "locale": "en_GB",
        "vip": True,
    },
    {"name": "Priya Natarajan", "phones": ["+1 415-555-0132"], "emails": ["priya.n@fastmail.com"]},
    {
        "name": "Kenji Watanabe",
        "phones": ["+81 3-1234-5678"],
        "emails": ["kenji.w@example.jp"],
        "locale": "ja_JP",
        "segment": "enterprise",
    },
    {
        "name": "Carlos Mendoza",
        "phones": ["+52 55 1234 5678"],
        "emails": ["carlos.mendoza@outlook.com"],
        "locale": "es_MX",
    },
    {
        "name": "Olivia Bennett",
        "phones": ["+61 2 9876 5432"],
        "emails": ["liv.bennett@icloud.com"],
        "locale": "en_AU",
    },
    {
        "name": "Marcus Johnson",
        "phones": ["+1 646-555-0175"],
        "emails": ["marcus.johnson@yahoo.com"],
    },
    {
        "name": "Hannah Kowalski",
        "phones": ["+1 617-555-0110"],
        "emails": ["hannah.kowalski@gmail.com"],
    },
)
UNKNOWN_NUMBERS = [f"+1 202-555-{n:04d}" for n in range(150, 199)]
CHAT_SUBJECTS = (
    "Where is my order?",
    "The tracking page has not moved for 4 days",
    "Can I change the delivery address?",
    "Discount code not accepted at checkout",
    "Item arrived damaged — what now?",
    "Do you ship to Canada?",
    "Need to swap size M for L",
    "Charged twice for one order",
    "Warranty on the espresso machine",
    "Cancel my subscription, please",
    "Gift card balance",
    "Store opening hours on Sunday",
)
EMAIL_SUBJECTS = (
    "Invoice 2291 — payment reminder in error?",
    "Refund for order 48213 not received",
    "Return label request",
    "Complaint about the courier",
    "Bulk order for our office (40 chairs)",
    "Change of billing address",
    "Question about my loyalty points",
    "Product recall notice — am I affected?",
    "Missing part in flat-pack wardrobe",
    "VAT number on invoices",
    "Delivery left with neighbour, never received",
    "Request to delete my account data",
    "Price match request",
    "Order 50177 arrived incomplete",
)
# (channel, priority, how many): the SLA of the first two groups runs out while
# the script waits (urgent calls 20 s, chats 30 s; normal calls and high chats
# 60 s); the last group arrives just before the picture.
LATE = (("voice", "urgent", 3), ("chat", "urgent", 2), ("voice", "high", 1))
NEARLY = (("voice", "normal", 2), ("chat", "high", 2))
FRESH = (
    ("voice", "normal", 4),
    ("voice", "low", 2),
    ("chat", "normal", 6),
    ("chat", "low", 2),
    ("chat", "high", 2),
    ("email", "urgent", 2),
    ("email", "high", 4),
    ("email", "normal", 6),
    ("email", "low", 2),
)
NEARLY_AGE_S = 52.0  # 60 s SLAs have under a quarter left (amber) but have not run out


def _say(message: str) -> None:
    print(f"[screenshots] {message}", file=sys.stderr, flush=True)


# --- the server -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def desk_server(workdir: Path, secrets_env: dict[str, str]) -> Iterator[str]:
    """Migrate, seed and run ``desk server`` on SQLite in ``workdir``; its address."""
    port = _free_port()
    env = {
        **os.environ,
        **secrets_env,
        "DESK_DATABASE_URL": f"sqlite:///{workdir / 'server.sqlite3'}",
        "DESK_PORT": str(port),
        "DESK_OFFER_TIMEOUT_SECONDS": "45",  # long enough for the pictures, short as in use
        "DESK_AWAY_AFTER_SECONDS": "86400",  # nobody touches the keyboard
        "DESK_LOG_LEVEL": "warning",
    }
    desk = [sys.executable, "-m", "desk_app", "server"]
    with open(workdir / "server.log", "w") as log:
        for step in (["migrate"], ["seed", "--customers", str(CUSTOMERS)]):
            subprocess.run(desk + step, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
        server = subprocess.Popen(
            [*desk, "--no-migrate"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + WAIT_S
            while server.poll() is None and time.monotonic() < deadline:
                with contextlib.suppress(requests.ConnectionError):
                    if requests.get(f"{base}/api/v1/health", timeout=2).ok:
                        break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"the server did not start; see {workdir / 'server.log'}")
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class Outside:
    """What reaches the server from outside the desk: an admin, a PBX, the gateways."""

    def __init__(self, base: str, cti_secret: str, intake_secret: str) -> None:
        self.api = f"{base}/api/v1"
        self._cti = cti_secret.encode()
        self._intake = intake_secret.encode()
        self._http = requests.Session()
        login = {"username": "admin", "password": seed_password()}
        answer = self._http.post(f"{self.api}/auth/login", json=login, timeout=30)
        answer.raise_for_status()
        self._admin = {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def _admin_call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self._http.request(
            method, self.api + path, headers=self._admin, timeout=30, **kwargs
        )
        answer.raise_for_status()
        return answer.json()

    def _signed(self, path: str, secret: bytes, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Desk-Signature": signature}
        answer = self._http.post(self.api + path, data=body, headers=headers, timeout=30)
        answer.raise_for_status()
        return dict(answer.json())

    def create_customers(self) -> None:
        for person in PEOPLE:
            self._admin_call("POST", "/customers", json=person)

    def give_extension(self, user_id: uuid.UUID) -> str:
        """A phone extension of the rep's own: calls to it ring at their desk only."""
        page = self._admin_call("GET", "/agents", params={"limit": 500})
        agent = next(a for a in page["items"] if a["user_id"] == str(user_id))
        extension = "2041"
        body = {"extension": extension, "version": agent["version"]}
        self._admin_call("PATCH", f"/agents/{user_id}", json=body)
        return extension

    def ring(self, caller: str, **fields: Any) -> uuid.UUID:
        event = {
            "event_id": uuid.uuid4().hex,
            "call_id": uuid.uuid4().hex,
            "event": "ringing",
            "from": caller,
            "to": "+1 202-555-0100",
            **fields,
        }
        return uuid.UUID(self._signed("/telephony/events", self._cti, event)["interaction_id"])

    def message(self, channel: str, sender: str, subject: str, **fields: Any) -> None:
        message = {"message_id": uuid.uuid4().hex, "from": sender, "subject": subject, **fields}
        self._signed(f"/intake/{channel}", self._intake, message)


# --- Qt: waiting without blocking the window --------------------------------------------


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    """Run the event loop until ``condition()`` holds (the window lives on meanwhile)."""
    deadline = time.monotonic() + timeout
    timer = QTimer()
    timer.setInterval(20)
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        loop = QEventLoop()
        timer.timeout.connect(loop.quit)
        timer.start()
        loop.exec()
        timer.stop()
        timer.timeout.disconnect(loop.quit)


def pause(seconds: float) -> None:
    until = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() >= until, "a pause", timeout=seconds + 5)


def off_ui(executor: ThreadPoolExecutor, work: Callable[[], T], what: str) -> T:
    """``work()`` on a helper thread while the window's event loop runs."""
    future = executor.submit(work)
    wait_until(future.done, what)
    return future.result()


def shoot(widget: QWidget, path: Path) -> None:
    pause(0.5)  # the last changes painted
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not save {path}")
    _say(f"saved {path}")


# --- the scenes -------------------------------------------------------------------------


def sign_in(desk: DeskApp, server: str, outdir: Path) -> MainWindow:
    desk.show_sign_in()
    dialog = desk.dialog
    assert dialog is not None
    dialog.server_edit.setText(server)
    dialog.user_edit.setText(REP)
    dialog.password_edit.setText(seed_password())
    dialog.remember_box.setChecked(True)
    shoot(dialog, outdir / "sign-in.png")
    dialog.sign_in_button.click()
    wait_until(lambda: desk.window is not None, "the window to open")
    window = desk.window
    assert window is not None
    bar = window.status_bar
    wait_until(lambda: bar.connection_label.text() == "Online, live", "the live event stream")
    return window


def read_handover(window: MainWindow, outdir: Path) -> None:
    """The last shift's notes come up at sign-in (the seed leaves one for the rep): read them."""
    wait_until(lambda: window.handover.dialog is not None, "the last shift's handover notes")
    dialog = window.handover.dialog
    assert dialog is not None
    shoot(dialog, outdir / "handover.png")
    dialog.all_button.click()
    wait_until(lambda: window.handover.dialog is None, "the handover notes acknowledged")


def go_ready(window: MainWindow) -> None:
    me = str(window.session.profile.user_id)
    wait_until(
        lambda: any(p.get("user_id") == me for p in window.store.records("agent_profile")),
        "the rep's agent profile",
    )
    # the seed's must-read update, shown at sign-in: Ready waits until it is acknowledged
    updates = window.morning.updates
    if updates.dialog is not None:
        updates.dialog.all_button.click()
    wait_until(lambda: not updates.must_reads(), "the must-read updates acknowledged")
    selector = window.status_bar.state_selector
    index = selector.findText("Ready")
    selector.setCurrentIndex(index)
    selector.activated.emit(index)


def fill_queue(
    outside: Outside, executor: ThreadPoolExecutor, customers: list[dict[str, Any]]
) -> None:
    """40 calls, chats and emails; the first ten have been waiting long enough to show it."""
    rng = random.Random(5)
    numbers = [p["number"] for c in customers for p in c.get("phones") or []]
    emails = [e for c in customers for e in c.get("emails") or []]
    unknown = iter(UNKNOWN_NUMBERS)
    chats, mails = iter(CHAT_SUBJECTS * 2), iter(EMAIL_SUBJECTS * 2)

    def send(groups: tuple[tuple[str, str, int], ...]) -> None:
        for channel, priority, count in groups:
            for _ in range(count):
                skill = rng.choice(SKILLS)
                known = rng.random() < 0.6
                if channel == "voice":
                    caller = rng.choice(numbers) if known else next(unknown)
                    outside.ring(caller, priority=priority, skill=skill)
                    continue
                address = (
                    rng.choice(emails) if known else f"visitor{rng.randrange(10**4)}@example.com"
                )
                subject = next(chats if channel == "chat" else mails)
                fields = {"priority": priority, "skill": skill, "customer_email": address}
                sender = address if channel == "email" else f"Web chat {rng.randrange(1000, 9999)}"
                outside.message(channel, sender, subject, **fields)

    off_ui(executor, lambda: send(LATE + NEARLY), "the first calls and chats")
    nearly_at = time.monotonic()
    pause(NEARLY_AGE_S - 10)
    off_ui(executor, lambda: send(FRESH), "the rest of the queue")
    wait_until(lambda: time.monotonic() - nearly_at >= NEARLY_AGE_S, "the SLAs to run down")


def ring_for_the_rep(
    window: MainWindow, outside: Outside, executor: ThreadPoolExecutor, star: dict[str, Any]
) -> uuid.UUID:
    extension = off_ui(
        executor, lambda: outside.give_extension(window.session.profile.user_id), "an extension"
    )
    number = star["phones"][0]["number"]
    call = off_ui(
        executor, lambda: outside.ring(number, extension=extension), "the call for the rep"
    )
    wait_until(lambda: window.banner.current() == call, "the offer to ring")
    wait_until(lambda: window.screen_pop.showing() == "customer", "the screen pop")
    return call


def accept(window: MainWindow, call: uuid.UUID) -> None:
    button = window.banner.findChild(QPushButton, "OfferAccept")
    assert button is not None
    button.click()
    wait_until(lambda: call in window.tabs.open_ids(), "the call's tab")
    wait_until(
        lambda: (window.store.record("interaction", call) or {}).get("call_state") == "connected",
        "the PBX to connect the call",
    )
    pause(5)  # the handle timer shows the call running


def _richest(window: MainWindow) -> dict[str, Any]:
    """The seeded customer whose 360° view (as the rep sees it) has the most to show."""
    api = DeskApi(window.session.api_url, token=window.session.token)

    def score(overview: dict[str, Any]) -> int:
        late = any(s["delayed"] for o in overview["orders"] for s in o["shipments"])
        return (
            len(overview["orders"])
            + len(overview["invoices"])
            + 2 * len(overview["timeline"])
            + 3 * late
            + 3 * bool(overview["overdue_cents"])
        )

    try:
        customers = api.search_customers("", limit=100)  # no query: every one in my scope
        return max((api.customer_overview(uuid.UUID(c["id"])) for c in customers), key=score)
    finally:
        api.close()


def walk_script(window: MainWindow) -> None:
    """The call filed as a shipping delay from the guide, walked by keyboard to its third step."""
    guide = window.script_sidebar
    window.activateWindow()
    wait_until(window.isActiveWindow, "the window to be active")
    window.focus_guide_action.trigger()
    run = guide.current_run()
    if run is None or run.script.key != "shipping_delay":
        combo = guide.view.category_combo if run is not None else guide.pick_category
        index = combo.findData("shipping_delay")
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Tab, Qt.Key.Key_Space):  # the notice said; Next
        QTest.keyClick(QApplication.focusWidget(), key)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # the security line said
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # verified
    wait_until(lambda: len(guide.current_run().route) == 3, "the script's third step")


def look_up(window: MainWindow, text: str) -> None:
    """Ctrl+K and typing, as a rep would; wait for the server's hits to join the cache's."""
    box = window.lookup
    window.activateWindow()  # Xvfb has no window manager to do it; shortcuts need it
    wait_until(window.isActiveWindow, "the window to be active")
    QTest.keyClick(window.queue, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    answered: list[int] = []
    box.search.serverAnswered.connect(lambda generation, _hits: answered.append(generation))
    QTest.keyClicks(box.edit, text)
    wait_until(lambda: box.search.generation in answered, "the server's look-up")


def open_360(window: MainWindow, customer: dict[str, Any]) -> CustomerView:
    """Find the customer by name and open their 360° view with Enter."""
    box = window.lookup
    box.edit.clear()
    look_up(window, customer["name"])
    names = [hit.name for hit in box.model.hits()]
    for _ in range(names.index(customer["name"])):
        QTest.keyClick(box.edit, Qt.Key.Key_Down)
    QTest.keyClick(box.edit, Qt.Key.Key_Return)
    view = window.tabs.currentWidget()
    assert isinstance(view, CustomerView)
    wait_until(lambda: view.overview is not None, "the customer's overview")
    view.sections.setCurrentIndex(SECTION_ORDERS)
    tree = view.orders.tree
    for index in range(tree.topLevelItemCount()):
        tree.topLevelItem(index).setExpanded(True)
    if tree.topLevelItemCount():
        tree.setCurrentItem(tree.topLevelItem(0))
    return view


def reply_with_canned(
    window: MainWindow, executor: ThreadPoolExecutor, star: dict[str, Any]
) -> None:
    """An email to the customer: one reply sent, the next typed up to ``/re`` at a word start."""

    def start_email() -> uuid.UUID:
        body = {
            "channel": "email",
            "customer_id": star["id"],
            "subject": "Your return",
            "to_address": star["emails"][0],
        }
        headers = {"Authorization": f"Bearer {window.session.token}"}
        answer = requests.post(
            f"{window.session.api_url}/interactions", json=body, headers=headers, timeout=30
        )
        answer.raise_for_status()
        return uuid.UUID(answer.json()["id"])

    email = off_ui(executor, start_email, "an email to the customer")
    wait_until(
        lambda: (
            window.store.record("interaction", email) is not None
            and bool(window.store.records("canned_answer"))
        ),
        "the email and the seeded canned answers in the desk's cache",
    )
    window.open_interaction(email)
    box = window.replies.box(email)
    assert box is not None
    wait_until(box.isVisible, "the reply box")
    box.editor.setFocus()
    QTest.keyClicks(box.editor, "Dear Margaret, thank you for your email.")
    QTest.keyClick(box.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: "sending" not in box.conversation.texts()[-1], "the reply to be sent")
    QTest.keyClicks(box.editor, "I am sorry the jacket does not fit. /re")
    wait_until(box.editor.completer.popup().isVisible, "the canned answers")


def ticket_from_call(window: MainWindow, call: uuid.UUID) -> TicketView:
    """A ticket made from the call, a checklist item ticked, escalated to tier 2, a note."""
    interaction = window.store.record("interaction", call)
    assert interaction is not None
    made = NewTicket(
        subject="Parcel two weeks late, customer needs it for an event",
        description="Ordered for a client event on Friday.",
        category="shipping_delay",
        department=Department.LOGISTICS,
        priority=Priority.HIGH,
    )
    ticket_id = window.tickets.create(made, interaction)
    view = window.tickets.open(ticket_id)
    assert view is not None

    def synced() -> bool:
        record = window.store.record("ticket", ticket_id) or {}
        return record.get("number") not in (None, "new") and not window.store.has_local_changes(
            "ticket", ticket_id
        )

    wait_until(synced, "the server's ticket")
    view.checklist.item(0).setCheckState(Qt.CheckState.Checked)
    hand_off = HandOff.of(
        "Checked the carrier tracking: the parcel is stuck at the Joliet depot since Monday.",
        "A logistics specialist calls back by 3 pm today with a firm delivery date.",
        "Get the carrier to deliver before Friday or send a replacement by express.",
    )
    window.tickets.escalate(ticket_id, Escalation(None, 2, None, hand_off), interaction_id=call)
    note_id, _body = add_note(
        window.store,
        window.directory,
        author_id=window.session.profile.user_id,
        subject_type="ticket",
        subject_id=ticket_id,
        body="@logistics she is a VIP designer, please keep her posted by phone.",
    )
    window.show_changes([RecordChange("note", note_id, "changed")])
    window.tickets.opQueued.emit()  # the sync thread wakes

    def escalated() -> bool:
        record = window.store.record("ticket", ticket_id) or {}
        return bool(record.get("escalations")) and not window.store.has_local_changes(
            "ticket", ticket_id
        )

    wait_until(escalated, "the escalation on the server")
    window.tickets.open(ticket_id)
    return view


def wrap_up_call(window: MainWindow, call: uuid.UUID) -> None:
    """The rep hangs up; the panel opens: F5 (callback), Enter, a time tomorrow, the notes."""
    window.open_interaction(call)
    window.tabs.callCommandRequested.emit(call, "hangup", None, None)
    tab = window.tabs.tab(call)
    assert tab is not None
    wait_until(lambda: tab.wrap_up is not None and tab.wrap_up.isVisible(), "the wrap-up panel")
    panel = tab.wrap_up
    assert panel is not None
    window.activateWindow()
    wait_until(window.isActiveWindow, "the window to be active")
    QTest.keyClick(panel.codes, Qt.Key.Key_F5)
    QTest.keyClick(panel.codes, Qt.Key.Key_Return)
    panel.callback_time.setDateTime(QDateTime(QDate.currentDate().addDays(1), QTime(10, 0)))
    panel.notes.setFocus()
    QTest.keyClicks(
        panel.notes,
        "Parcel stuck at the Joliet depot; ticket raised with logistics. "
        "She wants a call tomorrow morning with the delivery date.",
    )
    wait_until(panel.acw_label.isVisible, "the ACW countdown")


def stats_month(window: MainWindow, outdir: Path) -> None:
    """My stats over the seeded month, handle time against its goal and the team's."""
    wait_until(
        lambda: len(window.store.records("shift")) >= 20, "the rep's month of shifts (the seed)"
    )
    stats = window.stats.show()
    stats.resize(1200, 640)
    stats.show_metric(Metric.AHT)
    stats.show_range(Range.MONTH)
    wait_until(stats.is_current, "the month measured")
    wait_until(lambda: "as of" in stats.team_note.text(), "the team average", timeout=20)
    shoot(stats, outdir / "stats-month.png")
    stats.close()


def end_of_shift(window: MainWindow, workdir: Path, outdir: Path) -> None:
    """The end-of-shift report: the dialog with a reflection, its PDF saved, signed off."""
    dialog = window.shift_reports.open_report()
    # yesterday: the seed's last whole day (today's shift has barely begun)
    dialog.day_edit.setDate(dialog.day_edit.date().addDays(-1))
    wait_until(lambda: dialog.report is not None, "the day measured")
    dialog.went_well_edit.setPlainText(
        "Margaret Okafor's late parcel: found it at the depot and kept her informed."
    )
    dialog.to_improve_edit.setPlainText("Shorter holds while I look up tracking.")
    dialog.notes_edit.setPlainText("The carrier portal was slow all morning.")
    dialog.sign_box.setChecked(True)
    shoot(dialog, outdir / "shift-report.png")
    dialog.save_to(workdir / "reports")
    wait_until(lambda: len(dialog.saved_paths) == 2, "the PDF and the CSV")
    pdf = dialog.saved_paths[0]
    page = outdir / "report-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-f", "1", "-l", "1", "-r", "80", "-singlefile", str(pdf), str(page)],
        check=True,
    )
    _say(f"saved {page}.png")
    report = dialog.report
    assert report is not None
    dialog.submit_button.click()
    wait_until(
        lambda: not window.store.has_local_changes("shift_report", report.id),
        "the report submitted to the server",
    )
    dialog.close()


def shoot_screen(window: QWidget, path: Path) -> None:
    """The window as the screen shows it, popups included (``grab`` draws the window alone)."""
    pause(1)  # the X server shows what was painted: let the last changes reach it
    frame = window.frameGeometry()
    screen = window.screen()
    picture = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    if not picture.save(str(path)):
        raise RuntimeError(f"could not save {path}")
    _say(f"saved {path}")


def _star(customers: list[dict[str, Any]]) -> dict[str, Any]:
    """The customer whose call rings: the first of :data:`PEOPLE`, the fullest record."""
    return next(c for c in customers if c["name"] == PEOPLE[0]["name"])


def take(outdir: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Desk")
    cti, intake = secrets.token_hex(16), secrets.token_hex(16)
    with (
        tempfile.TemporaryDirectory(prefix="desk-shots-") as workdir,
        ThreadPoolExecutor(max_workers=1) as executor,
        desk_server(Path(workdir), {"DESK_CTI_SECRET": cti, "DESK_INTAKE_SECRET": intake}) as base,
    ):
        data_dir = Path(workdir) / "desk-data"
        settings = QSettings(str(Path(workdir) / "desk.ini"), QSettings.Format.IniFormat)
        desk = DeskApp(data_dir=data_dir, settings=settings, credentials=CredentialStore(data_dir))
        try:
            window = sign_in(desk, base, outdir)
            read_handover(window, outdir)
            go_ready(window)
            outside = Outside(base, cti, intake)
            off_ui(executor, outside.create_customers, "the customers")
            wait_until(
                lambda: len(window.store.records("customer")) >= len(PEOPLE),
                "the customers in the desk's cache",
            )
            customers = window.store.records("customer")
            star = _star(customers)
            _say("filling the queue (about a minute: the SLA clocks must run)")
            fill_queue(outside, executor, [c for c in customers if c is not star])
            shoot(window, outdir / "queue-busy.png")
            call = ring_for_the_rep(window, outside, executor, star)
            shoot(window, outdir / "call-ringing.png")
            accept(window, call)
            shoot(window, outdir / "call-active.png")
            walk_script(window)
            shoot(window, outdir / "script-sidebar.png")
            look_up(window, "mar")
            shoot(window, outdir / "lookup.png")
            richest = off_ui(executor, lambda: _richest(window), "a customer with history")
            view = open_360(window, richest["customer"])
            shoot(window, outdir / "customer-360.png")
            view.sections.setCurrentIndex(SECTION_CONTACT)
            shoot(window, outdir / "customer-contact.png")
            reply_with_canned(window, executor, star)
            shoot_screen(window, outdir / "reply-canned.png")
            ticket_from_call(window, call)
            shoot(window, outdir / "ticket.png")
            wrap_up_call(window, call)
            shoot(window, outdir / "wrap-up.png")
            stats_month(window, outdir)
            end_of_shift(window, Path(workdir), outdir)
        finally:
            if desk.window is not None:
                desk.window.close()
            desk.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="where the PNG files go")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    take(args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
