"""Which cached customers a phone number belongs to, answered from an index.

A call's screen pop must not scan every cached customer's JSON: the numbers
of each customer as the window shows it (``cached_record.data``, local
changes included) are kept in ``phone_index``, rewritten in the same
transaction as the record. Server copies carry E.164 already; a customer made
on this desk may carry a number as typed, and only international numbers can
be read without the desk's region, so a national number made locally is
found once the server's E.164 copy arrives.
"""

import re
import uuid
from typing import Any

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.orm import Session

from desk_app.client.store.schema import CachedRecord, PhoneEntry
from desk_app.domain.phones import InvalidPhoneError, to_e164

CUSTOMER = "customer"
_NO_REGION = "ZZ"  # phonenumbers' "unknown region": only numbers with a country code parse
# Server copies are E.164 already: taking them as they are keeps a backfill of
# 100,000 customers to a second rather than the several a full parse costs.
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")


def _e164(raw: str) -> str | None:
    if _E164.fullmatch(raw):
        return raw
    try:
        return to_e164(raw, region=_NO_REGION)
    except InvalidPhoneError:
        return None


def numbers_of(data: dict[str, Any]) -> set[str]:
    """The E.164 numbers of a customer record (phones as ``{"number": …}`` or plain strings)."""
    found = set()
    for phone in data.get("phones") or []:
        raw = phone.get("number") if isinstance(phone, dict) else phone
        if isinstance(raw, str) and (number := _e164(raw)) is not None:
            found.add(number)
    return found


def reindex(
    session: Session, entity: str, record_id: uuid.UUID, data: dict[str, Any] | None
) -> None:
    """Make the index match a record's new ``data`` (``None``: the record is gone)."""
    if entity != CUSTOMER:
        return
    session.execute(delete(PhoneEntry).where(PhoneEntry.customer_id == record_id))
    numbers = numbers_of(data) if data is not None else set()
    if numbers:
        session.execute(
            insert(PhoneEntry), [{"e164": n, "customer_id": record_id} for n in sorted(numbers)]
        )


def customers_with(session: Session, number: str) -> list[dict[str, Any]]:
    """The cached customers with ``number`` (oldest first; ids are time-ordered)."""
    e164 = _e164(number)
    if e164 is None:
        return []
    statement = (
        select(CachedRecord.data)
        .join(
            PhoneEntry,
            and_(CachedRecord.entity == CUSTOMER, CachedRecord.id == PhoneEntry.customer_id),
        )
        .where(PhoneEntry.e164 == e164)
        .order_by(PhoneEntry.customer_id)
    )
    return list(session.scalars(statement))
