"""The queue view: every waiting and open interaction of every channel in one sortable table."""
