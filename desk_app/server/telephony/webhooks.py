"""Receiving a signed webhook: check the signature, refuse replays, apply it once.

The same functions serve the HTTP endpoints and the simulator adapter (which
plays the PBX's answers back through here), so both paths share every check.
An unset secret refuses everything: a webhook is never open.
"""

import hashlib
import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar
from urllib.parse import parse_qsl

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, SecretStr, ValidationError
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.core.problems import Forbidden, Problem
from desk_app.server.telephony.calls import CallEvent, apply_call_event
from desk_app.server.telephony.intake import gateway_channel, open_message
from desk_app.server.telephony.models import WebhookReceipt
from desk_app.server.telephony.schemas import (
    CallEventKind,
    CtiEvent,
    IntakeMessage,
    TwilioCall,
    TwilioStatus,
    WebhookOutcome,
    WebhookResult,
)
from desk_app.server.telephony.signatures import desk_valid, twilio_valid

_log = logging.getLogger(__name__)
_ATTEMPTS = 5  # a concurrent twin or a router holding the row: look again this often
_T = TypeVar("_T", bound=BaseModel)
_RINGING = frozenset({TwilioStatus.QUEUED, TwilioStatus.RINGING})
# Receipts older than this are purged now and then: a PBX retries within minutes,
# and a very late replay still finds its call known or over.
KEEP_RECEIPTS_FOR = timedelta(days=7)
_PURGE_CHANCE = 0.01


def _refuse(source: str, address: str, why: str) -> Forbidden:
    _log.warning("webhook: %s request from %s refused: %s", source, address, why)
    return Forbidden(why)


def _secret(source: str, address: str, secret: SecretStr | None, setting: str) -> str:
    if secret is None:
        raise _refuse(source, address, f"{setting} is not set: {source} requests are refused")
    return secret.get_secret_value()


def check_desk_signature(
    *,
    source: str,
    address: str,
    secret: SecretStr | None,
    setting: str,
    body: bytes,
    signature: str | None,
) -> str:
    """The signature, if it is ``sha256=<hex HMAC-SHA256 of body>`` under ``secret``; else 403."""
    key = _secret(source, address, secret, setting)
    if signature is None or not desk_valid(key, body, signature):
        raise _refuse(source, address, "missing or bad X-Desk-Signature")
    return signature


def _parse(schema: type[_T], data: bytes | dict[str, str]) -> _T:
    """Validate, turning errors into the API's usual 422 problem."""
    try:
        if isinstance(data, bytes):
            return schema.model_validate_json(data)
        return schema.model_validate(data)
    except ValidationError as exc:
        _log.warning("webhook: invalid %s refused: %s", schema.__name__, exc.errors()[0]["msg"])
        raise RequestValidationError(exc.errors()) from None


def receive_once(
    session: Session,
    *,
    source: str,
    signature: str,
    body: bytes,
    apply: Callable[[], WebhookResult],
) -> WebhookResult:
    """Run ``apply`` and commit it with a receipt of this exact request, unless received before.

    A concurrent twin (another worker creating the same call, a router holding
    the row) makes the commit fail; the whole request is then tried again and
    finds what the twin left.
    """
    digest = hashlib.sha256(signature.encode() + b"\n" + body).hexdigest()
    if random.random() < _PURGE_CHANCE:
        cutoff = utcnow() - KEEP_RECEIPTS_FOR
        session.execute(delete(WebhookReceipt).where(WebhookReceipt.received_at < cutoff))
    for _attempt in range(_ATTEMPTS):
        session.add(WebhookReceipt(source=source, digest=digest))
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            _log.warning("webhook: replayed %s request %s ignored", source, digest[:16])
            return WebhookResult(outcome=WebhookOutcome.REPLAY)
        try:
            result = apply()
            session.commit()
        except (IntegrityError, StaleDataError):
            session.rollback()
            _log.info("webhook: %s request raced a concurrent one; looking again", source)
            continue
        return result
    raise Problem(
        503,
        "the request collided with concurrent updates; send it again",
        headers={"Retry-After": "1"},
    )


def _cti_call_event(event: CtiEvent) -> CallEvent:
    return CallEvent(
        call_id=event.call_id,
        kind=event.event,
        caller=event.from_,
        called=event.to,
        extension=event.extension,
        skill=event.skill,
        priority=event.priority,
        target=event.target,
        at=event.at,
    )


def receive_cti(
    session: Session,
    *,
    settings: Settings,
    body: bytes,
    signature: str | None,
    secret: SecretStr | None,
    address: str,
) -> WebhookResult:
    """A generic CTI event, signed with ``secret`` (``DESK_CTI_SECRET`` on the endpoint)."""
    signed = check_desk_signature(
        source="cti",
        address=address,
        secret=secret,
        setting="DESK_CTI_SECRET",
        body=body,
        signature=signature,
    )
    event = _cti_call_event(_parse(CtiEvent, body))
    return receive_once(
        session,
        source="cti",
        signature=signed,
        body=body,
        apply=lambda: apply_call_event(session, event, settings=settings),
    )


def _twilio_call_event(call: TwilioCall) -> CallEvent:
    if call.CallStatus in _RINGING:
        kind = CallEventKind.RINGING
    elif call.CallStatus is TwilioStatus.IN_PROGRESS:
        kind = CallEventKind.ANSWERED
    else:  # completed, busy, failed, no-answer, canceled
        kind = CallEventKind.HUNG_UP
    return CallEvent(
        call_id=call.CallSid,
        kind=kind,
        caller=call.From,
        called=call.To or None,
        inbound=call.Direction == "inbound",
    )


def receive_twilio(
    session: Session,
    *,
    settings: Settings,
    url: str,
    body: bytes,
    signature: str | None,
    address: str,
) -> tuple[WebhookResult, TwilioCall]:
    """Twilio's voice webhook or status callback, signed over ``url`` and the form."""
    token = _secret("twilio", address, settings.twilio_auth_token, "DESK_TWILIO_AUTH_TOKEN")
    params = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    if signature is None or not twilio_valid(token, url, params, signature):
        raise _refuse("twilio", address, "missing or bad X-Twilio-Signature")
    call = _parse(TwilioCall, dict(params))
    event = _twilio_call_event(call)
    result = receive_once(
        session,
        source="twilio",
        signature=signature,
        body=body,
        apply=lambda: apply_call_event(session, event, settings=settings),
    )
    return result, call


def receive_intake(
    session: Session,
    *,
    settings: Settings,
    channel_name: str,
    body: bytes,
    signature: str | None,
    address: str,
) -> WebhookResult:
    """A chat or email from a gateway, signed with ``DESK_INTAKE_SECRET``."""
    signed = check_desk_signature(
        source="intake",
        address=address,
        secret=settings.intake_secret,
        setting="DESK_INTAKE_SECRET",
        body=body,
        signature=signature,
    )
    channel = gateway_channel(channel_name)
    message = _parse(IntakeMessage, body)
    return receive_once(
        session,
        source="intake",
        signature=signed,
        body=body,
        apply=lambda: open_message(session, channel, message, settings=settings),
    )
