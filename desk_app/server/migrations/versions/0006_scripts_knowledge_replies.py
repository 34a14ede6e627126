"""interaction tags, follow-up and messages; canned answers by team with shortcuts; macros;
the knowledge-base search index (FTS5 on SQLite, GIN on PostgreSQL), filled from the articles

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:00:00.000000
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# As in 0005: the folding of an article into terms must be the search's own,
# or the backfilled rows could never match.
from desk_app.domain.knowledge import article_terms

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KB_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"
_KB_SQLITE_FTS = [
    f"""
    CREATE VIRTUAL TABLE kb_search_fts USING fts5(
        title_words, tag_words, words, content='kb_search', content_rowid='id',
        tokenize="{_KB_TOKENIZE}", prefix='1 2 3'
    )
    """,
    # the documented way to keep an external-content FTS5 table in step (as in 0005)
    """
    CREATE TRIGGER kb_search_fts_insert AFTER INSERT ON kb_search BEGIN
        INSERT INTO kb_search_fts (rowid, title_words, tag_words, words)
        VALUES (new.id, new.title_words, new.tag_words, new.words);
    END
    """,
    """
    CREATE TRIGGER kb_search_fts_delete AFTER DELETE ON kb_search BEGIN
        INSERT INTO kb_search_fts (kb_search_fts, rowid, title_words, tag_words, words)
        VALUES ('delete', old.id, old.title_words, old.tag_words, old.words);
    END
    """,
    """
    CREATE TRIGGER kb_search_fts_update AFTER UPDATE ON kb_search BEGIN
        INSERT INTO kb_search_fts (kb_search_fts, rowid, title_words, tag_words, words)
        VALUES ('delete', old.id, old.title_words, old.tag_words, old.words);
        INSERT INTO kb_search_fts (rowid, title_words, tag_words, words)
        VALUES (new.id, new.title_words, new.tag_words, new.words);
    END
    """,
    "INSERT INTO kb_search_fts (kb_search_fts) VALUES ('rebuild')",  # the backfill
]
_KB_POSTGRES_GIN = (
    "CREATE INDEX ix_kb_search_words_gin ON kb_search"
    " USING gin (array_to_tsvector(string_to_array(words, ' ')))"
)


def upgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("follow_up_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("canned_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("shortcut", sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f("ix_canned_answer_team_id"), ["team_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_canned_answer_team_id_team"), "team", ["team_id"], ["id"]
        )

    op.create_table(
        "macro",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("shortcut", sa.String(length=30), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_macro_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_macro")),
    )
    with op.batch_alter_table("macro", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_macro_team_id"), ["team_id"], unique=False)

    op.create_table(
        "interaction_message",
        sa.Column("interaction_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_interaction_message_author_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_message_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction_message")),
    )
    with op.batch_alter_table("interaction_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_message_interaction_id"), ["interaction_id"], unique=False
        )

    _kb_search_upgrade()


def _kb_search_upgrade() -> None:
    op.create_table(
        "kb_search",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("title_words", sa.Text(), nullable=False),
        sa.Column("tag_words", sa.Text(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["kb_article.id"],
            name=op.f("fk_kb_search_article_id_kb_article"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_search")),
        sa.UniqueConstraint("article_id", name=op.f("uq_kb_search_article_id")),
    )
    bind = op.get_bind()
    articles = bind.execute(sa.text("SELECT id, title, tags, body FROM kb_article")).all()
    search = sa.table(
        "kb_search", *(sa.column(c) for c in ("article_id", "title_words", "tag_words", "words"))
    )
    rows = []
    for article_id, title, tags, body in articles:
        listed = json.loads(tags) if isinstance(tags, str) else tags
        terms = article_terms(title, list(listed or []), body)
        rows.append(
            {
                "article_id": article_id,
                "title_words": terms.title,
                "tag_words": terms.tags,
                "words": terms.words,
            }
        )
    if rows:
        bind.execute(search.insert(), rows)
    for statement in _KB_SQLITE_FTS if bind.dialect.name == "sqlite" else [_KB_POSTGRES_GIN]:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER kb_search_fts_{name}")
        op.execute("DROP TABLE kb_search_fts")
    op.drop_table("kb_search")  # its GIN index goes with it
    with op.batch_alter_table("interaction_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_message_interaction_id"))
    op.drop_table("interaction_message")
    with op.batch_alter_table("macro", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_macro_team_id"))
    op.drop_table("macro")
    with op.batch_alter_table("canned_answer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_canned_answer_team_id_team"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_canned_answer_team_id"))
        batch_op.drop_column("shortcut")
        batch_op.drop_column("team_id")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_column("follow_up_at")
        batch_op.drop_column("tags")
