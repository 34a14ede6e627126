"""Collision warnings: who else has the same customer or ticket open, or on the phone."""
