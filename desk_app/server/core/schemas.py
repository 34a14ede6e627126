"""Base classes for API schemas: inputs refuse unknown fields, outputs read ORM rows."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class InputSchema(BaseModel):
    """A request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class VersionedUpdate(InputSchema):
    """A partial update that names the version it edits."""

    version: int = Field(ge=1, description="the version of the record this edit was made on")


class ReadSchema(BaseModel):
    """A response body built from an ORM row."""

    model_config = ConfigDict(from_attributes=True)


def _reject_null(value: object) -> object:
    if value is None:
        raise ValueError("may be left out but not set to null")
    return value


def not_null(*fields: str) -> Any:
    """A validator for partial updates: these fields may be left out, but not set to null.

    Use as ``_not_null = not_null("title", "body")`` in the schema's body.
    """
    return field_validator(*fields)(_reject_null)
