"""Card numbers never reach storage in the clear."""

import pytest

from desk_app.domain.pan import luhn_valid, mask_pans


def test_luhn_valid_card_numbers_are_masked_to_last_four() -> None:
    text = "card 4111 1111 1111 1111 exp 12/29, also 5500-0000-0000-0004"
    assert mask_pans(text) == "card •••• 1111 exp 12/29, also •••• 0004"


def test_other_long_numbers_are_left_alone() -> None:
    text = "order O-1000001, tracking 1234567890123 (not Luhn), phone +12025550143"
    assert not luhn_valid("1234567890123")
    assert mask_pans(text) == text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("4111111111111111", "•••• 1111"),  # Visa, digits only
        ("4111-1111-1111-1111", "•••• 1111"),  # dashes
        ("4111 1111 1111 1111", "•••• 1111"),  # spaces
        ("378282246310005", "•••• 0005"),  # Amex, 15 digits
        ("3782 822463 10005", "•••• 0005"),  # Amex as printed (4-6-5)
        ("6011 0009 9013 9424", "•••• 9424"),  # Discover
        ("4222222222222", "•••• 2222"),  # 13 digits, the shortest
        ("6304 0000 0000 0000 018", "•••• 0018"),  # 19 digits, the longest
        ("paid with4111111111111111.", "paid with•••• 1111."),  # glued to words
    ],
)
def test_every_card_format_keeps_only_its_last_four_digits(typed: str, stored: str) -> None:
    assert mask_pans(typed) == stored


@pytest.mark.parametrize(
    "text",
    [
        "order 1000000000001234",  # 16 digits, not Luhn-valid: an order number stays
        "4111 1111 1111 1112",  # one digit off a card: not a card
        "411111111111",  # 12 digits: too short for a card
        "41111111111111111111",  # 20 digits: too long for a card
        "invoice INV-2026-000123, ref 2026 1124 0000",
    ],
)
def test_numbers_that_are_not_cards_are_never_masked(text: str) -> None:
    assert mask_pans(text) == text
