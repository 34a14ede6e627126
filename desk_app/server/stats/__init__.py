"""Team averages and one rep's day, measured with the KPI definitions of ``domain.kpi``."""
