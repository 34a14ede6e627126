"""A survey score as the gateway sends it."""

import uuid
from typing import Self

from pydantic import Field, model_validator

from desk_app.domain.enums import Channel
from desk_app.server.core.schemas import InputSchema


class CsatScore(InputSchema):
    """One customer's 1–5 score for one interaction, named by id or by the gateway's own id."""

    interaction_id: uuid.UUID | None = None
    channel: Channel | None = None
    external_id: str | None = Field(default=None, min_length=1, max_length=100)
    score: int = Field(ge=1, le=5)

    @model_validator(mode="after")
    def _names_the_interaction(self) -> Self:
        if self.interaction_id is None and (self.channel is None or self.external_id is None):
            raise ValueError("name the interaction_id, or the channel and external_id")
        return self
