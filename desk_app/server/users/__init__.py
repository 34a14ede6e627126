"""Staff accounts, teams, stores and agent states."""
