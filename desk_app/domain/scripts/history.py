"""A recorded script trail as a past interaction's history shows it.

The trail (``ScriptRun.to_trail``) holds step ids, the words said and the
ids of the lines confirmed; the reader of the history wants the script's
title, the path with the answers given, and every must-say line the rep
was shown with whether it was confirmed. The line texts come from the
revision the rep followed, when it is still known.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desk_app.domain.scripts.definition import Script


@dataclass(frozen=True)
class PathStep:
    """One step the rep was on, and how they left it."""

    script: str
    step: str
    said: str
    seconds: float
    left_by: str | None
    choice: str | None


@dataclass(frozen=True)
class LineRecord:
    """A must-say line shown to the rep, and whether they confirmed saying it."""

    id: str
    text: str
    confirmed: bool


@dataclass(frozen=True)
class ScriptHistory:
    titles: tuple[str, ...]
    """The scripts followed, in the order first entered."""
    path: tuple[PathStep, ...]
    lines: tuple[LineRecord, ...]


def script_history(
    trail: Iterable[Mapping[str, Any]],
    titles: Mapping[str, str],
    revision: Callable[[str, int], Script | None],
) -> ScriptHistory | None:
    """The history of ``trail`` (``None`` for an empty one).

    ``titles`` maps script keys to titles; ``revision(key, n)`` is the
    script a visit was made on, or ``None`` when it is unknown (then a line
    is named by its id). Confirmations hold for the whole run, as in the
    engine: a line confirmed on any visit is confirmed.
    """
    visits = [visit for visit in trail if visit.get("script") and visit.get("step")]
    if not visits:
        return None
    confirmed = {line for visit in visits for line in visit.get("confirmed") or ()}
    followed: dict[str, str] = {}
    lines: dict[str, LineRecord] = {}
    path = []
    for visit in visits:
        key, step_id = str(visit["script"]), str(visit["step"])
        title = followed.setdefault(key, titles.get(key, key.replace("_", " ").capitalize()))
        path.append(
            PathStep(
                script=title,
                step=step_id,
                said=str(visit.get("said") or ""),
                seconds=float(visit.get("seconds") or 0),
                left_by=visit.get("left_by"),
                choice=visit.get("choice"),
            )
        )
        script = revision(key, int(visit.get("revision") or 1))
        if script is not None and script.has_step(step_id):
            for line in script.step(step_id).must_say:
                lines.setdefault(line.id, LineRecord(line.id, line.text, line.id in confirmed))
    for line_id in sorted(confirmed - set(lines)):
        lines[line_id] = LineRecord(line_id, line_id.replace("_", " ").capitalize(), True)
    return ScriptHistory(tuple(followed.values()), tuple(path), tuple(lines.values()))
