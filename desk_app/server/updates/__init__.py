"""The updates board: announcements and their acknowledgements."""
