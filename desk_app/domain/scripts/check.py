"""Every problem of a script, for the trainer who wrote it and the server that stores it.

:func:`parse_script` stops at the first part it cannot run; a trainer
fixing a file wants the whole list. :func:`check` returns that part and
everything else that would trip a rep on a call: steps nobody can reach,
steps from which no end can be reached (a loop with no way out), unknown
``{variables}``, links to KB articles that do not exist, dispositions wrap-up
does not know, and suggestion rules naming facts the desk does not have.
:func:`check_files` does the same for files, with the line of each problem
and keys used by more than one file.
"""

import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from desk_app.domain.scripts.definition import Script, ScriptError, parse_script
from desk_app.domain.scripts.source import SourceError, read_source
from desk_app.domain.scripts.suggest import CONDITIONS
from desk_app.domain.scripts.variables import KNOWN, variables_in

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Problem:
    """One fault, at the part of the script ``path`` names ("" for the whole)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class Finding:
    """A problem placed in a file, shown as ``FILE:LINE: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def check(
    data: object,
    *,
    kb: Collection[str] | None = None,
    dispositions: Collection[str] | None = None,
) -> list[Problem]:
    """Every problem of the script ``data`` describes; empty when it is fit to publish.

    ``kb`` (article slugs) and ``dispositions`` (codes) are checked only when given.
    """
    problems = list(_unknown_variables(data, ""))
    try:
        script = parse_script(data)
    except ScriptError as exc:
        message = exc.message
        if isinstance(_at(data, exc.path), bool):
            message += " (YAML reads a bare yes, no, on or off as true or false: quote it)"
        return [Problem(exc.path, message), *problems]
    problems += _graph(script)
    problems += _compliance(script)
    problems += _rules(script)
    if kb is not None:
        problems += _links(script, kb)
    if dispositions is not None:
        problems += _dispositions(script, dispositions)
    return problems


def check_files(
    texts: Mapping[str, str],
    *,
    kb: Collection[str] | None = None,
    dispositions: Collection[str] | None = None,
) -> list[Finding]:
    """The problems of each file's text (name → text), by file and then line."""
    findings: list[Finding] = []
    owners: dict[str, str] = {}
    for name, text in texts.items():
        try:
            source = read_source(text)
        except SourceError as exc:
            findings.append(Finding(name, exc.line, exc.message))
            continue
        found = [
            Finding(name, source.line_of(problem.path), str(problem))
            for problem in check(source.data, kb=kb, dispositions=dispositions)
        ]
        key = source.data.get("key") if isinstance(source.data, Mapping) else None
        if isinstance(key, str):
            if key in owners:
                message = f"key: {key!r} is also the key of {owners[key]}"
                found.append(Finding(name, source.line_of("key"), message))
            else:
                owners[key] = name
        findings += sorted(found, key=lambda finding: finding.line)
    return findings


# --- the checks ------------------------------------------------------------------


def _at(data: object, path: str) -> object:
    """The value ``path`` names in ``data``, or None where there is none."""
    for name, index in _PART.findall(path):
        if name and isinstance(data, Mapping):
            data = data.get(name)
        elif index and isinstance(data, list) and int(index) < len(data):
            data = data[int(index)]
        else:
            return None
    return data


def _unknown_variables(value: object, path: str) -> Iterator[Problem]:
    """Every ``{name}`` in any text of the definition that is not a known variable."""
    if isinstance(value, str):
        for name in variables_in(value):
            if name not in KNOWN:
                close = difflib.get_close_matches(name, list(KNOWN), n=1)
                hint = f" (did you mean {{{close[0]}}}?)" if close else ""
                yield Problem(path, f"unknown variable {{{name}}}{hint}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _unknown_variables(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unknown_variables(item, f"{path}[{index}]")


def _graph(script: Script) -> list[Problem]:
    """Steps the first step cannot lead to, and reachable steps that cannot lead to an end."""
    reachable = _closure({script.start.id}, {s.id: s.targets() for s in script.steps})
    problems = [
        Problem(f"steps[{n}]", f"step {step.id!r} cannot be reached from the first step")
        for n, step in enumerate(script.steps)
        if step.id not in reachable
    ]
    ends = {step.id for step in script.steps if step.end}
    if not ends:
        return [*problems, Problem("steps", "no step ends the script (none has 'end: true')")]
    leads_here: dict[str, list[str]] = {step.id: [] for step in script.steps}
    for step in script.steps:
        for target in step.targets():
            leads_here[target].append(step.id)
    can_end = _closure(ends, leads_here)
    problems += [
        Problem(f"steps[{n}]", f"no end can be reached from step {step.id!r} (a loop with no exit)")
        for n, step in enumerate(script.steps)
        if step.id in reachable and step.id not in can_end
    ]
    return problems


def _closure(start: set[str], edges: Mapping[str, Collection[str]]) -> set[str]:
    seen, frontier = set(start), list(start)
    while frontier:
        for target in edges[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


def _compliance(script: Script) -> list[Problem]:
    """A must-say id names one line: the run confirms it once for every step that has it."""
    texts: dict[str, tuple[str, str]] = {}
    problems = []
    for n, step in enumerate(script.steps):
        for m, line in enumerate(step.must_say):
            path = f"steps[{n}].must_say[{m}]"
            first = texts.setdefault(line.id, (line.text, path))
            if first[0] != line.text:
                message = f"must-say id {line.id!r} has other words at {first[1]}"
                problems.append(Problem(f"{path}.text", message))
    return problems


def _rules(script: Script) -> list[Problem]:
    problems = []
    for n, rule in enumerate(script.suggest):
        for name, value in rule.when.items():
            path = f"suggest[{n}].when.{name}"
            kind = CONDITIONS.get(name)
            if kind is None:
                known = ", ".join(CONDITIONS)
                problems.append(Problem(path, f"unknown condition {name!r} (known: {known})"))
            elif kind is bool and not isinstance(value, bool):
                problems.append(Problem(path, "must be true or false"))
            elif kind is str and not (isinstance(value, str) and value):
                problems.append(Problem(path, "must be non-empty text"))
    return problems


def _links(script: Script, kb: Collection[str]) -> list[Problem]:
    return [
        Problem(f"steps[{n}].kb[{m}]", f"links to no KB article: {slug!r}")
        for n, step in enumerate(script.steps)
        for m, slug in enumerate(step.kb)
        if slug not in kb
    ]


def _dispositions(script: Script, known: Collection[str]) -> list[Problem]:
    named = [(f"dispositions[{m}]", code) for m, code in enumerate(script.dispositions)]
    named += [
        (f"steps[{n}].dispositions[{m}]", code)
        for n, step in enumerate(script.steps)
        for m, code in enumerate(step.dispositions)
    ]
    return [
        Problem(path, f"unknown disposition {code!r}") for path, code in named if code not in known
    ]
