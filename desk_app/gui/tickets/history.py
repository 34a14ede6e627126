"""A ticket's history as the rep reads it: events, hand-offs with their context, internal notes.

Built as HTML for a read-only text browser, every text from a record
escaped. Each escalation shows its hand-off's three parts and what the
server attached from the interaction (the script path, the answers given,
the disposition); the ``escalated`` events themselves are left out, the
escalations say more.
"""

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from desk_app.domain.enums import TicketEventKind
from desk_app.gui.customer.display import moment
from desk_app.gui.tickets.display import department_name, status_name

Names = Callable[[Any], str | None]
Entry = tuple[str, str]  # (ISO time, HTML)


def _tr(text: str) -> str:
    return QCoreApplication.translate("TicketHistory", text)


def _e(value: Any) -> str:
    return html.escape(str(value if value is not None else ""))


def _who(names: Names, user_id: Any) -> str:
    if user_id is None:
        return _tr("the desk")
    return names(user_id) or _tr("a colleague")


def _event(event: dict[str, Any], names: Names) -> str | None:
    kind = event.get("kind")
    detail = event.get("detail") or {}
    if kind == TicketEventKind.CREATED:
        return _tr("Created")
    if kind == TicketEventKind.STATUS:
        return _tr("Status {old} → {new}").format(
            old=_e(status_name(detail.get("from"))), new=_e(status_name(detail.get("to")))
        )
    if kind == TicketEventKind.ASSIGNED:
        owner = detail.get("to")
        whom = _e(names(owner) or _tr("a colleague")) if owner else _tr("the team's queue")
        return _tr("Assigned to {whom}").format(whom=whom)
    if kind == TicketEventKind.SLA_PAUSED:
        return _tr("SLA clocks paused (pending customer)")
    if kind == TicketEventKind.SLA_RESUMED:
        minutes = int(detail.get("paused_seconds") or 0) // 60
        return _tr("SLA clocks running again after {minutes} min").format(minutes=minutes)
    if kind == TicketEventKind.CHECKLIST:
        mark = "☑" if detail.get("done") else "☐"
        item = detail.get("text") or detail.get("item")
        return _tr("Checklist {mark} {item}").format(mark=mark, item=_e(item))
    if kind == TicketEventKind.LINKED:
        if detail.get("interaction_id"):
            return _tr("Linked to an interaction")
        return _tr("Linked to an order")
    if kind == TicketEventKind.FIRST_RESPONSE:
        return _tr("First response given")
    return None  # escalations are shown from the escalation records


def _context(context: dict[str, Any]) -> str:
    rows = []
    path = context.get("script_path") or []
    if path:
        rows.append(_tr("Script path: {path}").format(path=_e(" → ".join(map(str, path)))))
    answers = context.get("answers") or []
    if answers:
        said = "; ".join(
            f"{_e(a.get('step'))}: {_e(a.get('choice') if a.get('choice') is not None else '')}"
            + (" ✓" if a.get("checked") else "")
            for a in answers
        )
        rows.append(_tr("Answers: {answers}").format(answers=said))
    if context.get("disposition"):
        rows.append(_tr("Disposition: {code}").format(code=_e(context["disposition"])))
    return "".join(f"<div style='color:#555'>{row}</div>" for row in rows)


def _escalation(escalation: dict[str, Any], names: Names, by: str) -> str:
    moves = []
    if escalation.get("to_department") != escalation.get("from_department"):
        moves.append(
            f"{_e(department_name(escalation.get('from_department')))} → "
            f"{_e(department_name(escalation.get('to_department')))}"
        )
    if escalation.get("to_tier") and escalation.get("to_tier") != escalation.get("from_tier"):
        moves.append(
            _tr("tier {old} → {new}").format(
                old=_e(escalation.get("from_tier") or 1), new=_e(escalation.get("to_tier"))
            )
        )
    owner = escalation.get("to_owner_id")
    to = _e(names(owner) or _tr("a colleague")) if owner else _tr("the receiving queue")
    parts = (
        (_tr("Tried"), escalation.get("tried")),
        (_tr("Customer told"), escalation.get("told")),
        (_tr("Expected"), escalation.get("expected")),
    )
    body = "".join(f"<div><b>{label}:</b> {_e(text)}</div>" for label, text in parts if text)
    if not body and escalation.get("note"):
        body = f"<div>{_e(escalation['note'])}</div>"
    return (
        f"<b>{_tr('Escalated')}</b> {', '.join(moves)} — {_tr('to')} {to} <i>· {by}</i>"
        f"<div style='margin-left:12px'>{body}{_context(escalation.get('context') or {})}</div>"
    )


def history_html(record: dict[str, Any], notes: list[dict[str, Any]], names: Names) -> str:
    """The whole timeline, oldest first."""
    entries: list[Entry] = []
    for event in record.get("history") or []:
        text = _event(event, names)
        if text is not None:
            by = _e(_who(names, event.get("by_id")))
            entries.append((str(event.get("at") or ""), f"{text} <i>· {by}</i>"))
    for escalation in record.get("escalations") or []:
        by = _e(_who(names, escalation.get("by_id")))
        entries.append((str(escalation.get("at") or ""), _escalation(escalation, names, by)))
    for note in notes:
        by = _e(_who(names, note.get("author_id")))
        entries.append(
            (
                str(note.get("created_at") or ""),
                f"<b>{_tr('Internal note')}</b> <i>· {by}</i><div style='margin-left:12px'>"
                f"{_e(note.get('body'))}</div>",
            )
        )
    rows = [
        f"<tr><td style='color:#555; padding-right:8px' valign='top' nowrap>{_e(moment(at))}</td>"
        f"<td style='padding-bottom:6px'>{text}</td></tr>"
        for at, text in sorted(entries, key=lambda entry: entry[0])
    ]
    if not rows:
        return f"<p style='color:#555'>{_tr('Nothing has happened to this ticket yet.')}</p>"
    return "<table cellspacing='0'>" + "".join(rows) + "</table>"
