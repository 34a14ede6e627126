"""What every server domain package builds on: settings, database, errors, paging."""
