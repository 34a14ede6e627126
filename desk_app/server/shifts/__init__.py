"""Shifts and breaks: "my schedule" for the morning."""
