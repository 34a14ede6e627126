"""Ending an offer that was not taken: the interaction goes back to the queue."""

from datetime import datetime

from desk_app.domain.enums import InteractionStatus, OfferOutcome
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.models import Offer


def hand_back(offer: Offer, interaction: Interaction, outcome: OfferOutcome, now: datetime) -> None:
    """Close ``offer`` as ``outcome`` and return its interaction to the queue, unassigned.

    ``answered_at`` is when the offer ended, however it ended, so the offer's
    pending stretch is [offered_at, answered_at). An interaction that has
    moved on meanwhile (a caller who hung up is abandoned) keeps its status.
    """
    offer.outcome = outcome
    offer.answered_at = now
    interaction.offer_expires_at = None
    if interaction.status is InteractionStatus.OFFERED and (
        interaction.assigned_agent_id == offer.agent_id
    ):
        interaction.status = InteractionStatus.QUEUED
        interaction.assigned_agent_id = None
