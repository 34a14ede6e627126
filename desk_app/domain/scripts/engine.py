"""Running a script: where the rep is, how they got there, what they said and confirmed.

A :class:`ScriptRun` is the state of one interaction's script. Every move
appends to its *trail*, one :class:`Visit` per step entered, with the time
spent there and how the rep left it (a choice, on, back, restart, a switch
to another script). The trail is what is recorded with the interaction and
shown in its history; it is also all that is needed to bring the run back
(:meth:`ScriptRun.resume`) after the desk restarts or the rep comes back to
the tab, so nothing the rep did in the sidebar is lost.

Compliance lines are confirmed by id and checklist items by their text, for
the whole run: switching to another script keeps them (a recording notice
said once is said), as it keeps the answers already given, which the new
script offers again where it asks the same step.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from desk_app.domain.scripts.definition import ComplianceLine, Script, Step
from desk_app.domain.scripts.variables import render

Clock = Callable[[], datetime]


class Left(StrEnum):
    """How the rep left a step."""

    CHOICE = "choice"
    NEXT = "next"
    BACK = "back"
    RESTART = "restart"
    SWITCH = "switch"


@dataclass(frozen=True)
class Visit:
    """One step entered; ``left_at``/``left_by`` are ``None`` while the rep is on it."""

    script: str
    revision: int
    step: str
    said: str
    entered_at: datetime
    left_at: datetime | None = None
    left_by: Left | None = None
    choice: str | None = None
    confirmed: tuple[str, ...] = ()
    checked: tuple[str, ...] = ()

    def seconds(self, now: datetime) -> float:
        return max(0.0, ((self.left_at or now) - self.entered_at).total_seconds())


class ScriptRunError(ValueError):
    """A move the current step does not allow (a choice it does not have)."""


@dataclass
class ScriptRun:
    """One interaction's walk through a script (and any it switched to)."""

    script: Script
    values: Mapping[str, str]
    clock: Clock
    _trail: list[Visit] = field(default_factory=list)
    _route: list[str] = field(default_factory=list)
    _confirmed: set[str] = field(default_factory=set)
    _checked: dict[str, set[str]] = field(default_factory=dict)
    _answers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, script: Script, values: Mapping[str, str], clock: Clock) -> "ScriptRun":
        run = cls(script, values, clock)
        run._enter(script.start)
        return run

    # --- what the sidebar shows -------------------------------------------------

    @property
    def current(self) -> Step:
        return self.script.step(self._route[-1])

    def say(self, step: Step | None = None) -> str:
        """What the rep says at ``step`` (the current one), variables filled in."""
        return render((step or self.current).say, self.values)

    def line_text(self, line: ComplianceLine) -> str:
        return render(line.text, self.values)

    @property
    def finished(self) -> bool:
        return self.current.end

    @property
    def route(self) -> list[str]:
        """The step ids from the start to the current step (what Back walks)."""
        return list(self._route)

    def progress(self) -> tuple[int, int]:
        """(steps on the route so far, that plus the fewest steps left to an end)."""
        return len(self._route), len(self._route) + _distance_to_end(self.script, self.current.id)

    def is_confirmed(self, line_id: str) -> bool:
        return line_id in self._confirmed

    def is_checked(self, item: str) -> bool:
        return item in self._checked.get(self.current.id, set())

    def previous_answer(self, step: Step | None = None) -> str | None:
        """The choice label last given at a step of this id (in this script or before)."""
        return self._answers.get((step or self.current).id)

    def unconfirmed(self) -> list[ComplianceLine]:
        """Must-say lines of every step visited that the rep has not confirmed."""
        seen: dict[str, ComplianceLine] = {}
        for visit in self._trail:
            if visit.script != self.script.key:
                continue
            for line in self.script.step(visit.step).must_say:
                if line.id not in self._confirmed:
                    seen.setdefault(line.id, line)
        return list(seen.values())

    def suggested_dispositions(self) -> tuple[str, ...]:
        """The end step's dispositions, else the script's; empty until the run ends."""
        if not self.finished:
            return ()
        return self.current.dispositions or self.script.dispositions

    # --- moves -------------------------------------------------------------------

    def choose(self, index: int) -> Step:
        """Answer the current step's question with choice ``index``; the step it leads to."""
        step = self.current
        if not 0 <= index < len(step.choices):
            raise ScriptRunError(f"step {step.id!r} has no choice {index + 1}")
        choice = step.choices[index]
        self._answers[step.id] = choice.label
        self._leave(Left.CHOICE, choice=choice.label)
        return self._enter(self.script.step(choice.next))

    def advance(self) -> Step:
        """Go on from a step with one way on."""
        step = self.current
        if step.next is None:
            raise ScriptRunError(f"step {step.id!r} has no single next step")
        self._leave(Left.NEXT)
        return self._enter(self.script.step(step.next))

    def can_go_back(self) -> bool:
        return len(self._route) > 1

    def back(self) -> Step:
        """Return to the step before this one on the route (a new visit of it)."""
        if not self.can_go_back():
            raise ScriptRunError("already at the first step")
        self._leave(Left.BACK)
        self._route.pop()
        return self._enter(self.script.step(self._route.pop()))

    def restart(self) -> Step:
        """Back to the first step; what was confirmed and answered stays."""
        self._leave(Left.RESTART)
        self._route.clear()
        return self._enter(self.script.start)

    def switch(self, script: Script) -> Step:
        """Continue in ``script`` from its start, keeping confirmations, checks and answers."""
        self._leave(Left.SWITCH)
        self._route.clear()
        self.script = script
        return self._enter(script.start)

    def confirm(self, line_id: str, said: bool = True) -> None:
        """Mark a must-say line of the current step said (or not, undoing a slip)."""
        if line_id not in {line.id for line in self.current.must_say}:
            raise ScriptRunError(f"step {self.current.id!r} has no must-say line {line_id!r}")
        if said:
            self._confirmed.add(line_id)
        else:
            self._confirmed.discard(line_id)

    def check(self, item: str, done: bool = True) -> None:
        """Tick (or untick) an item of the current step's checklist."""
        if item not in self.current.checklist:
            raise ScriptRunError(f"step {self.current.id!r} has no checklist item {item!r}")
        items = self._checked.setdefault(self.current.id, set())
        if done:
            items.add(item)
        else:
            items.discard(item)

    # --- the record ----------------------------------------------------------------

    @property
    def trail(self) -> list[Visit]:
        """Every visit so far, the current one last (still open), confirmations as of now."""
        return [self._stamped(visit) for visit in self._trail]

    def to_trail(self) -> list[dict[str, Any]]:
        """The trail as JSON-ready dicts: what is recorded with the interaction."""
        now = self.clock()
        return [
            {
                "script": v.script,
                "revision": v.revision,
                "step": v.step,
                "said": v.said,
                "entered_at": v.entered_at.isoformat(),
                "seconds": round(v.seconds(now), 1),
                "left_by": v.left_by.value if v.left_by else None,
                "choice": v.choice,
                "confirmed": list(v.confirmed),
                "checked": list(v.checked),
            }
            for v in self.trail
        ]

    @classmethod
    def resume(
        cls,
        scripts: Callable[[str, int], Script],
        trail: Iterable[Mapping[str, Any]],
        values: Mapping[str, str],
        clock: Clock,
    ) -> "ScriptRun":
        """The run a recorded trail describes, on its last step; ``scripts(key, revision)``.

        ValueError (KeyError from ``scripts``) when the trail does not fit the
        scripts: the caller starts afresh rather than show a wrong step.
        """
        visits = [_visit(record) for record in trail]
        if not visits or visits[-1].left_by is not None:
            raise ValueError("a trail must end on the step the rep is at")
        last = visits[-1]
        run = cls(scripts(last.script, last.revision), values, clock)
        for visit in visits:
            run._route.append(visit.step)
            run._confirmed.update(visit.confirmed)
            if visit.checked:
                run._checked.setdefault(visit.step, set()).update(visit.checked)
            if visit.choice is not None:
                run._answers[visit.step] = visit.choice
            if visit.left_by is Left.BACK:
                run._route.pop()
                run._route.pop()
            elif visit.left_by in (Left.RESTART, Left.SWITCH):
                run._route.clear()
        if not run._route or run._route[-1] != last.step or not run.script.has_step(last.step):
            raise ValueError("the trail does not end on a step of its script")
        run._trail = visits
        return run

    # --- inside ----------------------------------------------------------------------

    def _enter(self, step: Step) -> Step:
        self._route.append(step.id)
        self._trail.append(
            Visit(self.script.key, self.script.revision, step.id, self.say(step), self.clock())
        )
        return step

    def _leave(self, how: Left, choice: str | None = None) -> None:
        self._trail[-1] = replace(
            self._stamped(self._trail[-1]), left_at=self.clock(), left_by=how, choice=choice
        )

    def _stamped(self, visit: Visit) -> Visit:
        """``visit`` with the confirmations and checks of its step as they stand now."""
        if visit.left_by is not None:
            return visit
        step = self.script.step(visit.step)
        return replace(
            visit,
            confirmed=tuple(line.id for line in step.must_say if line.id in self._confirmed),
            checked=tuple(i for i in step.checklist if i in self._checked.get(step.id, set())),
        )


def _visit(record: Mapping[str, Any]) -> Visit:
    left_by = record.get("left_by")
    entered = datetime.fromisoformat(str(record["entered_at"]))
    seconds = record.get("seconds")
    left_at = None
    if left_by is not None and isinstance(seconds, int | float):
        left_at = entered + timedelta(seconds=float(seconds))
    return Visit(
        script=str(record["script"]),
        revision=int(record.get("revision", 1)),
        step=str(record["step"]),
        said=str(record.get("said", "")),
        entered_at=entered,
        left_at=left_at,
        left_by=Left(left_by) if left_by is not None else None,
        choice=record.get("choice"),
        confirmed=tuple(record.get("confirmed") or ()),
        checked=tuple(record.get("checked") or ()),
    )


def _distance_to_end(script: Script, step_id: str) -> int:
    """The fewest moves from ``step_id`` to an end step (0 on one; the step count if none)."""
    frontier, seen, distance = {step_id}, {step_id}, 0
    while frontier:
        if any(script.step(s).end for s in frontier):
            return distance
        distance += 1
        frontier = {t for s in frontier for t in script.step(s).targets()} - seen
        seen |= frontier
    return len(script.steps)
