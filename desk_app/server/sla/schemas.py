"""SLA pauses as the API takes them."""

from pydantic import Field

from desk_app.server.core.schemas import InputSchema

PENDING_CUSTOMER = "pending_customer"


class SlaPauseCreate(InputSchema):
    """Why the clock stops: usually ``pending_customer``, or a short free-text reason."""

    reason: str = Field(min_length=1, max_length=60, examples=[PENDING_CUSTOMER])
