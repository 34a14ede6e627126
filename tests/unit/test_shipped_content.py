"""The shipped KB articles, canned answers and macros: what the seed loads and reps use."""

import re

from desk_app.domain.enums import Channel
from desk_app.domain.scripts.variables import KNOWN, variables_in
from desk_app.server.seed.content import (
    read_article,
    shipped_articles,
    shipped_replies,
    shipped_scripts,
)
from desk_app.server.seed.work import OUTCOMES

PLACEHOLDER = re.compile(r"\[\[[^\[\]]+\]\]")


def test_every_article_has_a_title_tags_and_a_body() -> None:
    articles = shipped_articles()
    assert len(articles) >= 12
    for article in articles:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", article.slug)
        assert article.title
        assert article.tags
        assert len(article.body) > 200, article.slug
    linked = {slug for s in shipped_scripts() for step in s.script.steps for slug in step.kb}
    assert linked <= {article.slug for article in articles}


def test_an_article_file_is_read_as_title_tags_and_body() -> None:
    article = read_article("x", "# Title here\ntags: a, b ,c\n\nFirst line.\n\nMore.\n")
    assert (article.title, article.tags, article.body) == (
        "Title here",
        ("a", "b", "c"),
        "First line.\n\nMore.",
    )


def test_canned_answers_use_known_variables_and_fit_a_channel_and_category() -> None:
    answers, _ = shipped_replies()
    assert len(answers) >= 15
    categories = set(OUTCOMES)
    shortcuts = [answer["shortcut"] for answer in answers]
    assert len(set(shortcuts)) == len(shortcuts)
    for answer in answers:
        assert set(variables_in(PLACEHOLDER.sub("", answer["body"]))) <= set(KNOWN), answer
        assert answer["channel"] in {*Channel, None}
        assert answer["category"] in {*categories, None}
    assert any(PLACEHOLDER.search(answer["body"]) for answer in answers)


def test_every_macro_runs_actions_a_desk_knows_on_answers_that_exist() -> None:
    answers, macros = shipped_replies()
    assert len(macros) == 4
    shortcuts = {answer["shortcut"] for answer in answers}
    for macro in macros:
        kinds = [action["do"] for action in macro["actions"]]
        assert set(kinds) <= {"insert_answer", "set_category", "set_follow_up", "add_tag"}
        for action in macro["actions"]:
            if action["do"] == "insert_answer":
                assert action["shortcut"] in shortcuts
            if action["do"] == "set_category":
                assert action["category"] in OUTCOMES
            if action["do"] == "set_follow_up":
                assert 1 <= action["in_hours"] <= 720
