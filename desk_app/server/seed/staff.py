"""Stores, teams, staff, shifts, handover notes, the updates board and the goals."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from desk_app.domain.enums import Department, Role, UpdateKind
from desk_app.server.seed.context import HISTORY_DAYS, PlannedShift, SeedContext
from desk_app.server.seed.reference import COUNTRIES, STORE_HOURS, names
from desk_app.server.seed.values import DAY, ts

TEAMS = ("Atlantic", "Meridian", "Pacific")
# The department whose hand-offs and @mentions reach each team (marketing has no desk of its own).
TEAM_DEPARTMENTS = (Department.TECHNICAL_SUPPORT, Department.LOGISTICS, Department.BILLING)
REPS_PER_TEAM = 8
RETAIL_PER_STORE = 3
# Each team's shift start in UTC hours (Meridian covers Europe, Atlantic the
# Americas, Pacific Asia); reps start 0, 30 or 60 minutes after it.
TEAM_SHIFT_START_UTC = (13, 7, 0)
SHIFT_HOURS = 8.5
BREAKS = (("break", 2 * 3600, 15 * 60), ("lunch", 4 * 3600, 30 * 60), ("break", 6.5 * 3600, 900))


def seed_staff(ctx: SeedContext) -> None:
    """Every store, team and member of staff (see the package docstring for usernames)."""
    rng, staff, w = ctx.rng("staff"), ctx.staff, ctx.writer
    created = ts(ctx.history_start - 30 * DAY)
    stores = w.open("store", ("id", "code", "name", "region", "timezone"))
    for country in COUNTRIES:
        staff.stores.append(ctx.new_id())
        stores.rows.append(
            (
                staff.stores[-1],
                country.store_code,
                country.store_name,
                country.code,
                country.timezone,
            )
        )
    teams = w.open("team", ("id", "name", "department"))
    for name, department in zip(TEAMS, TEAM_DEPARTMENTS, strict=True):
        staff.teams.append(ctx.new_id())
        teams.rows.append((staff.teams[-1], f"Team {name}", department.value))
    users = w.open(
        "user_account",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "username",
            "display_name",
            "password_hash",
            "role",
            "team_id",
            "store_id",
            "active",
        ),
    )

    def person(username: str, role: Role, team: str | None, store: str | None) -> str:
        pool = names("en_US" if store is None else COUNTRIES[staff.stores.index(store)].locale)
        first, last = rng.choice(pool.first), rng.choice(pool.last)
        display = f"{last} {first}" if pool.family_first else f"{first} {last}"
        user_id = ctx.new_id()
        users.rows.append(
            (
                user_id,
                1,
                created,
                created,
                username,
                display,
                ctx.password_hash,
                role.value,
                team,
                store,
                True,
            )
        )
        staff.users.append(user_id)
        return user_id

    staff.admin = person("admin", Role.ADMIN, None, None)
    for index, (name, team) in enumerate(zip(TEAMS, staff.teams, strict=True)):
        staff.supervisors.append(person(f"sup.{name.lower()}", Role.SUPERVISOR, team, None))
        for n in range(REPS_PER_TEAM):
            number = index * REPS_PER_TEAM + n + 1
            staff.reps.append((person(f"rep{number:02d}", Role.REP, team, None), index))
    for country, store in zip(COUNTRIES, staff.stores, strict=True):
        code = country.store_code.lower()
        staff.retail.append(
            [
                person(f"retail.{code}{n}", Role.RETAIL, None, store)
                for n in range(1, RETAIL_PER_STORE + 1)
            ]
        )
    w.close(stores, teams, users)


def _utc_seconds(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())


def seed_shifts(ctx: SeedContext) -> None:
    """Shifts with breaks: every rep's for the last 30 days and today, everyone else's today.

    The reps' shifts are kept in ``ctx.staff.rep_shifts`` for the history
    phase, which plays each rep's month inside them.
    """
    rng, staff, w = ctx.rng("shifts"), ctx.staff, ctx.writer
    shifts = w.open(
        "shift",
        ("id", "version", "created_at", "updated_at", "user_id", "team_id", "starts_at", "ends_at"),
    )
    breaks = w.open("shift_break", ("id", "shift_id", "kind", "starts_at", "ends_at"))

    def shift(user: str, team: str | None, start: int) -> tuple[tuple[str, int, int], ...]:
        shift_id = ctx.new_id()
        end = start + int(SHIFT_HOURS * 3600)
        planned = ts(min(start, ctx.history_end) - 7 * DAY)  # rotas are out a week ahead
        shifts.rows.append((shift_id, 1, planned, planned, user, team, ts(start), ts(end)))
        taken = []
        for kind, offset, length in BREAKS:
            at = start + int(offset) + rng.choice((0, 900, 1800))
            taken.append((kind, at, at + int(length)))
            breaks.rows.append((ctx.new_id(), shift_id, kind, ts(at), ts(at + int(length))))
        return tuple(taken)

    for team_index, team in enumerate(staff.teams):
        team_start = ctx.history_end + TEAM_SHIFT_START_UTC[team_index] * 3600
        shift(staff.supervisors[team_index], team, team_start)
        for user, index in staff.reps:
            if index != team_index:
                continue
            for days_ago in range(HISTORY_DAYS, -1, -1):
                start = team_start - days_ago * DAY + rng.choice((0, 1800, 3600))
                taken = shift(user, team, start)
                end = start + int(SHIFT_HOURS * 3600)
                staff.rep_shifts.append(PlannedShift(user, team_index, start, end, taken))
    (open_h, open_m), _ = STORE_HOURS
    for country, retail in zip(COUNTRIES, staff.retail, strict=True):
        opening = datetime.combine(ctx.today, time(open_h, open_m), ZoneInfo(country.timezone))
        for n, user in enumerate(retail):
            shift(user, None, _utc_seconds(opening) + (n % 2) * 3600)
    w.close(shifts, breaks)


ANNOUNCEMENTS = (
    # (kind, title, body, requires_ack, audience, age days, expires); audience: "all",
    # "team0" / "store0" (the first team's or store's), "reps" (every rep, no one else)
    (
        UpdateKind.GUIDELINE,
        "Refunds above 200 now need a supervisor's approval",
        "From today, any refund above 200 (in the order's currency) must be approved by your "
        "supervisor before you confirm it to the customer. Use the 'ask my supervisor' flag.",
        True,
        "all",
        1,
        None,
    ),
    (
        UpdateKind.OUTAGE,
        "DHL and Hermes delays in Germany",
        "Parcels to Germany are running one to two days late after a sorting-centre outage. "
        "Use the shipping-delay script and offer the delivery-fee refund to VIP customers.",
        True,
        "all",
        0,
        3,
    ),
    (
        UpdateKind.PRODUCT,
        "Mesh Wi-Fi system back in stock",
        "RTR-MESH3 is available again in every store and online; pre-orders ship this week.",
        False,
        "all",
        4,
        None,
    ),
    (
        UpdateKind.PROMOTION,
        "15% off headphones this month",
        "Code SOUND15 gives 15% off HDP-NC700 and EAR-BUDS2 until the end of the month.",
        False,
        "all",
        6,
        24,
    ),
    (
        UpdateKind.GUIDELINE,
        "New greeting for the Atlantic team",
        "Please open calls with: 'Thanks for calling, this is <name>, how can I help today?'",
        True,
        "team0",
        2,
        None,
    ),
    (
        UpdateKind.GUIDELINE,
        "Returns desk moves to the ground floor",
        "Walk-in returns at New York Fifth Avenue are now handled at the ground-floor desk.",
        False,
        "store0",
        3,
        14,
    ),
    (
        UpdateKind.GUIDELINE,
        "Identity checks before any account change",
        "Before changing an address, a payment method or an order, confirm two of: date of "
        "birth, postcode, last order number. Never read a card number aloud, not even in part.",
        True,
        "reps",
        0,
        None,
    ),
)


def seed_board(ctx: SeedContext) -> None:
    """Announcements (some needing acknowledgement), acknowledgements and handover notes."""
    rng, staff, w = ctx.rng("board"), ctx.staff, ctx.writer
    board = w.open(
        "announcement",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "kind",
            "title",
            "body",
            "requires_ack",
            "author_id",
            "team_id",
            "store_id",
            "audience_role",
            "published_at",
            "expires_at",
        ),
    )
    acks = w.open("acknowledgement", ("id", "announcement_id", "user_id", "at"))
    for kind, title, body, requires_ack, audience, age, expires in ANNOUNCEMENTS:
        published = ctx.history_end - age * DAY + 8 * 3600
        team = staff.teams[0] if audience == "team0" else None
        store = staff.stores[0] if audience == "store0" else None
        announcement = ctx.new_id()
        board.rows.append(
            (
                announcement,
                1,
                ts(published),
                ts(published),
                kind.value,
                title,
                body,
                requires_ack,
                staff.admin,
                team,
                store,
                Role.REP.value if audience == "reps" else None,
                ts(published),
                ts(published + expires * DAY) if expires else None,
            )
        )
        if requires_ack and age > 0:
            for user in staff.users[1:]:
                if rng.random() < 0.6:
                    acks.rows.append((ctx.new_id(), announcement, user, ts(published + 3600)))
    notes = w.open(
        "handover_note",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "author_id",
            "team_id",
            "store_id",
            "body",
            "done",
        ),
    )
    written = ts(ctx.history_end - 2 * 3600)
    for team, supervisor, text in zip(staff.teams, staff.supervisors, HANDOVER, strict=True):
        notes.rows.append((ctx.new_id(), 1, written, written, supervisor, team, None, text, False))
    notes.rows.append(
        (
            ctx.new_id(),
            1,
            written,
            written,
            staff.retail[0][0],
            None,
            staff.stores[0],
            "Till 2 is jamming on card payments; use till 1 until the engineer comes.",
            False,
        )
    )
    w.close(board, acks, notes)


HANDOVER = (
    "Three callbacks promised before noon (see tickets flagged for follow-up today). "
    "The DHL delay script was updated; please read it before your first call.",
    "Billing queue is long after the invoice run; prioritise overdue invoices above 500.",
    "Quiet night. One VIP complaint escalated to logistics, waiting on the carrier's claim.",
)
