"""Opaque bearer tokens: random, shown once, stored as their SHA-256."""

import hashlib
import secrets


def new_token() -> str:
    """A token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()
