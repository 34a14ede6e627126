"""/surveys/csat: the survey gateway's webhook (signed, no token)."""

from typing import Any

from fastapi import APIRouter

from desk_app.server.dependencies import AddressDep, SessionDep, SettingsDep
from desk_app.server.surveys.service import receive_score
from desk_app.server.telephony.router import DeskSignature, RawBody
from desk_app.server.telephony.schemas import WebhookResult

router = APIRouter(tags=["surveys"])
_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "unsigned, badly signed, or DESK_INTAKE_SECRET not set"},
    404: {"description": "no such interaction"},
}


@router.post("/surveys/csat", response_model=WebhookResult, responses=_RESPONSES)
def csat_score(
    body: RawBody,
    session: SessionDep,
    settings: SettingsDep,
    address: AddressDep,
    signature: DeskSignature = None,
) -> WebhookResult:
    """A customer's 1–5 score for an interaction, signed ``X-Desk-Signature: sha256=<hex>``.

    Body: ``{"interaction_id": ..., "score": 4}`` or ``{"channel": "chat",
    "external_id": ..., "score": 4}``; the last score received wins.
    """
    return receive_score(
        session, settings=settings, body=body, signature=signature, address=address
    )
