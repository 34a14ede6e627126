"""Tickets (with escalations and notes) and the history of interactions on every channel."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from desk_app.domain.enums import (
    Channel,
    Department,
    Direction,
    InteractionStatus,
    NoteSubject,
    Priority,
    TicketEventKind,
    TicketStatus,
)
from desk_app.domain.sla import SlaPolicy, due_at
from desk_app.domain.tickets import ACTIVE, HandOff, checklist_for
from desk_app.server.seed.content import shipped_scripts
from desk_app.server.seed.context import CustomerIndex, PlannedShift, SeedContext
from desk_app.server.seed.history import Contacts, Timing, play_month
from desk_app.server.seed.reference import COUNTRIES
from desk_app.server.seed.staff import TEAM_DEPARTMENTS
from desk_app.server.seed.trails import templates
from desk_app.server.seed.values import DAY, Picker, SeedRandom, as_json, covering, ts

T, D, K = TicketStatus, Department, TicketEventKind
TICKETS_PER_CUSTOMER = Picker([0, 1, 2], [76, 20, 4])  # mean 0.28
TICKET_STATUS = Picker(list(T), [8, 12, 10, 6, 30, 34])
DEPARTMENT = Picker(list(D), [35, 30, 25, 10])
PRIORITY = Picker(
    [Priority.LOW.value, Priority.NORMAL.value, Priority.HIGH.value, Priority.URGENT.value],
    [7, 75, 15, 3],
)
STATUSES, DEPARTMENTS = list(T), list(D)
COVER_TICKETS = 12  # the least common multiple of 6 statuses and 4 departments
TICKET_SUBJECTS = {
    D.TECHNICAL_SUPPORT: (
        "Router keeps dropping the connection",
        "Phone will not charge",
        "Laptop does not start after update",
        "Soundbar has no sound",
    ),
    D.LOGISTICS: (
        "Parcel not delivered",
        "Parcel delivered to the wrong address",
        "Damaged on arrival",
        "Return not collected",
    ),
    D.BILLING: (
        "Charged twice for one order",
        "Refund not received",
        "Wrong invoice amount",
        "Invoice address needs changing",
    ),
    D.MARKETING: (
        "Promotion code not accepted",
        "Unsubscribe from newsletter",
        "Loyalty points missing",
        "Complaint about advertising",
    ),
}
ESCALATION_NOTES = (  # hand-offs: what was tried, what the customer was told, what is expected
    HandOff(
        "Reset and re-pairing, twice.",
        "A specialist will call within a day.",
        "Diagnose the fault; replace if needed.",
    ),
    HandOff(
        "Tracking shows no scan for six days.",
        "We are opening a claim with the carrier.",
        "Open the carrier claim and update the customer.",
    ),
    HandOff(
        "Checked the invoice: charged twice.",
        "The refund needs approval, within two days.",
        "Approve the refund above my limit.",
    ),
    HandOff(
        "Answered what I could; outside my area.",
        "The right team will take it from here.",
        "Take over; the full history is in the notes.",
    ),
)
TICKET_NOTES = (
    "Customer prefers a call back after 17:00.",
    "Checked with the warehouse: the replacement leaves tomorrow.",
    "Spoke to billing, correction raised.",
    "Customer was upset; offered a goodwill voucher.",
)

INTERACTIONS_PER_CUSTOMER = Picker([0, 1, 2, 3, 4, 5], [10, 30, 25, 17, 12, 6])  # mean 2.09
CHANNELS = list(Channel)
CHANNEL = Picker(CHANNELS, [45, 25, 18, 7, 5])
CATEGORY = Picker(
    [
        "technical_issue",
        "shipping_delay",
        "billing_error",
        "returns",
        "general_inquiry",
        "order_status",
        "complaint",
        "identity_verification",
    ],
    [26, 20, 15, 12, 11, 9, 5, 2],
)
SATISFACTION = Picker([1, 2, 3, 4, 5], [5, 7, 13, 35, 40])
# channel: (SLA target, wait range, handle range) in seconds
TIMING = {
    Channel.VOICE: (30, (2, 180), (120, 1200)),
    Channel.CHAT: (60, (5, 400), (240, 1500)),
    Channel.EMAIL: (4 * 3600, (600, 36_000), (120, 900)),
    Channel.TICKET: (8 * 3600, (600, 20_000), (300, 1800)),
    Channel.WALK_IN: (600, (30, 900), (300, 1500)),
}
OUTCOMES = {
    # category: (subjects, dispositions, their weights, wrap notes)
    "technical_issue": (
        ("No internet since this morning", "Wi-Fi slow upstairs", "Phone screen flickers"),
        ("resolved", "ticket_created", "callback_scheduled", "replacement_sent", "info_provided"),
        (58, 20, 10, 9, 3),
        (
            "Restarted router, connection back.",
            "Firmware updated remotely.",
            "Opened a case with tech support.",
        ),
    ),
    "shipping_delay": (
        ("Where is my parcel?", "Delivery date passed", "Tracking has not moved"),
        ("info_provided", "claim_opened", "refund_issued", "resolved"),
        (55, 20, 10, 15),
        (
            "Gave tracking update, parcel due tomorrow.",
            "Opened carrier claim.",
            "Refunded delivery fee.",
        ),
    ),
    "billing_error": (
        ("Charged twice", "Invoice amount wrong", "Refund still missing"),
        ("refund_issued", "correction_raised", "info_provided", "escalated"),
        (35, 30, 25, 10),
        ("Duplicate charge refunded.", "Billing correction raised.", "Explained invoice lines."),
    ),
    "returns": (
        ("Return an item", "Exchange for another size", "Return label not received"),
        ("return_label_sent", "exchange_arranged", "refund_issued", "declined"),
        (50, 20, 20, 10),
        ("Sent prepaid return label.", "Exchange arranged in store.", "Outside return window."),
    ),
    "general_inquiry": (
        ("Store opening hours", "Change my address", "Question about warranty"),
        ("info_provided", "account_updated", "resolved"),
        (60, 25, 15),
        ("Answered question.", "Updated the customer's address.", "Sent warranty terms."),
    ),
    "order_status": (
        ("Where is my order?", "Has my order shipped?", "Change delivery address"),
        ("info_provided", "resolved", "claim_opened", "refund_issued", "account_updated"),
        (60, 15, 10, 5, 10),
        ("Gave order status and tracking.", "Changed address before dispatch.", "Order cancelled."),
    ),
    "complaint": (
        ("Unhappy with the service", "Third call about the same problem", "Rude staff in store"),
        ("resolved", "escalated", "goodwill_offered", "callback_scheduled"),
        (35, 30, 20, 15),
        (
            "Apologised, agreed a plan with a date.",
            "Formal complaint logged, supervisor to call back.",
            "Goodwill credit applied.",
        ),
    ),
    "identity_verification": (
        ("Account access", "Update account details", "Caller on behalf of account holder"),
        ("account_updated", "info_provided", "verification_failed"),
        (50, 35, 15),
        ("Verified, details updated.", "Verified, question answered.", "Could not verify."),
    ),
}
DISPOSITION = {k: Picker(v[1], v[2]) for k, v in OUTCOMES.items()}
_NO_TRAIL = _NO_TAGS = as_json([])


DEPARTMENT_CATEGORIES = {
    D.TECHNICAL_SUPPORT: ("technical_issue", "technical_issue", "identity_verification"),
    D.LOGISTICS: ("shipping_delay", "returns", "order_status"),
    D.BILLING: ("billing_error", "billing_error", "general_inquiry"),
    D.MARKETING: ("complaint", "general_inquiry"),
}
"""The categories a ticket of each department is usually filed under."""
_SETTLED = frozenset({T.RESOLVED, T.CLOSED})
_NO_DETAIL = as_json({})
_POLICY = SlaPolicy()  # the shipped defaults: the seed does not read the server's settings
_Target = Literal["first_response", "resolution"]
_WEEK, _SLOT = 7 * DAY, 15 * 60


@dataclass(frozen=True)
class _Clocks:
    """A seeded ticket's SLA columns, as epoch seconds (``None``: not set)."""

    first_response_due: int | None
    resolution_due: int | None
    responded: int | None
    resolved: int | None
    paused: int | None

    def row(self) -> tuple[str | None, ...]:
        values = (
            self.first_response_due,
            self.resolution_due,
            self.responded,
            self.resolved,
            self.paused,
        )
        return tuple(None if value is None else ts(value) for value in values)


class _TicketLife:
    """Category, checklist, SLA clocks and history of seeded tickets, on draws of their own."""

    def __init__(self, ctx: SeedContext) -> None:
        self.rng = ctx.rng("ticket_life")
        self._queues = {
            department: team
            for department, team in zip(TEAM_DEPARTMENTS, ctx.staff.teams, strict=True)
            if department is not None
        }
        self._due: dict[tuple[Priority, int, _Target], int | None] = {}  # offsets from start
        self._checklists: dict[tuple[str, tuple[bool, ...]], str] = {}

    def to_queue(self) -> bool:
        """Whether an escalation goes to the department's queue rather than a supervisor."""
        return self.rng.random() < 0.5

    def queue_of(self, department: Department, team: str | None) -> str | None:
        """The team whose queue a ticket handed to ``department`` lands in (else ``team``)."""
        return self._queues.get(department, team)

    def category(self, department: Department) -> str:
        return str(self.rng.choice(DEPARTMENT_CATEGORIES[department]))

    def checklist(self, category: str, status: TicketStatus) -> str:
        """The category's checklist: all done once settled, partly done while worked on."""
        items = checklist_for(category)
        ticks = tuple(
            status in _SETTLED or (status is not T.NEW and self.rng.random() < 0.5) for _ in items
        )
        if (category, ticks) not in self._checklists:
            self._checklists[category, ticks] = as_json(
                [{**item, "done": done} for item, done in zip(items, ticks, strict=True)]
            )
        return self._checklists[category, ticks]

    def _due_at(self, priority: Priority, opened: int, target: _Target) -> int | None:
        """Due time counted from the quarter hour opened in, from a table of the week.

        The default ticket calendar is UTC hours without holidays, so it repeats
        weekly; at a million tickets the calendar walk is worth saving, and a due
        time up to 15 minutes early is as good for demo data.
        """
        minute = opened - opened % _SLOT
        into_week = minute % _WEEK  # the epoch's week lines up with every later one
        key = (priority, into_week, target)
        if key not in self._due:
            start = datetime.fromtimestamp(into_week, UTC)
            due = due_at(_POLICY, Channel.TICKET, priority, start, target=target)
            self._due[key] = None if due is None else int(due.timestamp()) - into_week
        offset = self._due[key]
        return None if offset is None else minute + offset

    def clocks(
        self, status: TicketStatus, priority: Priority, opened: int, updated: int
    ) -> _Clocks:
        settled_by = max(updated, opened)
        responded = None
        if status is not T.NEW:
            responded = opened + min(self.rng.randint(600, 4 * 3600), settled_by - opened)
        return _Clocks(
            first_response_due=self._due_at(priority, opened, "first_response"),
            resolution_due=self._due_at(priority, opened, "resolution"),
            responded=responded,
            resolved=settled_by if status in _SETTLED else None,
            paused=settled_by if status is T.PENDING_CUSTOMER else None,
        )

    def history(
        self, status: TicketStatus, clocks: _Clocks
    ) -> list[tuple[int, TicketEventKind, str]]:
        """The first response and the status moves that led to ``status``."""
        if clocks.responded is None:
            return []
        responded = clocks.responded
        lines = [(responded, K.FIRST_RESPONSE, _NO_DETAIL), (responded, K.STATUS, _MOVED[T.OPEN])]
        last = clocks.resolved or clocks.paused or responded
        if status in _SETTLED:
            lines.append((last, K.STATUS, _MOVED[T.RESOLVED]))
        if status is T.CLOSED:
            lines.append(
                (last, K.STATUS, as_json({"from": T.RESOLVED.value, "to": T.CLOSED.value}))
            )
        if status is T.PENDING_CUSTOMER:
            lines.append((last, K.SLA_PAUSED, as_json({"reason": "pending_customer"})))
        if status in (T.PENDING_CUSTOMER, T.PENDING_INTERNAL):
            lines.append((last, K.STATUS, _MOVED[status]))
        return lines


_MOVED = {
    T.OPEN: as_json({"from": T.NEW.value, "to": T.OPEN.value}),
    **{
        status: as_json({"from": T.OPEN.value, "to": status.value})
        for status in (T.RESOLVED, T.PENDING_CUSTOMER, T.PENDING_INTERNAL)
    },
}


def seed_tickets(ctx: SeedContext) -> None:
    """About 0.3 tickets a customer in every department and status, some escalated.

    Each has its category's checklist (done once resolved), SLA due times from
    the default policy, the moments they were met, a pause while pending the
    customer, and the history a live ticket would have: created, first
    response, status, hand-offs. Unowned escalated tickets sit in the queue of
    the team whose department they went to.
    """
    rng, w, index, staff = ctx.rng("tickets"), ctx.writer, ctx.index, ctx.staff
    life = _TicketLife(ctx)  # draws of its own: the tickets' other values stay as they were
    est = len(index.ids) * 28 // 100
    tickets = w.open(
        "ticket",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "number",
            "subject",
            "description",
            "status",
            "priority",
            "department",
            "customer_id",
            "owner_id",
            "team_id",
            "store_id",
            "needs_supervisor",
            "category",
            "tier",
            "checklist",
            "first_response_due_at",
            "resolution_due_at",
            "first_responded_at",
            "resolved_at",
            "sla_paused_at",
        ),
        estimate=est,
    )
    escalations = w.open(
        "ticket_escalation",
        (
            "id",
            "ticket_id",
            "at",
            "by_id",
            "from_department",
            "to_department",
            "from_tier",
            "to_tier",
            "to_owner_id",
            "note",
            "tried",
            "told",
            "expected",
            "context",
        ),
        estimate=est // 8,
    )
    events = w.open(
        "ticket_event", ("id", "ticket_id", "at", "by_id", "kind", "detail"), estimate=est * 3
    )
    pauses = w.open(
        "sla_pause",
        ("id", "subject_type", "subject_id", "reason", "started_at"),
        estimate=est // 10,
    )
    notes = w.open(
        "note",
        ("id", "subject_type", "subject_id", "author_id", "body", "created_at"),
        estimate=est * 4 // 10,
    )
    add, end, number = tickets.rows.append, ctx.history_end, 0
    event = events.rows.append
    for c, customer in enumerate(index.ids):
        for _ in range(TICKETS_PER_CUSTOMER(rng)):
            if number < COVER_TICKETS:  # every status and every department, even at N=1
                status, department = STATUSES[number % len(T)], DEPARTMENTS[number % len(D)]
            else:
                status, department = TICKET_STATUS(rng), DEPARTMENT(rng)
            created = index.created[c]
            if status in ACTIVE:
                opened = max(end - 3600 - rng.randrange(30 * DAY), created)
            else:
                opened = created + int((end - created) * rng.random())
            ticket = ctx.new_id()
            owner, team_index = rng.choice(staff.reps)
            team: str | None = staff.teams[team_index]
            if status is T.NEW and rng.random() < 0.6:
                owner, team = None, None
            escalated = status is T.OPEN and rng.random() < 0.3
            needs_supervisor = rng.random() < (0.5 if escalated else 0.03)
            store = ctx.staff.stores[index.store[c]] if index.store[c] >= 0 else None
            updated = min(opened + rng.randrange(DAY), end - 60)
            creator = owner or staff.admin
            event((ctx.new_id(), ticket, ts(opened), creator, K.CREATED.value, _NO_DETAIL))
            tier = 1
            if escalated or (status not in ACTIVE and rng.random() < 0.15):
                current = department
                hops = [rng.choice([d for d in D if d is not department])]
                if escalated and rng.random() < 0.4:
                    hops.insert(0, rng.choice([d for d in D if d is not hops[0]]))
                queued = escalated and life.to_queue()  # handed to a queue, not a person
                for hop, source in enumerate(hops):
                    target = hops[hop + 1] if hop + 1 < len(hops) else current
                    receiver = None if queued else staff.supervisors[team_index]
                    at, escalation = opened + (hop + 1) * 3600, ctx.new_id()
                    escalations.rows.append(
                        (
                            escalation,
                            ticket,
                            ts(at),
                            creator,
                            source.value,
                            target.value,
                            tier,
                            tier,
                            receiver,
                            *_hand_off(rng.choice(ESCALATION_NOTES)),
                        )
                    )
                    detail = {
                        "escalation_id": escalation,
                        "from_department": source.value,
                        "to_department": target.value,
                        "from_tier": tier,
                        "to_tier": tier,
                    }
                    event(
                        (ctx.new_id(), ticket, ts(at), creator, K.ESCALATED.value, as_json(detail))
                    )
                if queued:
                    owner, team = None, life.queue_of(current, team)
            if rng.random() < 0.4:
                notes.rows.append(
                    (
                        ctx.new_id(),
                        NoteSubject.TICKET.value,
                        ticket,
                        creator,
                        rng.choice(TICKET_NOTES),
                        ts(opened + 1800),
                    )
                )
            subject = rng.choice(TICKET_SUBJECTS[department])
            priority = Priority.HIGH if index.vip[c] else Priority(PRIORITY(rng))
            category = life.category(department)
            sla = life.clocks(status, priority, opened, updated)
            for at, kind, line in life.history(status, sla):
                event((ctx.new_id(), ticket, ts(at), creator, kind.value, line))
            if sla.paused is not None:
                pauses.rows.append(
                    (ctx.new_id(), "ticket", ticket, "pending_customer", ts(sla.paused))
                )
            number += 1
            add(
                (
                    ticket,
                    1,
                    ts(opened),
                    ts(updated),
                    f"T-{1000000 + number}",
                    subject,
                    f"{subject}. Opened from the customer's contact.",
                    status.value,
                    priority.value,
                    department.value,
                    customer,
                    owner,
                    team,
                    store,
                    needs_supervisor,
                    category,
                    tier,
                    life.checklist(category, status),
                    *sla.row(),
                )
            )
            index.tickets.setdefault(c, []).append(ticket)
        w.maybe_flush()
    w.close(tickets, escalations, events, pauses, notes)


def _hand_off(note: HandOff) -> tuple[str, str, str, str, str]:
    return note.text(), note.tried, note.told, note.expected, as_json({})


INTERACTION_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "channel",
    "direction",
    "status",
    "priority",
    "category",
    "subject",
    "external_id",
    "from_address",
    "to_address",
    "customer_id",
    "ticket_id",
    "assigned_agent_id",
    "team_id",
    "store_id",
    "sla_due_at",
    "offered_at",
    "answered_at",
    "ended_at",
    "wrapped_at",
    "disposition",
    "wrap_notes",
    "script_trail",
    "satisfaction",
    "queued_at",
    "tags",
    "hold_seconds",
    "first_contact_resolution",
    "transferred",
)
"""The interaction columns the seed writes, in order (the month's history writes them too)."""


def seed_interactions(ctx: SeedContext) -> None:
    """About two interactions a customer, on every channel, each wrapped up or abandoned.

    Before the last month for the reps' work: that month is played shift by
    shift (:func:`~desk_app.server.seed.history.play_month`), written here
    with the rest.
    """
    rng, w, index, staff = ctx.rng("interactions"), ctx.writer, ctx.index, ctx.staff
    interactions = w.open("interaction", INTERACTION_COLUMNS, estimate=len(index.ids) * 209 // 100)
    month_start = ctx.month_start
    walker = ctx.rng("script_trails")  # apart, so the trails leave the other draws alone
    trails = templates([shipped.script for shipped in shipped_scripts()], walker)
    add, random_, end, number = interactions.rows.append, rng.random, ctx.history_end, 0
    for c, customer in enumerate(index.ids):
        created, tickets = index.created[c], index.tickets.get(c)
        country = COUNTRIES[index.country[c]]
        for _ in range(INTERACTIONS_PER_CUSTOMER(rng)):
            channel = covering(number, CHANNELS, CHANNEL, rng)
            number += 1
            if (channel is Channel.TICKET and not tickets) or (
                channel is Channel.EMAIL and index.email[c] is None
            ):
                channel = Channel.CHAT
            sla, (wait_lo, wait_hi), (handle_lo, handle_hi) = TIMING[channel]
            queued = created + int((end - 3 * 3600 - created) * random_())
            category = CATEGORY(rng)
            subjects, _, _, wrap_notes = OUTCOMES[category]
            interaction = ctx.new_id()
            outbound = random_() < (0.1 if channel is Channel.VOICE else 0.03)
            direction = Direction.OUTBOUND if outbound else Direction.INBOUND
            ours, theirs, external = addresses(channel, country.support_line, index, c, interaction)
            if outbound:
                ours, theirs = theirs, ours
            abandoned = channel in (Channel.VOICE, Channel.CHAT) and random_() < 0.08
            wait = rng.randint(wait_lo, wait_hi)
            store = team = agent = None
            if channel is Channel.WALK_IN:
                store_index = index.store[c] if index.store[c] >= 0 else index.country[c]
                store = staff.stores[store_index]
                agent = rng.choice(staff.retail[store_index])
            elif not abandoned:
                agent, team_index = rng.choice(staff.reps)
                team = staff.teams[team_index]
                if queued >= month_start:
                    continue  # the reps' last month is the history phase's, shift by shift
            ticket = None
            if tickets and (channel is Channel.TICKET or random_() < 0.3):
                ticket = rng.choice(tickets)
            times: tuple[object, ...]  # offered_at .. satisfaction, in column order
            if abandoned:
                offered = ts(queued + wait // 2) if random_() < 0.5 else None
                row_end = queued + wait
                times = (offered, None, ts(row_end), None, None, "", _NO_TRAIL, None)
                status = InteractionStatus.ABANDONED.value
            else:
                offered_at = queued + wait
                answered = offered_at + rng.randint(2, 12)
                ended = answered + rng.randint(handle_lo, handle_hi)
                row_end = ended + rng.randint(15, 150)
                sidebar = random_() < 0.6  # the others worked without the sidebar
                followed, disposition = trails.get(category), DISPOSITION[category](rng)
                trail = _NO_TRAIL
                if followed and sidebar:
                    template = walker.choice(followed)
                    trail = template.fill(answered, ended - answered)
                    if template.dispositions:  # wrap-up took what the script's end suggested
                        disposition = walker.choice(template.dispositions)
                times = (
                    ts(offered_at), ts(answered), ts(ended), ts(row_end),
                    disposition, rng.choice(wrap_notes), trail,
                    SATISFACTION(rng) if random_() < 0.35 else None,
                )  # fmt: skip
                status = InteractionStatus.DONE.value
            stamp = ts(queued)
            add(
                (
                    interaction,
                    1,
                    stamp,
                    ts(row_end),
                    channel.value,
                    direction.value,
                    status,
                    "high" if index.vip[c] else PRIORITY(rng),
                    category,
                    rng.choice(subjects),
                    external,
                    theirs,
                    ours,
                    customer,
                    ticket,
                    agent,
                    team,
                    store,
                    ts(queued + sla),
                    *times,
                    stamp,
                    _NO_TAGS,
                    0.0,
                    None,
                    False,
                )
            )
        w.maybe_flush()
    play_month(ctx, _month_contacts(ctx, interactions.rows.append))
    w.close(interactions)


def _month_contacts(ctx: SeedContext, add: Callable[[tuple[object, ...]], None]) -> Contacts:
    """The rows of the contacts in the reps' month, in :data:`INTERACTION_COLUMNS` order.

    Handled ones are the shift's rep's, with an outcome, hold time, a
    first-contact verdict (never for a transferred call), a survey score for
    about 40%; abandoned ones wait in the rep's team's queue, nobody's.
    """
    index, staff = ctx.index, ctx.staff
    inbound, done = Direction.INBOUND.value, InteractionStatus.DONE.value
    abandoned = InteractionStatus.ABANDONED.value

    def contact(
        rng: SeedRandom,
        interaction: str,
        shift: PlannedShift,
        channel: Channel,
        timing: Timing,
        handled: bool,
    ) -> None:
        c = rng.randrange(len(index.ids)) if index.ids else -1
        country = COUNTRIES[index.country[c]] if c >= 0 else COUNTRIES[0]
        if c >= 0:
            ours, theirs, external = addresses(channel, country.support_line, index, c, interaction)
        else:
            ours, theirs, external = country.support_line, None, f"{channel.value}-{interaction}"
        category = CATEGORY(rng)
        subjects, _, _, wrap_notes = OUTCOMES[category]
        outcome: tuple[object, ...] = (None, "", None, 0.0, None, False)
        if handled:
            transferred = channel is Channel.VOICE and rng.random() < 0.06
            outcome = (
                DISPOSITION[category](rng),
                rng.choice(wrap_notes),
                SATISFACTION(rng) if rng.random() < 0.4 else None,
                float(timing.hold),
                False if transferred else rng.random() < 0.78,
                transferred,
            )
        disposition, notes, satisfaction, hold, resolved, transferred_ = outcome
        queued, ended = ts(timing.queued), ts(timing.ended)
        wrapped = None if timing.wrapped is None else ts(timing.wrapped)
        add(
            (
                interaction,
                1,
                queued,
                wrapped or ended,
                channel.value,
                inbound,
                done if handled else abandoned,
                PRIORITY(rng),
                category,
                rng.choice(subjects),
                external,
                theirs,
                ours,
                index.ids[c] if c >= 0 else None,
                None,
                shift.user if handled else None,
                staff.teams[shift.team],
                None,
                ts(timing.queued + TIMING[channel][0]),
                None if timing.offered is None else ts(timing.offered),
                None if timing.answered is None else ts(timing.answered),
                ended,
                wrapped,
                disposition,
                notes,
                _NO_TRAIL,
                satisfaction,
                queued,
                _NO_TAGS,
                hold,
                resolved,
                transferred_,
            )
        )

    return contact


def addresses(
    channel: Channel, support_line: str, index: CustomerIndex, c: int, hex_id: str
) -> tuple[str | None, str | None, str | None]:
    """(our address, the customer's address, the gateway's id) for an inbound contact."""
    if channel is Channel.VOICE:
        return support_line, index.phone[c], f"CA{hex_id}"
    if channel is Channel.CHAT:
        return None, None, f"CH{hex_id}"
    if channel is Channel.EMAIL:
        email = index.email[c]
        return "support@desk.example", email, f"<{hex_id}@mail.desk.example>"
    return None, None, None
