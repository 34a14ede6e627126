"""Customers as the API takes and shows them."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, EmailStr, Field, field_validator

from desk_app.domain.enums import Channel, Segment
from desk_app.server.core.schemas import InputSchema, ReadSchema, VersionedUpdate, not_null

Name = Annotated[str, Field(min_length=1, max_length=200)]


class PhoneIn(InputSchema):
    number: str = Field(min_length=3, max_length=40)
    label: str = Field(default="mobile", max_length=20)


class AddressIn(InputSchema):
    kind: str = Field(default="shipping", max_length=20)
    line1: str = Field(min_length=1, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    city: str = Field(min_length=1, max_length=120)
    postal_code: str = Field(min_length=1, max_length=20)
    country: str = Field(min_length=2, max_length=2)

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


def _phones(value: list[str | PhoneIn] | None) -> list[PhoneIn] | None:
    if value is None:
        return None
    return [PhoneIn(number=item) if isinstance(item, str) else item for item in value]


class CustomerCreate(InputSchema):
    """A new customer; phones in any common format, stored as E.164."""

    id: uuid.UUID | None = Field(default=None, description="set by a desk that created it offline")
    name: Name
    phones: list[str | PhoneIn] = Field(default_factory=list, max_length=10)
    emails: list[EmailStr] = Field(default_factory=list, max_length=10)
    addresses: list[AddressIn] = Field(default_factory=list, max_length=10)
    segment: Segment = Segment.CONSUMER
    vip: bool = False
    locale: str = Field(default="en_US", max_length=10)
    preferred_channel: Channel | None = None
    store_id: uuid.UUID | None = None

    @field_validator("phones")
    @classmethod
    def _phone_objects(cls, value: list[str | PhoneIn]) -> list[PhoneIn]:
        return _phones(value) or []


class CustomerUpdate(VersionedUpdate):
    """Fields to change; a list given replaces the whole list."""

    name: Name | None = None
    phones: list[str | PhoneIn] | None = Field(default=None, max_length=10)
    emails: list[EmailStr] | None = Field(default=None, max_length=10)
    addresses: list[AddressIn] | None = Field(default=None, max_length=10)
    segment: Segment | None = None
    vip: bool | None = None
    locale: str | None = Field(default=None, max_length=10)
    preferred_channel: Channel | None = Field(default=None, description="null clears it")

    _not_null = not_null("name", "phones", "emails", "addresses", "segment", "vip", "locale")

    @field_validator("phones")
    @classmethod
    def _phone_objects(cls, value: list[str | PhoneIn] | None) -> list[PhoneIn] | None:
        return _phones(value)


class PhoneRead(BaseModel):
    model_config = {"from_attributes": True}

    number: str = Field(validation_alias=AliasChoices("e164", "number"))
    label: str
    do_not_contact: bool = False  # the customer asked not to be called on this number


class AddressRead(ReadSchema):
    kind: str
    line1: str
    line2: str | None
    city: str
    postal_code: str
    country: str


class CustomerRead(ReadSchema):
    id: uuid.UUID
    name: str
    segment: Segment
    vip: bool
    locale: str
    preferred_channel: Channel | None
    store_id: uuid.UUID | None
    phones: list[PhoneRead]
    emails: list[str]
    addresses: list[AddressRead]
    version: int
    created_at: datetime
    updated_at: datetime

    @field_validator("emails", mode="before")
    @classmethod
    def _email_strings(cls, value: list[Any]) -> list[str]:
        return [item if isinstance(item, str) else item.email for item in value]
