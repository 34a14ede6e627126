"""End-of-shift reports: signed off by the rep, submitted to the supervisor."""
