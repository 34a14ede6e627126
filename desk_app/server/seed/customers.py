"""Customers with their phones (E.164), emails and addresses."""

import random
import string

from desk_app.domain.enums import Segment
from desk_app.server.seed.context import SeedContext
from desk_app.server.seed.reference import COUNTRIES, LINE2, Country, PhonePattern, names
from desk_app.server.seed.values import DAY, Picker, ts

COUNTRY = Picker(range(len(COUNTRIES)), [c.weight for c in COUNTRIES])
SEGMENT = Picker(
    [Segment.CONSUMER.value, Segment.SMALL_BUSINESS.value, Segment.ENTERPRISE.value],
    [85, 12, 3],
)
PHONE_LABEL = Picker(["mobile", "home", "work"], [70, 20, 10])
_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters UK postcodes use in the inward code


def phone(rng: random.Random, pattern: PhonePattern) -> str:
    """A valid E.164 number of ``pattern``'s country."""
    first = rng.randint(pattern.first_low, pattern.first_high)
    return f"{pattern.prefix}{first}{rng.randrange(10**pattern.free):0{pattern.free}d}"


def postal_code(rng: random.Random, template: str) -> str:
    return "".join(
        str(rng.randrange(10)) if ch == "#" else rng.choice(_LETTERS) if ch == "@" else ch
        for ch in template
    )


def street_line(rng: random.Random, country: Country) -> str:
    if country.code == "JP":
        number = f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    else:
        number = str(rng.randint(1, 250))
    return country.address_format.format(number=number, street=rng.choice(country.streets))


def seed_customers(ctx: SeedContext) -> None:
    """``ctx.customers`` customers, created in time order over the last three years."""
    rng, w, index, n = ctx.rng("customers"), ctx.writer, ctx.index, ctx.customers
    customers = w.open(
        "customer",
        (
            "id",
            "version",
            "created_at",
            "updated_at",
            "name",
            "segment",
            "vip",
            "locale",
            "store_id",
        ),
        estimate=n,
    )
    phones = w.open(
        "customer_phone", ("id", "customer_id", "e164", "label", "position"), estimate=n * 5 // 4
    )
    emails = w.open("customer_email", ("id", "customer_id", "email", "position"), estimate=n)
    addresses = w.open(
        "customer_address",
        (
            "id",
            "customer_id",
            "kind",
            "line1",
            "line2",
            "city",
            "postal_code",
            "country",
            "position",
        ),
        estimate=n,
    )
    add_customer, add_phone = customers.rows.append, phones.rows.append
    add_email, add_address = emails.rows.append, addresses.rows.append
    pools = [names(c.locale) for c in COUNTRIES]
    span = ctx.history_end - DAY - ctx.history_start
    new_id, random_ = ctx.new_id, rng.random
    for i in range(n):
        ci = COUNTRY(rng)
        country, pool = COUNTRIES[ci], pools[ci]
        fi, li = rng.randrange(len(pool.first)), rng.randrange(len(pool.last))
        if pool.family_first:
            name = f"{pool.last[li]} {pool.first[fi]}"
        else:
            name = f"{pool.first[fi]} {pool.last[li]}"
        created = ctx.history_start + span * i // n + rng.randrange(max(span // n, 1))
        vip = random_() < 0.04
        home = ci if random_() < 0.4 else -1
        customer = new_id()
        stamp = ts(created)
        add_customer(
            (
                customer,
                1,
                stamp,
                stamp,
                name,
                SEGMENT(rng),
                vip,
                country.locale,
                ctx.staff.stores[ci] if home >= 0 else None,
            )
        )
        first_phone = phone(rng, rng.choice(country.phones))
        add_phone((new_id(), customer, first_phone, "mobile", 0))
        if random_() < 0.25:
            add_phone((new_id(), customer, phone(rng, rng.choice(country.phones)), "home", 1))
        email = None
        if random_() < 0.92:
            suffix = str(rng.randrange(100)) if random_() < 0.6 else ""
            local = f"{pool.first_ascii[fi]}.{pool.last_ascii[li]}{suffix}"
            email = f"{local}@{rng.choice(country.mail_domains)}"
            add_email((new_id(), customer, email, 0))
            if random_() < 0.08:
                add_email((new_id(), customer, f"{local}@{_company(rng)}.example", 1))
        if random_() < 0.88:
            city, template = rng.choice(country.cities)
            line2 = rng.choice(LINE2[country.code]).format(n=rng.randint(1, 40))
            add_address(
                (
                    new_id(),
                    customer,
                    "shipping",
                    street_line(rng, country),
                    line2 if random_() < 0.3 else None,
                    city,
                    postal_code(rng, template),
                    country.code,
                    0,
                )
            )
            if random_() < 0.15:
                add_address(
                    (
                        new_id(),
                        customer,
                        "billing",
                        street_line(rng, country),
                        None,
                        city,
                        postal_code(rng, template),
                        country.code,
                        1,
                    )
                )
        index.ids.append(customer)
        index.country.append(ci)
        index.store.append(home)
        index.created.append(created)
        index.phone.append(first_phone)
        index.email.append(email)
        index.vip.append(vip)
        w.maybe_flush()
    w.close(customers, phones, emails, addresses)


def _company(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9)))
