"""Alembic history of the desk's local store (separate from the server's)."""
