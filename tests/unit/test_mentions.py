"""@mentions: colleagues and departments, never e-mail addresses."""

from desk_app.domain.enums import Department
from desk_app.domain.mentions import (
    EXCERPT_LENGTH,
    excerpt,
    mentions_in,
    partial_at,
    words_mentioned,
)

USERS = ("jdoe", "Ann.Smith", "billing")


def test_users_and_departments_are_found_each_once_in_text_order() -> None:
    found = mentions_in(
        "@ann.smith can you check? cc @JDOE and @tech, @ann.smith again (@logistics)", USERS
    )
    assert found.usernames == ("Ann.Smith", "jdoe")
    assert found.departments == (Department.TECHNICAL_SUPPORT, Department.LOGISTICS)


def test_a_user_name_wins_over_a_department_alias() -> None:
    found = mentions_in("@billing please", USERS)
    assert found.usernames == ("billing",)
    assert found.departments == ()
    assert mentions_in("@billing please", ()).departments == (Department.BILLING,)


def test_email_addresses_and_unknown_words_mention_no_one() -> None:
    found = mentions_in("mail ann@example.com or jdoe@corp.example; @nobody knows", USERS)
    assert found.usernames == ()
    assert found.departments == ()
    assert words_mentioned("ann@example.com @x @a.b.") == ["x", "a.b"]


def test_the_word_being_typed_after_an_at_sign_is_offered_for_completion() -> None:
    text = "ask @ann"
    assert partial_at(text, len(text)) == "ann"
    assert partial_at("ask @", 5) == ""
    assert partial_at("mail ann@exa", 12) is None
    assert partial_at("no mention here", 7) is None
    assert partial_at("@ann done", 9) is None  # the cursor is past a space


def test_an_excerpt_shows_the_mention_within_its_length() -> None:
    assert excerpt("Hi @ann, a short note", ["ANN"]) == "Hi @ann, a short note"
    long = "a" * 300 + " mail ann@example.com, then @Ann: see above " + "b" * 300
    shown = excerpt(long, ["ann"])
    assert len(shown) == EXCERPT_LENGTH
    assert "@Ann: see above" in shown
    assert shown.startswith("…")
    assert shown.endswith("…")
    assert excerpt("@ann " + "c" * 300, ["ann"]).startswith("@ann ccc")
    assert excerpt("c" * 300 + " @ann", ["ann"]).endswith("c @ann")


def test_a_configured_department_is_mentioned_by_its_name() -> None:
    found = mentions_in("@Quality please test it, cc @billing", (), ["quality"])
    assert found.departments == ("quality", Department.BILLING)
    assert mentions_in("@quality", ()).departments == ()  # not configured: plain text
