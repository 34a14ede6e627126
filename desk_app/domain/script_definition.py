"""The shape a call script's definition must have before the server stores it.

A definition is a JSON object whose ``steps`` list holds one object per
prompt: a unique ``id`` and the words to read out (``say``, or ``text``).
Anything else a step carries (branches, fields to fill) is left to the
script engine; an optional ``next`` must name a step that exists, so a saved
script can never lead a rep to a missing step.
"""

from typing import Any


class ScriptDefinitionError(ValueError):
    """The definition is not one a desk can run; the message names the bad part."""


def _step_label(index: int, step: dict[str, Any]) -> str:
    step_id = step.get("id")
    return f"steps[{index}] (id {step_id!r})" if isinstance(step_id, str) else f"steps[{index}]"


def validate_definition(definition: object) -> dict[str, Any]:
    """Return ``definition`` unchanged if it is runnable, else raise ScriptDefinitionError."""
    if not isinstance(definition, dict):
        raise ScriptDefinitionError("must be a JSON object with a 'steps' list")
    steps = definition.get("steps")
    if not isinstance(steps, list) or not steps:
        raise ScriptDefinitionError("'steps' must be a non-empty list")
    seen: set[str] = set()
    for index, step in enumerate(steps):
        if not isinstance(step, dict):
            raise ScriptDefinitionError(f"steps[{index}] must be an object")
        step_id = step.get("id")
        if not isinstance(step_id, str) or not step_id.strip():
            raise ScriptDefinitionError(f"steps[{index}] needs an 'id' string")
        if step_id in seen:
            raise ScriptDefinitionError(f"{_step_label(index, step)} repeats an id already used")
        seen.add(step_id)
        words = step.get("say", step.get("text"))
        if not isinstance(words, str) or not words.strip():
            raise ScriptDefinitionError(
                f"{_step_label(index, step)} needs a 'say' or 'text' string"
            )
    for index, step in enumerate(steps):
        target = step.get("next")
        if target is not None and target not in seen:
            raise ScriptDefinitionError(
                f"{_step_label(index, step)} has 'next' {target!r}, which is not a step id"
            )
    return definition
