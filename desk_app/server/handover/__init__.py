"""Handover notes for the next shift."""
