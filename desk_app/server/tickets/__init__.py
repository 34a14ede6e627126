"""Tickets: longer work with an owner, a department, escalations and follow-ups."""
