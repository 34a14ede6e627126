"""Goals: every team's target for each KPI, and one rep with targets of their own.

Targets sit near :data:`desk_app.domain.kpi.DEFAULT_GOALS`, a little apart
per team (a voice-heavy team handles fewer contacts an hour), so the stats
graph and the end-of-shift report show some goals met and some missed.
"""

from desk_app.domain.kpi import Metric
from desk_app.server.seed.context import SeedContext
from desk_app.server.seed.values import DAY, ts

# per team (in TEAMS order): metric -> target
TEAM_GOALS: tuple[dict[Metric, float], ...] = (
    {
        Metric.HANDLED_PER_HOUR: 5.5,
        Metric.AHT: 420.0,
        Metric.FCR: 0.75,
        Metric.CSAT: 4.2,
        Metric.OCCUPANCY: 0.65,
        Metric.ADHERENCE: 0.9,
    },
    {
        Metric.HANDLED_PER_HOUR: 6.0,
        Metric.AHT: 400.0,
        Metric.FCR: 0.8,
        Metric.CSAT: 4.3,
        Metric.OCCUPANCY: 0.7,
        Metric.ADHERENCE: 0.9,
    },
    {
        Metric.HANDLED_PER_HOUR: 5.0,
        Metric.AHT: 450.0,
        Metric.FCR: 0.7,
        Metric.CSAT: 4.0,
        Metric.OCCUPANCY: 0.6,
        Metric.ADHERENCE: 0.85,
    },
)
# the first rep is coached to a faster pace than their team's
REP_GOALS: dict[Metric, float] = {Metric.HANDLED_PER_HOUR: 6.5, Metric.AHT: 380.0}


def seed_goals(ctx: SeedContext) -> None:
    """The teams' goals and the first rep's own, set by the admin a fortnight ago."""
    staff = ctx.staff
    goals = ctx.writer.open(
        "goal",
        ("id", "version", "created_at", "updated_at", "team_id", "user_id", "metric", "target"),
    )
    stamp = ts(ctx.history_end - 14 * DAY)
    for team, targets in zip(staff.teams, TEAM_GOALS, strict=True):
        for metric, target in targets.items():
            goals.rows.append((ctx.new_id(), 1, stamp, stamp, team, None, metric.value, target))
    if staff.reps:
        rep, team_index = staff.reps[0]
        for metric, target in REP_GOALS.items():
            row = (
                ctx.new_id(),
                1,
                stamp,
                stamp,
                staff.teams[team_index],
                rep,
                metric.value,
                target,
            )
            goals.rows.append(row)
    ctx.writer.close(goals)
