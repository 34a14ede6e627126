"""Interactions: every call, chat, email, ticket touch and walk-in."""
