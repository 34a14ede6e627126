"""Server settings: one typed schema, every default in one place.

Values come from ``DESK_*`` environment variables, then from an optional TOML
file named by ``DESK_CONFIG_FILE``, then from the defaults below. A bad value
stops the server at start with one line naming the setting
(:func:`describe_error`).
"""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from desk_app.domain.tickets import BUILT_IN_DEPARTMENTS, departments
from desk_app.server.sla.settings import SlaSettings

APP_NAME = "desk"
_PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "password", "xxx"}


def default_database_url() -> str:
    """An SQLite file in the user's data directory: the embedded default."""
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{data_dir / 'server.sqlite3'}"


class Settings(BaseSettings):
    """Everything the server reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="DESK_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8400
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    token_lifetime_minutes: Annotated[int, Field(ge=1, le=60 * 24 * 30)] = 12 * 60
    max_body_bytes: Annotated[int, Field(ge=1024)] = 10 * 1024 * 1024
    login_window_seconds: Annotated[int, Field(ge=1)] = 15 * 60
    login_max_failures_per_account: Annotated[int, Field(ge=1)] = 5
    login_max_failures_per_address: Annotated[int, Field(ge=1)] = 30
    default_region: Annotated[str, Field(min_length=2, max_length=2)] = "US"
    company_name: Annotated[str, Field(min_length=1, max_length=120)] = "Northwind Goods"
    """What scripts and canned answers call the company (``{company.name}``)."""
    # department queues beyond the four built in (technical_support, logistics, billing,
    # marketing): tickets go to them, teams serve them, notes @mention them
    departments: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,29}$")]] = []
    twilio_auth_token: SecretStr | None = None
    cti_secret: SecretStr | None = None
    intake_secret: SecretStr | None = None  # chat and email gateways sign with this
    # the address the PBX calls us on (Twilio signs that URL, not the one behind a proxy)
    public_url: AnyHttpUrl | None = None
    telephony_adapter: Literal["simulator", "http"] = "simulator"
    telephony_connector_url: AnyHttpUrl | None = None  # where the http adapter posts commands
    # routing and presence
    router_enabled: bool = True  # the per-worker loop: expire offers, sweep presence, route
    router_interval_seconds: Annotated[float, Field(gt=0, le=60)] = 1.0
    offer_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 20.0
    heartbeat_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 15.0
    away_after_seconds: Annotated[float, Field(gt=0)] = 300.0
    not_ready_max_minutes: dict[str, Annotated[float, Field(gt=0)]] = Field(
        default_factory=lambda: {
            "break": 15.0,
            "lunch": 60.0,
            "training": 120.0,
            "meeting": 60.0,
            "recovery": 10.0,
            "missed_offer": 5.0,
        }
    )
    not_ready_warn_seconds: Annotated[float, Field(ge=0)] = 60.0
    capacity_voice: Annotated[int, Field(ge=0, le=10)] = 1
    capacity_chat: Annotated[int, Field(ge=0, le=20)] = 3
    capacity_email: Annotated[int, Field(ge=0, le=50)] = 5
    log_level: str = "info"
    events_poll_seconds: Annotated[float, Field(gt=0, le=300)] = 5.0
    sla: SlaSettings = Field(default_factory=SlaSettings)  # [sla] in the TOML file; see README

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be an sqlite:/// or postgresql+psycopg:// URL")
        return value

    @field_validator("departments")
    @classmethod
    def _new_departments(cls, value: list[str]) -> list[str]:
        again = sorted(set(value) & set(BUILT_IN_DEPARTMENTS))
        if again:
            raise ValueError(f"{', '.join(again)}: built in already; list only the others")
        return list(dict.fromkeys(value))

    @property
    def known_departments(self) -> tuple[str, ...]:
        return departments(self.departments)

    @field_validator("default_region")
    @classmethod
    def _upper_region(cls, value: str) -> str:
        return value.upper()

    @field_validator("twilio_auth_token", "cti_secret", "intake_secret")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().lower() in _PLACEHOLDER_SECRETS:
            raise ValueError("is a placeholder; set a real secret")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        import os

        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get("DESK_CONFIG_FILE")
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)


class ConfigurationError(Exception):
    """Raised with one human line when the settings cannot be used."""


def describe_error(error: ValidationError) -> str:
    """One line naming the first bad setting, as the operator would type it."""
    first = error.errors()[0]
    name = "DESK_" + str(first["loc"][0]).upper() if first["loc"] else "DESK_*"
    inside = ".".join(str(part) for part in first["loc"][1:])  # where in a nested table
    return f"bad configuration: {name}: {inside + ': ' if inside else ''}{first['msg']}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigurationError(describe_error(exc)) from exc
    except (OSError, ValueError) as exc:  # unreadable or malformed config file
        raise ConfigurationError(f"bad configuration: DESK_CONFIG_FILE: {exc}") from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()
