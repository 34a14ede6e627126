"""My stats: the rep's own KPIs over today or the last 30 days, against goals and the team."""
