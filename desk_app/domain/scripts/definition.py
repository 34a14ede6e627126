"""A call script as a rep walks it: steps, choices, must-say lines, and when it fits a case.

Scripts are written by supervisors and trainers as YAML (``resources/scripts/``)
and stored on the server as the same structure in JSON. :func:`parse_script`
turns that mapping into frozen objects the engine can run, and refuses one
it cannot run, naming the part at fault as a path (``steps[3].choices[1].next``)
so that a checker holding the file's line marks can point at the line.

The format, in short::

    key: shipping_delay            # unique, [a-z0-9_]+
    title: Shipping delay
    category: shipping_delay       # the interaction category it serves
    suggest:                       # when it fits (see desk_app.domain.scripts.suggest)
      - when: {category: shipping_delay}
      - when: {shipment_delayed: true}
        because: The customer's parcel is late
    de_escalation:                 # one key away all through the script
      say: I understand how frustrating this is…
      tips: [Lower your pace, Name the feeling]
    dispositions: [resolved, escalated, callback]   # suggested at the end
    steps:
      - id: greet                  # the first step is where a run starts
        say: Thank you for calling, {customer.first_name}.
        must_say:                  # compliance lines the rep confirms, each with an id
          - {id: recording, text: This call may be recorded for quality and training.}
        next: verify
      - id: verify
        say: May I confirm your postcode?
        checklist: [Name matches, Postcode matches]
        kb: [returns-policy]       # knowledge-base article slugs
        question: Did the details match?
        choices:                   # a step has either choices or next, or ends
          - {label: "Yes", next: track}
          - {label: "No", next: not_verified}
      - id: done
        say: Is there anything else I can help you with?
        end: true
        dispositions: [resolved]   # overrides the script's
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

KEY_PATTERN = re.compile(r"[a-z0-9_]{1,60}")


class ScriptError(ValueError):
    """A definition a desk cannot run; ``path`` names the part at fault ("" for the whole)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class ComplianceLine:
    """A line the rep must say and confirm having said (a recording notice, a disclosure)."""

    id: str
    text: str


@dataclass(frozen=True)
class Choice:
    """An answer to a step's question, and the step it leads to."""

    label: str
    next: str


@dataclass(frozen=True)
class Step:
    """One screen of the sidebar: what to say, what to check, where to go next.

    Exactly one of: ``choices`` (the rep picks), ``next`` (one way on), ``end``.
    """

    id: str
    say: str
    question: str = ""
    choices: tuple[Choice, ...] = ()
    next: str | None = None
    end: bool = False
    must_say: tuple[ComplianceLine, ...] = ()
    checklist: tuple[str, ...] = ()
    kb: tuple[str, ...] = ()
    dispositions: tuple[str, ...] = ()
    """Suggested at wrap-up when the run ends here; empty: the script's."""

    def targets(self) -> tuple[str, ...]:
        """The step ids this step can lead to."""
        if self.choices:
            return tuple(choice.next for choice in self.choices)
        return (self.next,) if self.next else ()


@dataclass(frozen=True)
class SuggestRule:
    """A case this script fits: every condition in ``when`` holds (see ``suggest``)."""

    when: Mapping[str, Any]
    because: str = ""


@dataclass(frozen=True)
class DeEscalation:
    say: str
    tips: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    """A whole script, one revision of it; steps in file order, the first the start."""

    key: str
    title: str
    category: str
    steps: tuple[Step, ...]
    revision: int = 1
    suggest: tuple[SuggestRule, ...] = ()
    de_escalation: DeEscalation | None = None
    dispositions: tuple[str, ...] = ()
    _by_id: dict[str, Step] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((step.id, step) for step in self.steps)

    @property
    def start(self) -> Step:
        return self.steps[0]

    def step(self, step_id: str) -> Step:
        """The step with ``step_id``; KeyError if there is none."""
        return self._by_id[step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._by_id


# --- reading a mapping -------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str, path: str, *, required: bool = True) -> str:
    value = data.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ScriptError(f"{path}.{name}" if path else name, "must be non-empty text")
    return value.strip()


def _texts(data: Mapping[str, Any], name: str, path: str) -> tuple[str, ...]:
    value = data.get(name, [])
    where = f"{path}.{name}" if path else name
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ScriptError(where, "must be a list of non-empty texts")
    return tuple(v.strip() for v in value)


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScriptError(path, "must be a mapping")
    return value


def _list(value: object, path: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise ScriptError(path, "must be a list")
    return value


def _choice(value: object, path: str) -> Choice:
    data = _mapping(value, path)
    return Choice(label=_text(data, "label", path), next=_text(data, "next", path))


def _line(value: object, path: str) -> ComplianceLine:
    data = _mapping(value, path)
    line_id = _text(data, "id", path)
    if not KEY_PATTERN.fullmatch(line_id):
        raise ScriptError(f"{path}.id", "must be lowercase letters, digits and _")
    return ComplianceLine(id=line_id, text=_text(data, "text", path))


def _step(value: object, path: str) -> Step:
    data = _mapping(value, path)
    step_id = _text(data, "id", path)
    if not KEY_PATTERN.fullmatch(step_id):
        raise ScriptError(f"{path}.id", "must be lowercase letters, digits and _")
    choices = tuple(
        _choice(c, f"{path}.choices[{n}]")
        for n, c in enumerate(_list(data.get("choices", []), f"{path}.choices"))
    )
    next_step = data.get("next")
    if next_step is not None and (not isinstance(next_step, str) or not next_step.strip()):
        raise ScriptError(f"{path}.next", "must be a step id")
    end = data.get("end", False)
    if not isinstance(end, bool):
        raise ScriptError(f"{path}.end", "must be true or false")
    ways = sum((bool(choices), next_step is not None, end))
    if ways != 1:
        raise ScriptError(path, "needs exactly one of 'choices', 'next' or 'end: true'")
    question = _text(data, "question", path, required=False)
    if question and not choices:
        raise ScriptError(f"{path}.question", "a question needs choices to answer it")
    return Step(
        id=step_id,
        say=_text(data, "say", path),
        question=question,
        choices=choices,
        next=next_step.strip() if isinstance(next_step, str) else None,
        end=end,
        must_say=tuple(
            _line(m, f"{path}.must_say[{n}]")
            for n, m in enumerate(_list(data.get("must_say", []), f"{path}.must_say"))
        ),
        checklist=_texts(data, "checklist", path),
        kb=_texts(data, "kb", path),
        dispositions=_texts(data, "dispositions", path),
    )


def _rule(value: object, path: str) -> SuggestRule:
    data = _mapping(value, path)
    when = _mapping(data.get("when"), f"{path}.when")
    if not when:
        raise ScriptError(f"{path}.when", "needs at least one condition")
    return SuggestRule(when=dict(when), because=_text(data, "because", path, required=False))


def parse_script(data: object, *, revision: int = 1) -> Script:
    """The runnable script ``data`` describes; ScriptError naming the first fault.

    Checks each part's shape and that every ``next`` names a step; the
    whole-graph checks (reachability, loops with no exit, variables, links)
    are the checker's, which reports them all rather than the first.
    """
    root = _mapping(data, "")
    key = _text(root, "key", "")
    if not KEY_PATTERN.fullmatch(key):
        raise ScriptError("key", "must be lowercase letters, digits and _")
    steps = tuple(_step(s, f"steps[{n}]") for n, s in enumerate(_list(root.get("steps"), "steps")))
    if not steps:
        raise ScriptError("steps", "must hold at least one step")
    seen: dict[str, int] = {}
    for n, step in enumerate(steps):
        if step.id in seen:
            raise ScriptError(f"steps[{n}].id", f"repeats the id of steps[{seen[step.id]}]")
        seen[step.id] = n
    for n, step in enumerate(steps):
        for m, target in enumerate(step.targets()):
            if target not in seen:
                where = f"steps[{n}].choices[{m}].next" if step.choices else f"steps[{n}].next"
                raise ScriptError(where, f"names no step: {target!r}")
    calm = root.get("de_escalation")
    de_escalation = None
    if calm is not None:
        calm_data = _mapping(calm, "de_escalation")
        de_escalation = DeEscalation(
            say=_text(calm_data, "say", "de_escalation"),
            tips=_texts(calm_data, "tips", "de_escalation"),
        )
    return Script(
        key=key,
        title=_text(root, "title", ""),
        category=_text(root, "category", ""),
        steps=steps,
        revision=revision,
        suggest=tuple(
            _rule(r, f"suggest[{n}]")
            for n, r in enumerate(_list(root.get("suggest", []), "suggest"))
        ),
        de_escalation=de_escalation,
        dispositions=_texts(root, "dispositions", ""),
    )
