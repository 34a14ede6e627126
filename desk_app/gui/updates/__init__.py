"""The updates board: announcements as they arrive, must-reads shown at sign-in and before Ready."""
