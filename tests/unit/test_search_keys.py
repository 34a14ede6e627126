"""The keys a customer is indexed under, and the prefix ranges the look-up reads them by."""

import pytest

from desk_app.domain.lookup import MatchField, document_key, parse_query
from desk_app.server.customers.search_keys import (
    email_words,
    key_rows,
    name_key,
    prefix_end,
)


def test_names_and_addresses_fold_to_words() -> None:
    assert name_key("Zoë  Ångström-Smith") == ("zoe angstrom smith", 3)
    assert name_key("—") == ("", 0)
    assert email_words(["Ada.Lovelace@Example.com", "ada@analytical.example"]) == (
        "ada lovelace example com analytical"
    )


def test_documents_are_keyed_from_their_first_digit() -> None:
    assert document_key("INV-100 7") == ("1007", "inv")
    assert document_key("O-1000123") == ("1000123", "o")
    assert document_key("2024-07") == ("202407", "")
    assert document_key("N/A") is None


def test_each_key_of_a_customer_once() -> None:
    rows = list(
        key_rows(
            phones=["+442079460958", "+442079460958"],
            emails=["Ada@Example.com"],
            orders=["O-1", "o1"],
            invoices=["INV-1"],
        )
    )
    assert rows == [
        (MatchField.PHONE, "442079460958", "", "+442079460958"),
        (MatchField.PHONE, "2079460958", "", "+442079460958"),
        (MatchField.EMAIL, "ada@example.com", "", "Ada@Example.com"),
        (MatchField.ORDER, "1", "o", "O-1"),
        (MatchField.INVOICE, "1", "inv", "INV-1"),
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(555) 010-2030", "+15550102030"),
        ("+1 555 010 2030", "+15550102030"),
        ("0044 20 7946 0958", "+442079460958"),
        ("020 7946", "+442079460958"),
        ("555-01", "+15550102030"),
    ],
)
def test_a_typed_number_is_a_prefix_of_a_key_of_the_stored_one(typed: str, stored: str) -> None:
    region = "GB" if typed.startswith("020") else "US"
    phone = parse_query(typed, region=region).phone
    keys = [key for _, key, _, _ in key_rows(phones=[stored])]
    assert phone is not None
    assert any(key.startswith(phone) for key in keys)


@pytest.mark.parametrize(
    ("prefix", "end"),
    [
        ("555", "556"),
        ("ab9", "ab:"),
        ("a\ud7ff", "a\ue000"),  # past the surrogates, which are no characters
        ("a\U0010ffff", "b"),
        ("\U0010ffff", None),
    ],
)
def test_a_prefix_range_ends_at_the_next_string_up(prefix: str, end: str | None) -> None:
    assert prefix_end(prefix) == end
    if end is not None:
        assert prefix < prefix + "\U0010ffff" < end
