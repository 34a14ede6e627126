"""Recording a survey score on its interaction (the last score received wins)."""

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.server.core.config import Settings
from desk_app.server.core.problems import NotFound
from desk_app.server.interactions.models import Interaction
from desk_app.server.surveys.schemas import CsatScore
from desk_app.server.telephony.schemas import WebhookOutcome, WebhookResult
from desk_app.server.telephony.webhooks import check_desk_signature, receive_once


def _interaction(session: Session, score: CsatScore) -> Interaction:
    if score.interaction_id is not None:
        found = session.get(Interaction, score.interaction_id)
    else:
        found = session.scalar(
            select(Interaction).where(
                Interaction.channel == score.channel, Interaction.external_id == score.external_id
            )
        )
    if found is None:
        raise NotFound("interaction")
    return found


def _apply(session: Session, score: CsatScore) -> WebhookResult:
    interaction = _interaction(session, score)
    interaction.satisfaction = score.score
    return WebhookResult(outcome=WebhookOutcome.UPDATED, interaction_id=interaction.id)


def receive_score(
    session: Session, *, settings: Settings, body: bytes, signature: str | None, address: str
) -> WebhookResult:
    """A score from the survey gateway, signed like intake (``DESK_INTAKE_SECRET``).

    A replay of the very same signed request is ignored, so an old score sent
    again cannot overwrite a newer one.
    """
    signed = check_desk_signature(
        source="csat",
        address=address,
        secret=settings.intake_secret,
        setting="DESK_INTAKE_SECRET",
        body=body,
        signature=signature,
    )
    try:
        score = CsatScore.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    return receive_once(
        session, source="csat", signature=signed, body=body, apply=lambda: _apply(session, score)
    )
