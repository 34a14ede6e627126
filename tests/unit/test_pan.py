"""Card numbers never reach storage in the clear."""

from desk_app.domain.pan import luhn_valid, mask_pans


def test_luhn_valid_card_numbers_are_masked_to_last_four() -> None:
    text = "card 4111 1111 1111 1111 exp 12/29, also 5500-0000-0000-0004"
    assert mask_pans(text) == "card •••• 1111 exp 12/29, also •••• 0004"


def test_other_long_numbers_are_left_alone() -> None:
    text = "order O-1000001, tracking 1234567890123 (not Luhn), phone +12025550143"
    assert not luhn_valid("1234567890123")
    assert mask_pans(text) == text
