"""Card numbers (PANs) must never be stored in the clear.

``mask_pans`` finds card-like digit runs (13–19 digits, spaces or dashes
allowed, Luhn-valid) in free text and keeps only the last four digits, the
most PCI DSS allows to be displayed with no need to know.
"""

import re

_CANDIDATE = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` passes the Luhn check used by every card scheme."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_pans(text: str) -> str:
    """Replace every Luhn-valid card number in ``text`` by ``•••• 1234``."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if not luhn_valid(digits):
            return match.group(0)
        return f"•••• {digits[-4:]}"

    return _CANDIDATE.sub(_mask, text)
