"""Replies: the trigger grammar, finding and filling canned answers, placeholders, macros."""

import uuid

import pytest

from desk_app.domain.pan import mask_pans
from desk_app.domain.replies import (
    AddTag,
    CannedAnswer,
    InsertAnswer,
    Macro,
    MacroError,
    SetCategory,
    SetFollowUp,
    Trigger,
    fill,
    find_trigger,
    in_scope,
    matching,
    next_placeholder,
    parse_actions,
    placeholders,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ret", Trigger(0, 4, "/", "ret")),
        ("Hello /ret", Trigger(6, 10, "/", "ret")),
        ("Hello\n::ship", Trigger(6, 12, "::", "ship")),
        ("Dear ::Über", Trigger(5, 11, "::", "Über")),
        ("/late-parcel", Trigger(0, 12, "/", "late-parcel")),
    ],
)
def test_a_trigger_is_a_slash_or_two_colons_then_letters_at_a_word_start(
    text: str, expected: Trigger
) -> None:
    assert find_trigger(text, len(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "/",  # no letter yet
        "::",
        "and/or",  # inside a word
        "see http://example",
        "a:ret",  # one colon is not a trigger
        "1 /2",  # a fraction, not a shortcut
        "/ret ",  # the word is finished
    ],
)
def test_no_trigger_elsewhere(text: str) -> None:
    assert find_trigger(text, len(text)) is None


def test_the_trigger_is_read_up_to_the_cursor_only() -> None:
    text = "Hi /ret and more"
    assert find_trigger(text, 7) == Trigger(3, 7, "/", "ret")
    assert find_trigger(text, len(text)) is None


def _answer(title: str, shortcut: str | None = None, **fields: object) -> CannedAnswer:
    return CannedAnswer(id=uuid.uuid4(), title=title, body=title, shortcut=shortcut, **fields)  # type: ignore[arg-type]


def test_shortcut_prefixes_come_before_title_words() -> None:
    refund = _answer("Refund issued", "refund")
    returns = _answer("How to return an item", "return")
    label = _answer("Return label sent", "label")
    retail = _answer("Store opening hours", "retail")
    shipping = _answer("Parcel delayed", "late")
    found = matching([shipping, label, refund, returns, retail], "ret")
    assert found == [retail, returns, label]
    assert matching([refund, returns], "RE") == [refund, returns]  # case does not matter


def test_scope_is_the_tabs_channel_and_the_reps_team() -> None:
    team, other = uuid.uuid4(), uuid.uuid4()
    assert in_scope(None, None, channel="chat", team_id=team)
    assert in_scope("chat", team, channel="chat", team_id=team)
    assert not in_scope("email", None, channel="chat", team_id=team)
    assert not in_scope(None, other, channel="chat", team_id=team)
    assert not in_scope(None, other, channel="chat", team_id=None)


def test_a_record_from_the_cache_becomes_an_answer() -> None:
    team = uuid.uuid4()
    record = {
        "id": str(uuid.uuid4()),
        "title": "Return label",
        "body": "Here is your label.",
        "shortcut": "label",
        "channel": "email",
        "category": "returns",
        "team_id": str(team),
    }
    answer = CannedAnswer.from_record(record)
    assert (answer.shortcut, answer.channel, answer.team_id) == ("label", "email", team)


def test_filling_uses_the_case_and_prompts_for_what_it_does_not_know() -> None:
    body = "Hi {customer.first_name}, order {order.number} left on {shipment.eta}. [[new date]]"
    text = fill(body, {"customer.first_name": "Ada", "order.number": "SO-1001"})
    assert text == ("Hi Ada, order SO-1001 left on [[the expected delivery date]]. [[new date]]")
    assert [p.label for p in placeholders(text)] == ["the expected delivery date", "new date"]


def test_an_unknown_variable_is_a_placeholder_not_sent_as_braces() -> None:
    assert fill("Code {voucher}", {}) == "Code [[voucher]]"


def test_placeholders_are_visited_in_order_and_tab_wraps() -> None:
    text = "A [[one]] B [[two]]"
    first = next_placeholder(text, 0)
    assert first is not None
    assert text[first.start : first.end] == "[[one]]"
    second = next_placeholder(text, first.end)
    assert second is not None
    assert second.label == "two"
    assert next_placeholder(text, second.end) == first
    assert next_placeholder("no placeholders", 0) is None


def test_a_card_number_in_a_reply_is_masked_and_an_order_number_is_not() -> None:
    reply = "Card 4111 1111 1111 1111 for order 1234567890123"
    assert mask_pans(reply) == "Card •••• 1111 for order 1234567890123"


def test_macro_actions_parse_in_order() -> None:
    raw = [
        {"do": "insert_answer", "shortcut": "late"},
        {"do": "set_category", "category": "shipping"},
        {"do": "set_follow_up", "in_hours": 24},
        {"do": "add_tag", "tag": "delayed"},
    ]
    assert parse_actions(raw) == [
        InsertAnswer("late"),
        SetCategory("shipping"),
        SetFollowUp(24.0),
        AddTag("delayed"),
    ]
    macro = Macro.from_record({"id": str(uuid.uuid4()), "title": "Late parcel", "actions": raw})
    assert parse_actions(macro.actions)[0] == InsertAnswer("late")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([{"do": "dance"}], "action 1: unknown action 'dance'"),
        ([{"do": "add_tag", "tag": "x"}, {"do": "add_tag"}], "action 2: tag must be"),
        ([{"do": "set_follow_up", "in_hours": 0}], "in_hours must be a positive number"),
        ([{"do": "set_follow_up", "in_hours": True}], "in_hours must be a positive number"),
        (["add_tag"], "action 1: not an object"),
    ],
)
def test_a_broken_macro_says_which_action_is_wrong(raw: list[object], message: str) -> None:
    with pytest.raises(MacroError, match=message):
        parse_actions(raw)
