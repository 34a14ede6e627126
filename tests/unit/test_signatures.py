"""Webhook signatures: Twilio's documented example, and Desk's HMAC-SHA256 header."""

import pytest

from desk_app.server.telephony.signatures import (
    desk_signature,
    desk_valid,
    twilio_signature,
    twilio_valid,
)

# The example in Twilio's security documentation ("Validating Signatures from Twilio").
TWILIO_TOKEN = "12345"
TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
TWILIO_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}
TWILIO_EXPECTED = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_twilio_documented_example() -> None:
    assert twilio_signature(TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS.items()) == TWILIO_EXPECTED
    assert twilio_valid(TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS.items(), TWILIO_EXPECTED)


def test_twilio_parameters_are_sorted_whatever_order_they_come_in() -> None:
    shuffled = list(reversed(TWILIO_PARAMS.items()))
    assert twilio_signature(TWILIO_TOKEN, TWILIO_URL, shuffled) == TWILIO_EXPECTED


@pytest.mark.parametrize(
    ("token", "url", "params", "signature"),
    [
        ("54321", TWILIO_URL, TWILIO_PARAMS, TWILIO_EXPECTED),
        (TWILIO_TOKEN, TWILIO_URL.replace("https", "http"), TWILIO_PARAMS, TWILIO_EXPECTED),
        (TWILIO_TOKEN, TWILIO_URL, {**TWILIO_PARAMS, "Digits": "9999"}, TWILIO_EXPECTED),
        (TWILIO_TOKEN, TWILIO_URL, {**TWILIO_PARAMS, "Extra": "1"}, TWILIO_EXPECTED),
        (TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS, None),
        (TWILIO_TOKEN, TWILIO_URL, TWILIO_PARAMS, ""),
        ("", TWILIO_URL, TWILIO_PARAMS, TWILIO_EXPECTED),
    ],
    ids=["token", "url", "value", "extra-param", "missing", "empty", "no-token"],
)
def test_twilio_anything_changed_does_not_verify(
    token: str, url: str, params: dict[str, str], signature: str | None
) -> None:
    assert not twilio_valid(token, url, params.items(), signature)


def test_desk_signature_is_hex_hmac_sha256_of_the_raw_body() -> None:
    # RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    body = b"what do ya want for nothing?"
    expected = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert desk_signature("Jefe", body) == expected
    assert desk_valid("Jefe", body, expected)


@pytest.mark.parametrize(
    ("secret", "body", "signature"),
    [
        ("other", b'{"a":1}', desk_signature("key", b'{"a":1}')),
        ("key", b'{"a": 1}', desk_signature("key", b'{"a":1}')),
        ("key", b'{"a":1}', desk_signature("key", b'{"a":1}').removeprefix("sha256=")),
        ("key", b'{"a":1}', None),
        ("", b'{"a":1}', desk_signature("", b'{"a":1}')),
    ],
    ids=["secret", "body", "no-scheme", "missing", "empty-secret"],
)
def test_desk_signature_refuses_anything_else(
    secret: str, body: bytes, signature: str | None
) -> None:
    assert not desk_valid(secret, body, signature)
