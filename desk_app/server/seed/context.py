"""What the seeding phases share: the writer, the clock, the ids, and who exists."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from desk_app.server.seed.reference import COUNTRIES
from desk_app.server.seed.values import DAY, IdMaker, SeedRandom
from desk_app.server.seed.writer import BulkWriter

HISTORY_DAYS = 30  # days of shifts, states and handled work before today


@dataclass(frozen=True)
class PlannedShift:
    """One rep's seeded shift, in epoch seconds: what their month of history is played in."""

    user: str
    team: int  # team index
    starts: int
    ends: int
    breaks: tuple[tuple[str, int, int], ...]  # (kind, start, end), in time order


@dataclass
class Staff:
    """The seeded people and places, as stored ids."""

    admin: str = ""
    stores: list[str] = field(default_factory=list)  # index = country index in COUNTRIES
    teams: list[str] = field(default_factory=list)
    supervisors: list[str] = field(default_factory=list)  # index = team index
    reps: list[tuple[str, int]] = field(default_factory=list)  # (user id, team index)
    retail: list[list[str]] = field(default_factory=list)  # per store
    users: list[str] = field(default_factory=list)  # everyone, for acknowledgements
    rep_shifts: list[PlannedShift] = field(default_factory=list)  # per rep, oldest first


@dataclass
class CustomerIndex:
    """Per-customer facts later phases need, in parallel lists (compact at 1M rows)."""

    ids: list[str] = field(default_factory=list)
    country: list[int] = field(default_factory=list)
    store: list[int] = field(default_factory=list)  # -1: no home store
    created: list[int] = field(default_factory=list)  # seconds since the epoch
    phone: list[str] = field(default_factory=list)
    email: list[str | None] = field(default_factory=list)
    vip: list[bool] = field(default_factory=list)
    tickets: dict[int, list[str]] = field(default_factory=dict)  # customer index -> ticket ids


@dataclass
class SeedContext:
    """One seeding run: ``history_end`` (midnight UTC of ``today``) ends the history."""

    writer: BulkWriter
    seed: int
    today: date
    customers: int
    password_hash: str
    staff: Staff = field(default_factory=Staff)
    index: CustomerIndex = field(default_factory=CustomerIndex)
    history_end: int = 0
    new_id: IdMaker = field(init=False)

    def __post_init__(self) -> None:
        midnight = datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
        self.history_end = int(midnight.timestamp())
        self.new_id = IdMaker(self.rng("ids"), self.history_end * 1000)

    def rng(self, phase: str) -> SeedRandom:
        """An RNG of its own per phase, so changing one phase leaves the others' data alone."""
        return SeedRandom(f"desk-seed:{self.seed}:{phase}")

    @property
    def month_start(self) -> int:
        """Midnight UTC 30 days before ``today``: where each rep's day-by-day history begins."""
        return self.history_end - HISTORY_DAYS * DAY

    @property
    def history_start(self) -> int:
        """Three years before ``history_end``: the oldest customer."""
        return self.history_end - 3 * 365 * DAY

    def store_of_country(self, country: int) -> str:
        return self.staff.stores[country]


COUNTRY_COUNT = len(COUNTRIES)
