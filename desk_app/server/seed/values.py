"""The storage form of seeded values, and the seeded sources they come from.

Rows are built as tuples of the values each backend stores, so the writer
hands them to ``executemany`` or ``COPY`` without per-value type processing
(which would double the seeding time): ids as 32-digit hex (what
SQLAlchemy's ``Uuid`` stores on SQLite, and a form PostgreSQL's ``uuid``
input accepts), times as naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff`` strings
(SQLAlchemy's SQLite storage format; the PostgreSQL writer sets the session
time zone to UTC, so ``timestamptz`` reads them as UTC), dates in ISO form,
JSON as text. The same seed therefore yields byte-identical rows on both.
"""

import json
import random
from bisect import bisect
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

DAY = 86_400
_EPOCH = date(1970, 1, 1)
# ts() is called about ten times per row: two look-ups and a concatenation
# instead of building a datetime each time.
_TIME_OF_DAY = [
    f" {h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60) for s in range(60)
]
_DATES: dict[int, str] = {}


class SeedRandom(random.Random):
    """``random.Random`` with choice and integer draws from one ``random()`` call each.

    The standard methods reject-sample bits to be exactly uniform, which costs
    about four times as much; scaling one 53-bit float is uniform to far
    better than demo data needs and keeps the same seed giving the same values.
    """

    def choice(self, seq: Sequence[Any]) -> Any:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randrange(self, stop: int) -> int:  # type: ignore[override]
        return int(self.random() * stop)

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


class IdMaker:
    """Deterministic UUIDv7s, strictly increasing in the order they are made.

    Why not :func:`desk_app.domain.ids.new_id`: that reads the clock and the
    OS's randomness, so two seeds of the same data would differ, and it is
    several times slower. Here the 48-bit time is ``base_ms`` plus the
    sequence number / 4096, ``rand_a`` holds the sequence number's low 12
    bits (RFC 9562 §6.2 method 1, a fixed-length counter) and ``rand_b`` 62
    bits from a seeded RNG. Ids stay valid, time-ordered UUIDv7s, unique by
    construction, and inserts land at the right edge of every B-tree.
    """

    def __init__(self, rng: random.Random, base_ms: int) -> None:
        self._getrandbits = rng.getrandbits
        self._base_ms = base_ms
        self._sequence = 0
        self._head = ""

    def __call__(self) -> str:
        sequence = self._sequence
        self._sequence = sequence + 1
        counter = sequence & 0xFFF
        if counter == 0:  # a new millisecond: 48 bits of time, then the version nibble
            self._head = f"{self._base_ms + (sequence >> 12):012x}7"
        return self._head + _HEX3[counter] + f"{_VARIANT | self._getrandbits(62):016x}"


_HEX3 = [f"{i:03x}" for i in range(4096)]
_VARIANT = 0b10 << 62


def day(seconds: int) -> str:
    """The stored form of the UTC date containing ``seconds`` (whole seconds since the epoch)."""
    number = seconds // DAY
    text = _DATES.get(number)
    if text is None:
        text = _DATES[number] = (_EPOCH + timedelta(days=number)).isoformat()
    return text


def ts(seconds: int) -> str:
    """The stored form of a UTC time given in whole seconds since the epoch."""
    text = _DATES.get(seconds // DAY)
    if text is None:
        text = day(seconds)
    return text + _TIME_OF_DAY[seconds % DAY]


def as_json(value: Any) -> str:
    """JSON text, as SQLAlchemy's ``JSON`` type writes it."""
    return json.dumps(value)


class Picker:
    """Weighted choice from a fixed table, cheaper than ``random.choices`` per call."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        if len(items) != len(weights):
            raise ValueError("items and weights differ in length")
        total = sum(weights)
        self.items = list(items)
        cumulative, running = [], 0.0
        for weight in weights[:-1]:
            running += weight / total
            cumulative.append(running)
        self._cumulative = cumulative

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect(self._cumulative, rng.random())]


def covering(index: int, items: Sequence[Any], picker: Picker, rng: random.Random) -> Any:
    """``items[index]`` for the first few calls, then a weighted pick.

    So that even the smallest seed holds every value of a vocabulary (every
    shipment status, department, channel) without bending the distribution
    of a large one.
    """
    return items[index] if index < len(items) else picker(rng)
