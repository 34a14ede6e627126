"""Open follow-ups for the seeded reps: reminders and callbacks, some due today, some overdue.

Each rep gets :data:`PER_REP` follow-ups on tickets of the seeded customers:
the first overdue since yesterday (the supervisor's list shows it), the rest
due during today's working hours; every third a callback to the customer's
first number. A few rows per rep, so the phase costs nothing at any size.
"""

from desk_app.domain.enums import FollowUpKind
from desk_app.server.seed.context import SeedContext
from desk_app.server.seed.values import ts

PER_REP = 3
_HOUR = 3600
_NOTES = (
    "Check the carrier's answer and tell the customer",
    "Confirm the refund reached the card",
    "Ask whether the replacement works",
    "Chase the warehouse about the missing part",
)


def seed_follow_ups(ctx: SeedContext) -> None:
    """Follow-ups on seeded tickets (none without customers that have tickets)."""
    rng, index, staff = ctx.rng("follow_ups"), ctx.index, ctx.staff
    with_tickets = sorted(index.tickets)
    if not with_tickets:
        return
    rows = ctx.writer.open(
        "follow_up",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "subject_type",
            "subject_id",
            "customer_id",
            "owner_id",
            "team_id",
            "kind",
            "due_at",
            "phone",
            "note",
        ),
        estimate=len(staff.reps) * PER_REP,
    )
    add, start_of_today, made = rows.rows.append, ctx.history_end, 0
    for rep, team_index in staff.reps:
        for n in range(PER_REP):
            c = rng.choice(with_tickets)
            if n == 0:  # overdue: due yesterday afternoon or this morning before work
                due = start_of_today - rng.randint(1, 16) * _HOUR
            else:  # due today, between eight and six
                due = start_of_today + 8 * _HOUR + rng.randrange(10 * _HOUR)
            callback = made % 3 == 2
            created = due - rng.randint(1, 3) * 24 * _HOUR
            add(
                (
                    ctx.new_id(),
                    1,
                    ts(created),
                    ts(created),
                    "ticket",
                    rng.choice(index.tickets[c]),
                    index.ids[c],
                    rep,
                    staff.teams[team_index],
                    (FollowUpKind.CALLBACK if callback else FollowUpKind.REMINDER).value,
                    ts(due),
                    index.phone[c] if callback else None,
                    rng.choice(_NOTES),
                )
            )
            made += 1
    ctx.writer.close(rows)
