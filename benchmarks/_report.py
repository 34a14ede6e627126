"""Timing statistics and the one way every benchmark prints its figures (table or JSON)."""

import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.99 for p99) of ``samples``."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Timing:
    """Summary of round-trip times, in milliseconds."""

    count: int
    median_ms: float
    p99_ms: float
    per_second: float  # throughput over the measured wall time

    @classmethod
    def of(cls, seconds: Sequence[float], wall_seconds: float) -> "Timing":
        return cls(
            count=len(seconds),
            median_ms=statistics.median(seconds) * 1000,
            p99_ms=percentile(seconds, 0.99) * 1000,
            per_second=len(seconds) / wall_seconds if wall_seconds > 0 else 0.0,
        )


@dataclass
class Report:
    """A benchmark's rows of figures: the same keys in every row, printed in column order."""

    name: str
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"benchmark": self.name, "title": self.title, "rows": self.rows, "notes": self.notes}

    def as_table(self) -> str:
        headings = [heading for _, heading in self.columns]
        cells = [[_cell(row.get(key)) for key, _ in self.columns] for row in self.rows]
        widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headings)]
        lines = [self.title, ""]
        lines.append("  ".join(h.rjust(w) for h, w in zip(headings, widths, strict=True)))
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(
            "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in cells
        )
        lines.extend(["", *self.notes] if self.notes else [])
        return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
    return "-" if value is None else str(value)


def emit(reports: Sequence[Report], *, as_json: bool) -> str:
    """What ``python -m benchmarks`` prints: tables, or one JSON object."""
    if as_json:
        if len(reports) == 1:
            return json.dumps(reports[0].as_json(), indent=2)
        return json.dumps({r.name: r.as_json() for r in reports}, indent=2)
    return "\n\n".join(r.as_table() for r in reports)
