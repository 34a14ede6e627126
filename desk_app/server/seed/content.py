"""Guideline scripts, knowledge-base articles, canned answers and macros: the shipped files.

The seed writes what ``resources/`` holds (the files a trainer writes and
``desk scripts check`` checks), so a demo shows the very scripts and
articles the project ships: each script as revision 1 of itself, each
article, answer and macro for every team.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from desk_app.domain.scripts.definition import Script, parse_script
from desk_app.domain.scripts.source import RESOURCES
from desk_app.server.seed.context import SeedContext
from desk_app.server.seed.values import DAY, as_json, ts

_STAMPED = ("id", "version", "created_at", "updated_at")


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    tags: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class ShippedScript:
    definition: dict[str, Any]
    script: Script


@cache
def shipped_scripts() -> tuple[ShippedScript, ...]:
    """Every ``resources/scripts/*.yaml``, in file-name order, read once per process."""
    scripts = []
    for path in sorted((RESOURCES / "scripts").glob("*.yaml")):
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
        scripts.append(ShippedScript(definition, parse_script(definition)))
    return tuple(scripts)


def read_article(slug: str, text: str) -> Article:
    """An article file: ``# Title``, a ``tags:`` line, then the body in Markdown."""
    lines = text.strip().splitlines()
    if len(lines) < 3 or not lines[0].startswith("# ") or not lines[1].startswith("tags:"):
        raise ValueError(f"{slug}.md must start with '# Title' and then a 'tags:' line")
    tags = tuple(tag.strip() for tag in lines[1].removeprefix("tags:").split(",") if tag.strip())
    return Article(slug, lines[0][2:].strip(), tags, "\n".join(lines[2:]).strip())


@cache
def shipped_articles() -> tuple[Article, ...]:
    """Every ``resources/kb/<slug>.md``, in slug order."""
    return tuple(
        read_article(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted((RESOURCES / "kb").glob("*.md"))
    )


@cache
def shipped_replies() -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    """``resources/canned.yaml``: (its canned answers, its macros)."""
    data = yaml.safe_load((RESOURCES / "canned.yaml").read_text(encoding="utf-8"))
    return tuple(data["answers"]), tuple(data["macros"])


def seed_content(ctx: SeedContext) -> None:
    """The shipped scripts, knowledge-base articles, canned answers and macros."""
    w, author = ctx.writer, ctx.staff.admin
    written = ts(ctx.history_end - 60 * DAY)
    stamps = (1, written, written)  # version, created_at, updated_at
    scripts = w.open(
        "script",
        (*_STAMPED, "key", "title", "category", "current_revision"),
    )
    revisions = w.open(
        "script_revision", ("id", "script_id", "revision", "definition", "author_id", "created_at")
    )
    for shipped in shipped_scripts():
        script_id, script = ctx.new_id(), shipped.script
        scripts.rows.append((script_id, *stamps, script.key, script.title, script.category, 1))
        revisions.rows.append(
            (ctx.new_id(), script_id, 1, as_json(shipped.definition), author, written)
        )
    kb = w.open("kb_article", (*_STAMPED, "slug", "title", "body", "tags"))
    for article in shipped_articles():
        row = (article.slug, article.title, article.body, as_json(list(article.tags)))
        kb.rows.append((ctx.new_id(), *stamps, *row))
    answers, macros = shipped_replies()
    canned = w.open(
        "canned_answer",
        (*_STAMPED, "title", "body", "channel", "category", "team_id", "shortcut"),
    )
    for answer in answers:
        fields = (answer["title"], answer["body"], answer["channel"], answer["category"])
        canned.rows.append((ctx.new_id(), *stamps, *fields, None, answer["shortcut"]))
    macro = w.open(
        "macro",
        (*_STAMPED, "title", "shortcut", "channel", "team_id", "actions"),
    )
    for entry in macros:
        fields = (entry["title"], entry["shortcut"], entry["channel"], None)
        macro.rows.append((ctx.new_id(), *stamps, *fields, as_json(entry["actions"])))
    w.close(scripts, revisions, kb, canned, macro)
