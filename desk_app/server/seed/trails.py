"""Seeded script trails: real engine trails, walked once, stamped onto each interaction.

Walking :class:`ScriptRun` for each of a million interactions would double
the seed's time, so each shipped script is walked a few times with seeded
answers (and the odd must-say line left unconfirmed, as happens on real
calls), and each walk becomes a template: the trail's JSON with holes for
the times. An interaction takes one template and fills in when each step
was entered and how long it took, sharing out its own handling time.
"""

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from desk_app.domain.scripts.definition import Script
from desk_app.domain.scripts.engine import ScriptRun
from desk_app.server.seed.values import as_json, ts

WALKS = 6
"""Templates per script: enough for varied histories, few enough to build in a blink."""
_MOST_STEPS = 40  # a walk that has not ended by then stops where it is (none do)
_HOLE = re.compile(r'"@@(\d+)@@"')
_WALKED_AT = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TrailTemplate:
    """A walked trail as JSON text around the holes for its times, and what it ended with."""

    parts: tuple[str, ...]
    """JSON text: before visit 0's ``entered_at``, between it and its ``seconds``, …"""
    shares: tuple[float, ...]
    """Each visit's share of the handling time."""
    dispositions: tuple[str, ...]
    """What the script suggests at the end the walk reached."""

    def fill(self, start: int, seconds: int) -> str:
        """The trail's JSON for a walk begun at ``start`` (epoch seconds) lasting ``seconds``."""
        out, at = [self.parts[0]], start
        last = len(self.shares) - 1
        for index, share in enumerate(self.shares):
            spent = (start + seconds - at) if index == last else int(seconds * share)
            stamp = ts(at)
            out += (
                f'"{stamp[:10]}T{stamp[11:19]}+00:00"',
                self.parts[2 * index + 1],
                f"{spent}.0",
                self.parts[2 * index + 2],
            )
            at += spent
        return "".join(out)


def walk(script: Script, rng: random.Random) -> TrailTemplate:
    """One run through ``script`` with seeded answers, as a template."""
    run = ScriptRun.start(script, {}, lambda: _WALKED_AT)  # the times are filled in later
    weights = []
    while True:
        step = run.current
        for line in step.must_say:
            if rng.random() < 0.93:
                run.confirm(line.id)
        for item in step.checklist:
            if rng.random() < 0.85:
                run.check(item)
        weights.append(rng.uniform(1, 4) + len(step.checklist))
        if run.finished or len(run.route) >= _MOST_STEPS:
            break
        if step.choices:
            run.choose(int(rng.random() * len(step.choices)))
        else:
            run.advance()
    trail = run.to_trail()
    for index, visit in enumerate(trail):
        visit["entered_at"] = f"@@{2 * index}@@"
        visit["seconds"] = f"@@{2 * index + 1}@@"
    total = sum(weights)
    return TrailTemplate(
        parts=tuple(_HOLE.split(as_json(trail))[::2]),
        shares=tuple(weight / total for weight in weights),
        dispositions=run.suggested_dispositions(),
    )


def templates(scripts: list[Script], rng: random.Random) -> dict[str, list[TrailTemplate]]:
    """``WALKS`` templates for each script, by the category it serves."""
    return {script.category: [walk(script, rng) for _ in range(WALKS)] for script in scripts}
