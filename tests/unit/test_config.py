"""Settings: environment first, then an optional TOML file; bad values named in one line."""

from pathlib import Path

import pytest

from desk_app.server.core.config import ConfigurationError, load_settings


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_WORKERS", "4")
    monkeypatch.setenv("DESK_DATABASE_URL", "postgresql+psycopg://u@db/desk")
    settings = load_settings()
    assert settings.workers == 4
    assert settings.database_url == "postgresql+psycopg://u@db/desk"


def test_default_database_is_sqlite_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DESK_DATABASE_URL", raising=False)
    assert load_settings().database_url.startswith("sqlite:///")


def test_config_file_fills_what_the_environment_leaves(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "desk.toml"
    config.write_text("port = 9001\ntoken_lifetime_minutes = 30\n")
    monkeypatch.setenv("DESK_CONFIG_FILE", str(config))
    monkeypatch.setenv("DESK_PORT", "9002")
    settings = load_settings()
    assert settings.port == 9002
    assert settings.token_lifetime_minutes == 30


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DESK_WORKERS", "many"),
        ("DESK_PORT", "70000"),
        ("DESK_DATABASE_URL", "mysql://x"),
        ("DESK_CTI_SECRET", "changeme"),
    ],
)
def test_bad_value_fails_with_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    message = str(caught.value)
    assert name in message
    assert "\n" not in message


def test_unreadable_config_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("port = = 1")
    monkeypatch.setenv("DESK_CONFIG_FILE", str(broken))
    with pytest.raises(ConfigurationError, match="DESK_CONFIG_FILE"):
        load_settings()
