"""The seeded scripts, articles, answers and macros are the shipped files; trails are real."""

from datetime import date, datetime

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.orm import Session

from desk_app.domain.scripts.engine import ScriptRun
from desk_app.server.interactions.models import Interaction
from desk_app.server.knowledge.models import CannedAnswer, KbArticle, Macro
from desk_app.server.scripts.models import Script
from desk_app.server.seed import seed_database
from desk_app.server.seed.content import shipped_articles, shipped_replies, shipped_scripts

TODAY = date(2026, 3, 2)


def test_seed_writes_the_shipped_files_and_trails_a_desk_can_resume(app: FastAPI) -> None:
    engine = app.state.engine
    seed_database(engine, customers=60, random_seed=7, today=TODAY)
    shipped = {s.script.key: s for s in shipped_scripts()}
    with Session(engine) as session:
        scripts = session.scalars(sa.select(Script)).all()
        assert {s.key: (s.category, s.current_revision) for s in scripts} == {
            key: (s.script.category, 1) for key, s in shipped.items()
        }
        for script in scripts:
            assert [r.definition for r in script.revisions] == [shipped[script.key].definition]
        articles = session.scalars(sa.select(KbArticle).order_by(KbArticle.slug)).all()
        assert [(a.slug, a.title, a.body) for a in articles] == [
            (a.slug, a.title, a.body) for a in shipped_articles()
        ]
        answers, macros = shipped_replies()
        canned = session.scalars(sa.select(CannedAnswer)).all()
        assert sorted(c.shortcut or "" for c in canned) == sorted(a["shortcut"] for a in answers)
        seeded_macros = {m.shortcut: m.actions for m in session.scalars(sa.select(Macro))}
        assert seeded_macros == {m["shortcut"]: m["actions"] for m in macros}

        followed = session.scalars(
            sa.select(Interaction).where(
                sa.func.length(sa.cast(Interaction.script_trail, sa.Text)) > 2
            )
        ).all()
        assert len(followed) > 20
        unconfirmed = 0
        for interaction in followed:
            trail = interaction.script_trail
            script = shipped[trail[0]["script"]].script
            assert script.category == interaction.category
            answered, ended = interaction.answered_at, interaction.ended_at
            run = ScriptRun.resume(
                lambda key, revision: shipped[key].script, trail, {}, lambda moment=ended: moment
            )
            assert run.finished
            assert interaction.disposition in run.suggested_dispositions()
            assert datetime.fromisoformat(trail[0]["entered_at"]) == answered
            assert sum(visit["seconds"] for visit in trail) == (ended - answered).total_seconds()
            assert [visit["step"] for visit in trail] == run.route
            unconfirmed += bool(run.unconfirmed())
        assert 0 < unconfirmed < len(followed) / 2
