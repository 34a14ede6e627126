"""The script engine: moves, the trail it records, and a run brought back from its trail."""

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desk_app.domain.scripts.definition import ScriptError, parse_script
from desk_app.domain.scripts.engine import Left, ScriptRun, ScriptRunError

DELAY: dict[str, Any] = {
    "key": "shipping_delay",
    "title": "Shipping delay",
    "category": "shipping_delay",
    "dispositions": ["resolved", "escalated"],
    "steps": [
        {
            "id": "greet",
            "say": "Thank you for calling, {customer.first_name}.",
            "must_say": [{"id": "recording", "text": "This call may be recorded."}],
            "next": "track",
        },
        {
            "id": "track",
            "say": "Your order {order.number} is with {shipment.carrier}.",
            "checklist": ["Tracking checked", "Address confirmed"],
            "question": "Is it past the expected date?",
            "choices": [{"label": "No", "next": "reassure"}, {"label": "Yes", "next": "claim"}],
        },
        {"id": "reassure", "say": "It is on its way.", "end": True, "dispositions": ["resolved"]},
        {"id": "claim", "say": "I'm opening a claim.", "next": "close"},
        {"id": "close", "say": "Anything else?", "end": True},
    ],
}
COMPLAINT: dict[str, Any] = {
    "key": "complaint",
    "title": "Complaint",
    "category": "complaint",
    "steps": [
        {
            "id": "greet",
            "say": "I'm listening.",
            "must_say": [{"id": "recording", "text": "This call may be recorded."}],
            "next": "track",
        },
        {
            "id": "track",
            "say": "Let me look.",
            "question": "Late?",
            "choices": [{"label": "Yes", "next": "sorry"}, {"label": "No", "next": "sorry"}],
        },
        {"id": "sorry", "say": "I am sorry.", "end": True},
    ],
}
VALUES = {"customer.first_name": "Ada", "order.number": "O-1000123"}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _run(clock: Clock) -> ScriptRun:
    return ScriptRun.start(parse_script(DELAY, revision=2), VALUES, clock)


def test_a_run_walks_choices_and_records_each_step_with_its_time(clock: Clock) -> None:
    run = _run(clock)
    assert run.say() == "Thank you for calling, Ada."
    run.confirm("recording")
    clock.tick(4)
    run.advance()
    assert run.say() == "Your order O-1000123 is with [the carrier]."
    run.check("Tracking checked")
    clock.tick(10)
    run.choose(1)
    clock.tick(3)
    run.advance()
    assert run.finished
    assert run.suggested_dispositions() == ("resolved", "escalated")
    trail = run.to_trail()
    assert [(v["step"], v["seconds"], v["left_by"], v["choice"]) for v in trail] == [
        ("greet", 4.0, "next", None),
        ("track", 10.0, "choice", "Yes"),
        ("claim", 3.0, "next", None),
        ("close", 0.0, None, None),
    ]
    assert trail[0]["confirmed"] == ["recording"]
    assert trail[1]["checked"] == ["Tracking checked"]
    assert {v["revision"] for v in trail} == {2}


def test_back_and_restart_keep_the_trail_and_what_was_confirmed(clock: Clock) -> None:
    run = _run(clock)
    run.confirm("recording")
    run.advance()
    run.choose(0)
    assert run.suggested_dispositions() == ("resolved",)
    run.back()
    assert run.current.id == "track"
    assert run.previous_answer() == "No"
    assert run.route == ["greet", "track"]
    run.restart()
    assert run.route == ["greet"]
    assert run.is_confirmed("recording")
    assert [v.left_by for v in run.trail] == [Left.NEXT, Left.CHOICE, Left.BACK, Left.RESTART, None]
    with pytest.raises(ScriptRunError):
        run.back()


def test_an_unconfirmed_must_say_line_is_reported_and_bad_moves_refused(clock: Clock) -> None:
    run = _run(clock)
    assert [line.id for line in run.unconfirmed()] == ["recording"]
    with pytest.raises(ScriptRunError):
        run.choose(0)  # greet has no question
    run.advance()
    with pytest.raises(ScriptRunError):
        run.choose(2)
    with pytest.raises(ScriptRunError):
        run.confirm("recording")  # not a line of this step
    assert [line.id for line in run.unconfirmed()] == ["recording"]
    assert run.progress() == (2, 3)


def test_switching_scripts_keeps_answers_and_confirmations(clock: Clock) -> None:
    run = _run(clock)
    run.confirm("recording")
    run.advance()
    run.choose(1)
    run.switch(parse_script(COMPLAINT))
    assert run.current.id == "greet"
    assert run.is_confirmed("recording")
    run.advance()
    assert run.previous_answer() == "Yes"  # the same step asked again
    assert run.unconfirmed() == []


def test_a_run_comes_back_whole_from_its_recorded_trail(clock: Clock) -> None:
    run = _run(clock)
    run.confirm("recording")
    run.advance()
    run.check("Address confirmed")
    run.choose(0)
    run.back()
    scripts = {("shipping_delay", 2): parse_script(DELAY, revision=2)}
    again = ScriptRun.resume(lambda k, r: scripts[(k, r)], run.to_trail(), VALUES, clock)
    assert again.route == run.route == ["greet", "track"]
    assert again.is_checked("Address confirmed")
    assert again.is_confirmed("recording")
    assert again.previous_answer() == "No"
    assert again.to_trail() == run.to_trail()
    with pytest.raises(ValueError, match="must end on the step"):
        ScriptRun.resume(lambda k, r: scripts[(k, r)], run.to_trail()[:-1], VALUES, clock)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["steps"][1]["choices"][0].update(next="nowhere"), "steps[1].choices[0].next"),
        (lambda d: d["steps"][2].update(id="greet"), "steps[2].id"),
        (lambda d: d["steps"][3].update(end=True), "steps[3]"),
        (lambda d: d.update(key="Shipping Delay"), "key"),
        (lambda d: d["steps"][0].pop("say"), "steps[0].say"),
    ],
)
def test_a_definition_it_cannot_run_names_the_part_at_fault(change: Any, path: str) -> None:
    broken = copy.deepcopy(DELAY)
    change(broken)
    with pytest.raises(ScriptError) as caught:
        parse_script(broken)
    assert caught.value.path == path
