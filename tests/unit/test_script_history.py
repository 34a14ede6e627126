"""A recorded trail as the history shows it: titles, path, must-say lines confirmed or not."""

from typing import Any

from desk_app.domain.scripts.definition import parse_script
from desk_app.domain.scripts.history import LineRecord, script_history
from tests.unit.test_script_engine import COMPLAINT, DELAY


def _visit(script: str, step: str, left_by: str | None, **fields: Any) -> dict[str, Any]:
    record = {"script": script, "revision": 1, "step": step, "said": step.title(), "seconds": 2}
    return {**record, "left_by": left_by, "choice": None, "confirmed": [], "checked": [], **fields}


def test_a_switched_run_lists_both_scripts_and_every_line_shown() -> None:
    scripts = {"shipping_delay": parse_script(DELAY), "complaint": parse_script(COMPLAINT)}
    trail = [
        _visit("shipping_delay", "greet", "next", confirmed=["recording"]),
        _visit("shipping_delay", "track", "choice", choice="Yes"),
        _visit("shipping_delay", "claim", "switch"),
        _visit("complaint", "greet", None),
    ]
    history = script_history(
        trail, {"shipping_delay": "Shipping delay"}, lambda key, _n: scripts.get(key)
    )
    assert history is not None
    assert history.titles == ("Shipping delay", "Complaint")
    assert [(s.script, s.step, s.choice) for s in history.path][:2] == [
        ("Shipping delay", "greet", None),
        ("Shipping delay", "track", "Yes"),
    ]
    assert history.lines == (LineRecord("recording", "This call may be recorded.", True),)


def test_an_unknown_revision_still_shows_what_was_confirmed_by_its_id() -> None:
    trail = [_visit("gone", "greet", None, confirmed=["legal_notice"])]
    history = script_history(trail, {}, lambda _key, _n: None)
    assert history is not None
    assert history.titles == ("Gone",)
    assert history.lines == (LineRecord("legal_notice", "Legal notice", True),)
    assert script_history([], {}, lambda _key, _n: None) is None
