"""Wrap-up: the codes a rep picks from, and what a complete wrap-up is."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from desk_app.domain.enums import AcwPolicy
from desk_app.domain.wrapup import (
    BY_CODE,
    CATEGORY_CODES,
    DEFAULT_QUEUE,
    DISPOSITIONS,
    MAX_NOTES,
    AcwRule,
    ConfigError,
    Consequence,
    Outcome,
    Problem,
    WrapUpError,
    consequence_of,
    first_contact_resolved,
    ordered,
    parse_queues,
    queue_for,
    read_queues,
    recovery_offered,
    shipped_queues,
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


# --- per-queue trees, ACW rules, consequences, first-contact resolution, recovery ----------

NOW = datetime(2026, 11, 25, 14, tzinfo=UTC)


def _config(**acw: object) -> dict[str, object]:
    return {
        "queues": {
            "default": {
                "acw": acw or {"policy": "mandatory"},
                "groups": [
                    {"key": "resolved", "hotkey": "F2", "codes": ["resolved", "info_provided"]},
                    {"key": "callback", "hotkey": "F5", "codes": ["callback_scheduled"]},
                ],
            }
        }
    }


def test_the_shipped_queues_parse_and_every_group_has_a_distinct_hotkey() -> None:
    queues = shipped_queues()
    assert DEFAULT_QUEUE in queues
    for queue in queues.values():
        hotkeys = [group.hotkey for group in queue.groups]
        assert len(hotkeys) == len(set(hotkeys))
        assert set(queue.codes()) <= set(BY_CODE)
        if queue.acw.timeout_code is not None:
            assert queue.acw.timeout_code in queue.codes()
    assert queues["voice"].acw.policy is AcwPolicy.MANDATORY_LIMITED
    assert queues["billing"].notes_required


def test_an_interaction_s_queue_is_its_skill_then_its_channel_then_the_default() -> None:
    queues = shipped_queues()
    assert queue_for(queues, "billing", "voice").name == "billing"
    assert queue_for(queues, "no_such_skill", "voice").name == "voice"
    assert queue_for(queues, None, "email").name == DEFAULT_QUEUE


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({"queues": {}}, "'default' queue"),
        ({"queues": {"default": {"acw": {"policy": "sometimes"}}}}, "acw.policy 'sometimes'"),
        (_config(policy="time_boxed", timeout_code="resolved"), "acw.seconds"),
        (_config(policy="mandatory_limited", seconds=60), "acw.timeout_code None"),
        (_config(policy="optional", timeout_code="escalated"), "not in its groups"),
        ({"queues": {"default": {"groups": [{"codes": ["nope"]}]}}}, "groups[0]: codes ['nope']"),
        ({"queues": {"default": {"groups": []}}}, "at least one group"),
    ],
)
def test_a_wrong_configuration_names_the_queue_and_the_field(
    config: dict[str, object], words: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(words)):
        parse_queues(config)


def test_two_groups_with_one_hotkey_are_refused() -> None:
    config = _config()
    groups = config["queues"]["default"]["groups"]  # type: ignore[index]
    groups[1]["hotkey"] = "F2"
    with pytest.raises(ConfigError, match="hotkey F2 is used twice"):
        parse_queues(config)
    with pytest.raises(ConfigError, match="not YAML"):
        read_queues("queues: [")


def test_a_queue_offers_only_its_codes_and_may_require_notes() -> None:
    queue = shipped_queues()["billing"]
    with pytest.raises(WrapUpError) as outside:
        wrap_up("return_label_sent", "notes", queue=queue)
    assert outside.value.problem is Problem.NOT_IN_QUEUE
    with pytest.raises(WrapUpError) as bare:
        wrap_up("refund_issued", "   ", queue=queue)
    assert bare.value.problem is Problem.NOTES_REQUIRED
    assert wrap_up("refund_issued", "Refund of $20", queue=queue).notes == "Refund of $20"


def test_a_callback_code_needs_a_time_in_the_future() -> None:
    with pytest.raises(WrapUpError) as missing:
        wrap_up("callback_scheduled", "", now=NOW)
    assert missing.value.problem is Problem.CALLBACK_TIME_MISSING
    with pytest.raises(WrapUpError) as past:
        wrap_up("callback_scheduled", "", callback_at=NOW, now=NOW)
    assert past.value.problem is Problem.CALLBACK_TIME_PAST
    later = NOW + timedelta(hours=2)
    assert wrap_up("callback_scheduled", "", callback_at=later, now=NOW).callback_at == later
    assert wrap_up("resolved", "", callback_at=later, now=NOW).callback_at is None


def test_acw_rules_give_a_deadline_and_hold_a_time_box_until_it_ends() -> None:
    limited = AcwRule(AcwPolicy.MANDATORY_LIMITED, 120, "info_provided")
    boxed = AcwRule(AcwPolicy.TIME_BOXED, 45, "info_provided")
    assert limited.deadline(NOW) == NOW + timedelta(seconds=120)
    assert AcwRule(AcwPolicy.MANDATORY).deadline(NOW) is None
    assert limited.may_submit(NOW, NOW)  # a limit, not a box: submit any time before
    assert not boxed.may_submit(NOW, NOW + timedelta(seconds=44))
    assert boxed.may_submit(NOW, NOW + timedelta(seconds=45))
    assert AcwRule(AcwPolicy.OPTIONAL, timeout_code="resolved").may_skip
    assert not limited.may_skip


def test_each_outcome_sets_its_consequence_in_motion() -> None:
    assert consequence_of("resolved") is Consequence.NONE
    assert consequence_of("callback_scheduled") is Consequence.SCHEDULE_CALLBACK
    assert consequence_of("do_not_contact") is Consequence.FLAG_DO_NOT_CONTACT
    assert consequence_of("claim_opened") is Consequence.FOLLOW_UP_TICKET
    assert consequence_of("escalated") is Consequence.FOLLOW_UP_TICKET
    assert {consequence_of(d.code) for d in DISPOSITIONS} == set(Consequence)


def test_first_contact_resolution_needs_a_resolving_code_and_no_earlier_contact() -> None:
    assert first_contact_resolved("info_provided", repeat_contact=False)
    assert not first_contact_resolved("info_provided", repeat_contact=True)
    assert not first_contact_resolved("callback_scheduled", repeat_contact=False)


def test_a_recovery_pause_is_offered_after_a_complaint_or_a_very_long_contact() -> None:
    usual = timedelta(minutes=5)
    assert recovery_offered("complaint_handled", None, handle=None, usual=None)
    assert recovery_offered("resolved", "complaint", handle=usual, usual=usual)
    assert recovery_offered("resolved", "billing_error", handle=usual * 2.5, usual=usual)
    assert not recovery_offered("resolved", "billing_error", handle=usual * 2, usual=usual)
    assert not recovery_offered("resolved", "billing_error", handle=usual * 9, usual=None)
