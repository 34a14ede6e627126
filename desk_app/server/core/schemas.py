"""Base classes for API schemas: inputs refuse unknown fields, outputs read ORM rows."""

from pydantic import BaseModel, ConfigDict, Field


class InputSchema(BaseModel):
    """A request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class VersionedUpdate(InputSchema):
    """A partial update that names the version it edits."""

    version: int = Field(ge=1, description="the version of the record this edit was made on")


class ReadSchema(BaseModel):
    """A response body built from an ORM row."""

    model_config = ConfigDict(from_attributes=True)
