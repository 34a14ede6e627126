"""Deterministic seed data for demos, tests and benchmarks, from 10 to 1,000,000 customers.

``seed_database(engine, customers=N)`` fills an empty, migrated database
(``desk server seed --customers N`` calls it). The same ``random_seed`` and
``today`` give the same rows, ids included, on SQLite and on PostgreSQL.

Staff (all share the password in ``DESK_SEED_PASSWORD``, default
``desk-demo-password``, hashed once):

=====================  ==========  ========================================
username               role        team / store
=====================  ==========  ========================================
``admin``              admin       -
``sup.atlantic``       supervisor  Team Atlantic (shift 13:00 UTC)
``sup.meridian``       supervisor  Team Meridian (shift 07:00 UTC)
``sup.pacific``        supervisor  Team Pacific (shift 00:00 UTC)
``rep01``-``rep08``    rep         Team Atlantic
``rep09``-``rep16``    rep         Team Meridian
``rep17``-``rep24``    rep         Team Pacific
``retail.nyc1``-``3``  retail      NYC, New York (US); likewise ``retail.ldn1``
                                   (LDN, GB), ``.ber`` (DE), ``.par`` (FR),
                                   ``.tyo`` (JP), ``.sao`` (BR)
=====================  ==========  ========================================

Per customer, on average: 1.25 phones, 1 email, 1 address, 1.5 orders (each
with about two lines, a shipment with its tracking events and an invoice
with its payments), 0.28 tickets and 2.1 interactions. The first rows of each
vocabulary cover every value (shipment status, department, ticket status,
channel), so even a ten-customer seed shows them all. Order numbers are
``O-1000001``..., invoices ``INV-1000001``..., tickets ``T-1000001``....
Money is in the currency's minor unit (cents; yen for JPY).

Every rep also has a month of work (the last 30 days and today up to the
moment of seeding): a shift a day with breaks, the state history through
it and the contacts handled in it (hold time, first-contact verdicts,
survey scores, a few transfers), some callers abandoning the team's queue;
every team has goals, ``rep01`` two of their own, and a must-read update
for reps waits to be acknowledged. A rep's desk receives its own month at
first sync.
"""

from desk_app.server.seed.run import (
    DEFAULT_PASSWORD,
    DEMO_USERS_HELP,
    SeedError,
    SeedSummary,
    seed_database,
    seed_password,
)

__all__ = [
    "DEFAULT_PASSWORD",
    "DEMO_USERS_HELP",
    "SeedError",
    "SeedSummary",
    "seed_database",
    "seed_password",
]
