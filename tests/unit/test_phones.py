"""Phone numbers typed in any common format become E.164."""

import pytest

from desk_app.domain.phones import InvalidPhoneError, to_e164


@pytest.mark.parametrize(
    ("typed", "region", "expected"),
    [
        ("(202) 555-0143", "US", "+12025550143"),
        ("+1 202 555 0143", "GB", "+12025550143"),
        ("0044 20 7946 0958", "US", "+442079460958"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("030 901820", "DE", "+4930901820"),
        ("  +33 6 12 34 56 78 ", "US", "+33612345678"),
    ],
)
def test_any_common_format_normalises_to_e164(typed: str, region: str, expected: str) -> None:
    assert to_e164(typed, region=region) == expected


@pytest.mark.parametrize("typed", ["", "hello", "12", "+999 1234"])
def test_non_numbers_raise_a_clear_error(typed: str) -> None:
    with pytest.raises(InvalidPhoneError, match="phone number"):
        to_e164(typed, region="US")
