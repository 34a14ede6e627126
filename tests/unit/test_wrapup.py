"""Wrap-up: the codes a rep picks from, and what a complete wrap-up is."""

import pytest

from desk_app.domain.wrapup import (
    BY_CODE,
    CATEGORY_CODES,
    DISPOSITIONS,
    MAX_NOTES,
    Outcome,
    Problem,
    WrapUpError,
    ordered,
    wrap_up,
)
from desk_app.server.seed.content import shipped_scripts
from desk_app.server.seed.work import OUTCOMES


def test_every_code_the_scripts_suggest_and_the_history_uses_is_offered() -> None:
    suggested = set()
    for shipped in shipped_scripts():
        script = shipped.script
        suggested |= set(script.dispositions)
        suggested |= {code for step in script.steps for code in step.dispositions}
    seeded = {code for _, codes, _, _ in OUTCOMES.values() for code in codes}
    assert suggested
    assert seeded
    assert suggested | seeded <= set(BY_CODE)
    assert {category: codes for category, (_, codes, _, _) in OUTCOMES.items()} == CATEGORY_CODES


def test_each_code_is_listed_once_with_a_label_and_every_classification_is_used() -> None:
    assert len(BY_CODE) == len(DISPOSITIONS)
    assert all(d.label and d.label[0].isupper() for d in DISPOSITIONS)
    assert {d.outcome for d in DISPOSITIONS} == set(Outcome)
    assert BY_CODE["callback_scheduled"].outcome is Outcome.CALLBACK
    assert BY_CODE["ticket_created"].outcome is Outcome.ESCALATED


def test_the_scripts_suggestion_comes_first_then_the_categorys_usual_codes() -> None:
    codes = [d.code for d in ordered(["claim_opened", "no_such_code"], "shipping_delay")]
    assert codes[:4] == ["claim_opened", "info_provided", "refund_issued", "resolved"]
    assert sorted(codes) == sorted(BY_CODE)  # every code once, unknown ones left out
    assert [d.code for d in ordered([], None)] == [d.code for d in DISPOSITIONS]


def test_a_disposition_is_required_and_must_be_known() -> None:
    with pytest.raises(WrapUpError) as missing:
        wrap_up(None, "notes")
    assert missing.value.problem is Problem.NO_DISPOSITION
    with pytest.raises(WrapUpError) as unknown:
        wrap_up("sold_a_fridge", "notes")
    assert unknown.value.problem is Problem.UNKNOWN_DISPOSITION


def test_notes_are_at_most_4000_characters_after_trimming() -> None:
    assert wrap_up("resolved", "  " + "x" * MAX_NOTES + "\n").notes == "x" * MAX_NOTES
    with pytest.raises(WrapUpError) as long:
        wrap_up("resolved", "x" * (MAX_NOTES + 1))
    assert long.value.problem is Problem.NOTES_TOO_LONG


def test_card_numbers_in_the_notes_are_masked_and_the_rep_can_be_told() -> None:
    done = wrap_up("refund_issued", "Refunded to 4111-1111-1111-1111, order O-1000123.")
    assert done.notes == "Refunded to •••• 1111, order O-1000123."
    assert done.masked
    assert done.disposition is BY_CODE["refund_issued"]
    plain = wrap_up("refund_issued", "Tracking 1234567890123 (not a card).")
    assert plain.notes == "Tracking 1234567890123 (not a card)."
    assert not plain.masked


def test_unconfirmed_must_say_lines_must_be_acknowledged() -> None:
    lines = ["This call may be recorded for quality and training."]
    with pytest.raises(WrapUpError) as warned:
        wrap_up("resolved", "", unconfirmed=lines)
    assert warned.value.problem is Problem.MUST_SAY_NOT_ACKNOWLEDGED
    assert wrap_up("resolved", "", unconfirmed=lines, acknowledged=True).notes == ""
    assert wrap_up("resolved", "", unconfirmed=[]).disposition.code == "resolved"
