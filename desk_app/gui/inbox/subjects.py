"""What a follow-up, mention or question is about, and how the desk names it and its people.

Everything is read from the local cache (and the user directory the desk
remembers), so a list reads the same offline; a record the desk does not
have is named by its kind alone, a person by their id until the directory
has them.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from desk_app.client.store import LocalStore
from desk_app.gui.notes.directory import UserDirectory


@dataclass(frozen=True)
class Subject:
    """The work in front of the rep: an interaction or a ticket, and its customer if known."""

    type: str  # "interaction" | "ticket"
    id: uuid.UUID
    customer_id: uuid.UUID | None = None
    record: dict[str, Any] | None = None


def as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return None if value in (None, "") else uuid.UUID(str(value))
    except ValueError:
        return None


def _tr(text: str) -> str:
    return QCoreApplication.translate("subjects", text)


def display_name(directory: UserDirectory, user_id: Any) -> str:
    """A colleague's display name from the remembered directory (until it comes: "A colleague")."""
    return directory.name_of(user_id) or _tr("A colleague")


def subject_label(store: LocalStore, subject_type: str, subject_id: Any) -> str:
    """``Ticket 1042 · Parcel lost``, ``Chat with Ada King``, ``Customer Ada King``."""
    record_id = as_uuid(subject_id)
    record = None if record_id is None else store.record(subject_type, record_id)
    if subject_type == "ticket":
        if record is None:
            return _tr("Ticket")
        number = record.get("number") or _tr("new")
        return _tr("Ticket {number} · {subject}").format(
            number=number, subject=record.get("subject") or ""
        )
    if subject_type == "interaction":
        channel = str((record or {}).get("channel"))
        work = {"voice": _tr("Call"), "chat": _tr("Chat"), "email": _tr("Email")}.get(
            channel, _tr("Interaction")
        )
        customer = _customer_name(store, (record or {}).get("customer_id"))
        return _tr("{work} with {name}").format(work=work, name=customer) if customer else work
    if subject_type == "customer":
        return _tr("Customer {name}").format(name=_customer_name(store, subject_id) or "")
    return subject_type.capitalize()


def _customer_name(store: LocalStore, customer_id: Any) -> str | None:
    record_id = as_uuid(customer_id)
    customer = None if record_id is None else store.record("customer", record_id)
    return None if customer is None else customer.get("name")
