"""The [sla] table of the TOML config file: overrides over the defaults, bad values in one line."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.domain.enums import Channel, Priority
from desk_app.domain.sla import SlaPolicy, Targets, due_at
from desk_app.server.core.config import ConfigurationError, load_settings

CONFIG = """
[sla.calendars.business]
timezone = "Europe/London"
holidays = [2025-12-25, 2025-12-26]

[sla.calendars.business.hours]
mon = "09:00-17:00"
tue = "09:00-17:00"
wed = "09:00-17:00"
thu = "09:00-17:00"
fri = "09:00-13:00"

[sla.calendars.weekend_desk]
timezone = "America/New_York"
hours = { sat = "10:00-16:00", sun = "24h" }

[sla.channels]
chat = "business"

[sla.targets.voice.urgent]
first_response = 10

[sla.targets.email.normal]
first_response = "PT2H"
resolution = "16:00:00"
"""


def _load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> SlaPolicy:
    config = tmp_path / "desk.toml"
    config.write_text(text)
    monkeypatch.setenv("DESK_CONFIG_FILE", str(config))
    return load_settings().sla.policy


def test_without_a_config_file_the_default_policy_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DESK_CONFIG_FILE", raising=False)
    policy = load_settings().sla.policy
    assert policy == SlaPolicy()
    assert policy.targets_for(Channel.VOICE, Priority.URGENT).first_response == timedelta(
        seconds=20
    )


def test_the_config_file_replaces_what_it_names_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    policy = _load(monkeypatch, tmp_path, CONFIG)
    assert policy.targets_for(Channel.VOICE, Priority.URGENT) == Targets(timedelta(seconds=10))
    assert policy.targets_for(Channel.VOICE, Priority.NORMAL) == Targets(timedelta(seconds=60))
    assert policy.targets_for(Channel.EMAIL, Priority.NORMAL) == Targets(
        timedelta(hours=2), timedelta(hours=16)
    )
    business = policy.calendar_for(Channel.CHAT)
    assert business is policy.calendar_for(Channel.EMAIL)
    assert str(business.timezone) == "Europe/London"
    assert date(2025, 12, 25) in business.holidays
    assert policy.calendar_for(Channel.VOICE) == SlaPolicy().calendar_for(Channel.VOICE)
    weekend = policy.calendars["weekend_desk"]
    assert weekend.hours[0] == ()
    assert weekend.hours[6] == ((timedelta(0), timedelta(days=1)),)


def test_the_configured_calendar_sets_the_due_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    policy = _load(monkeypatch, tmp_path, CONFIG)
    # Wednesday 24 December 2025, 16:00 in London (GMT): one hour left, then two holidays
    # and a weekend; the email is due Monday at 10:00.
    asked = datetime(2025, 12, 24, 16, tzinfo=UTC)
    due = due_at(policy, Channel.EMAIL, Priority.NORMAL, asked)
    assert due == datetime(2025, 12, 29, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "where", "complaint"),
    [
        (
            '[sla.calendars.business]\ntimezone = "Mars/Olympus"',
            "calendars.business.timezone",
            "unknown timezone",
        ),
        (
            '[sla.calendars.night]\nhours = { mon = "18:00-08:00" }',
            "calendars.night.hours",
            "closes before it opens",
        ),
        (
            '[sla.calendars.x]\nhours = { monday = "08:00-18:00" }',
            "calendars.x.hours.monday",
            "'mon'",
        ),
        ('[sla.calendars.x]\nhours = { mon = "closed" }', "calendars.x.hours", "never open"),
        ('[sla.channels]\nvoice = "night"', "", "no calendar named 'night'"),
        ('[sla.channels]\nfax = "24x7"', "channels.fax", "'walk_in'"),
        (
            "[sla.targets.voice.urgent]\nfirst_response = -5",
            "targets.voice.urgent",
            "greater than 0",
        ),
        (
            '[sla.targets.voice.urgent]\nfirst_response = "soon"',
            "targets.voice.urgent",
            "timedelta",
        ),
        ("[sla.targets.voice.urgent]\nanswer = 20", "targets.voice.urgent.answer", "Extra inputs"),
    ],
)
def test_a_bad_sla_value_fails_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, where: str, complaint: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _load(monkeypatch, tmp_path, text)
    message = str(caught.value)
    assert message.startswith("bad configuration: DESK_SLA: ")
    assert where in message
    assert complaint in message
    assert "\n" not in message
