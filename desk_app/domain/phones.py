"""Phone numbers in, E.164 out: one rule for the server, the desk and the seed."""

import phonenumbers


class InvalidPhoneError(ValueError):
    """A phone number that cannot be read as a number of any country."""


def to_e164(raw: str, *, region: str) -> str:
    """Normalise a number typed in any common format to E.164.

    ``region`` (ISO 3166 alpha-2) is used for national numbers such as
    ``(202) 555-0143``; an international number (``+44 …`` or ``0044 …``)
    keeps its own country.
    """
    text = raw.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneError(f"{raw!r} is not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhoneError(f"{raw!r} is not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
