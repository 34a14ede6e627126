"""Telephony routes: the PBX and gateway webhooks (signed, no token), call control and dialling."""

import logging
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response, status

from desk_app.server.core.config import Settings
from desk_app.server.dependencies import AddressDep, CurrentUser, SessionDep, SettingsDep
from desk_app.server.interactions import service as interactions
from desk_app.server.interactions.models import Interaction
from desk_app.server.interactions.schemas import InteractionRead
from desk_app.server.routing.router import route
from desk_app.server.telephony import control, webhooks
from desk_app.server.telephony.models import CallCommand
from desk_app.server.telephony.schemas import (
    CallCommandRead,
    CallControl,
    DialRequest,
    TwilioStatus,
    WebhookOutcome,
    WebhookResult,
)

router = APIRouter(tags=["telephony"])
_log = logging.getLogger(__name__)

TWILIO_QUEUE = "desk"
_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_ENQUEUE = f"{_XML}<Response><Enqueue>{TWILIO_QUEUE}</Enqueue></Response>"
_NOTHING = f"{_XML}<Response/>"
_SIGNED: dict[int | str, dict[str, Any]] = {
    403: {"description": "unsigned, badly signed, or no secret configured"}
}


async def _raw_body(request: Request) -> bytes:
    """The body exactly as signed (the endpoints themselves run on the thread pool)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]
DeskSignature = Annotated[str | None, Header(alias="X-Desk-Signature")]


def _route_new(request: Request, settings: Settings, result: WebhookResult) -> None:
    """Offer a newly queued interaction at once; the router's own loop retries if this fails."""
    if result.outcome is not WebhookOutcome.QUEUED:
        return
    try:
        route(request.app.state.session_factory, settings)
    except Exception:
        _log.exception("routing right after intake failed; the router loop will offer it")


def _signed_url(request: Request, settings: Settings) -> str:
    """The URL Twilio signed: ``DESK_PUBLIC_URL`` (behind a proxy) with our path, else ours."""
    if settings.public_url is None:
        return str(request.url)
    query = f"?{request.url.query}" if request.url.query else ""
    return str(settings.public_url).rstrip("/") + request.url.path + query


@router.post(
    "/telephony/twilio/voice",
    response_class=Response,
    responses={200: {"content": {"text/xml": {}}, "description": "TwiML"}, **_SIGNED},
)
def twilio_voice(
    request: Request,
    body: RawBody,
    session: SessionDep,
    settings: SettingsDep,
    address: AddressDep,
    signature: Annotated[str | None, Header(alias="X-Twilio-Signature")] = None,
) -> Response:
    """Twilio's voice webhook and status callbacks: a ringing call is queued and enqueued."""
    result, call = webhooks.receive_twilio(
        session,
        settings=settings,
        url=_signed_url(request, settings),
        body=body,
        signature=signature,
        address=address,
    )
    _route_new(request, settings, result)
    ringing = call.CallStatus in (TwilioStatus.RINGING, TwilioStatus.QUEUED)
    waits = ringing and result.outcome is not WebhookOutcome.IGNORED
    return Response(_ENQUEUE if waits else _NOTHING, media_type="text/xml")


@router.post("/telephony/events", response_model=WebhookResult, responses=_SIGNED)
def cti_event(
    request: Request,
    body: RawBody,
    session: SessionDep,
    settings: SettingsDep,
    address: AddressDep,
    signature: DeskSignature = None,
) -> WebhookResult:
    """A generic PBX call event, signed ``X-Desk-Signature: sha256=<hex>`` (``DESK_CTI_SECRET``)."""
    result = webhooks.receive_cti(
        session,
        settings=settings,
        body=body,
        signature=signature,
        secret=settings.cti_secret,
        address=address,
    )
    _route_new(request, settings, result)
    return result


@router.post("/intake/{channel}", response_model=WebhookResult, responses=_SIGNED)
def intake(
    channel: str,
    request: Request,
    body: RawBody,
    session: SessionDep,
    settings: SettingsDep,
    address: AddressDep,
    signature: DeskSignature = None,
) -> WebhookResult:
    """A chat or email from its gateway (``chat`` or ``email``), signed (``DESK_INTAKE_SECRET``)."""
    result = webhooks.receive_intake(
        session,
        settings=settings,
        channel_name=channel,
        body=body,
        signature=signature,
        address=address,
    )
    _route_new(request, settings, result)
    return result


@router.post(
    "/interactions/{interaction_id}/call",
    response_model=CallCommandRead,
    status_code=status.HTTP_202_ACCEPTED,
    responses={502: {"description": "the telephony system refused; the detail says why"}},
)
def call_control(
    interaction_id: uuid.UUID,
    body: CallControl,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    address: AddressDep,
) -> CallCommand:
    """Hold, resume, mute, transfer, conference or hang up; the PBX's events then move the call."""
    interaction = interactions.get(session=session, user=user, interaction_id=interaction_id)
    return control.command(
        session, user=user, interaction=interaction, data=body, settings=settings, address=address
    )


@router.post(
    "/calls/dial",
    response_model=InteractionRead,
    status_code=status.HTTP_201_CREATED,
    responses={502: {"description": "the telephony system refused; the detail says why"}},
)
def dial(
    body: DialRequest, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Interaction:
    """Click-to-dial: an outbound call, assigned to the caller and active."""
    return control.dial(session, user=user, data=body, settings=settings)
