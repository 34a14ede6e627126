"""Internal notes on the desk: an editor with @mention completion, a notes list for any subject."""
