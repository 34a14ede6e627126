"""Ending an offer that was not taken: the interaction goes back to the queue."""

from datetime import datetime

from desk_app.domain.enums import Direction, InteractionStatus, OfferOutcome
from desk_app.server.interactions.models import Interaction
from desk_app.server.routing.models import Offer

_NOT_TAKEN = frozenset({OfferOutcome.DECLINED, OfferOutcome.MISSED})


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
        if (
            outcome in _NOT_TAKEN
            and interaction.direction is Direction.OUTBOUND
            and interaction.requested_agent_id == offer.agent_id
        ):
            # a due callback its owner declined or missed: anyone of the team may make it
            interaction.requested_agent_id = None
