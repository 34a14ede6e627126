"""Webhook signatures: Twilio's ``X-Twilio-Signature`` and Desk's ``X-Desk-Signature``.

Pure functions over bytes and strings, so the same code signs (the simulator,
the HTTP adapter, tests) and verifies (the endpoints). Every comparison is
constant-time, and an empty secret never verifies anything.
"""

import base64
import hashlib
import hmac
from collections.abc import Iterable

DESK_SCHEME = "sha256="


def twilio_signature(auth_token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """Twilio's signature: base64 HMAC-SHA1 of the full URL, then each POST parameter's
    name and value, sorted by name (a repeated name: its distinct values sorted too)."""
    payload = url + "".join(name + value for name, value in sorted(set(params)))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def twilio_valid(
    auth_token: str, url: str, params: Iterable[tuple[str, str]], signature: str | None
) -> bool:
    """True when ``signature`` is what Twilio would send for this URL and form."""
    if not auth_token or not signature:
        return False
    expected = twilio_signature(auth_token, url, params)
    return hmac.compare_digest(expected.encode(), signature.encode())


def desk_signature(secret: str, body: bytes) -> str:
    """The ``X-Desk-Signature`` value: ``sha256=`` and the hex HMAC-SHA256 of the raw body."""
    return DESK_SCHEME + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def desk_valid(secret: str, body: bytes, signature: str | None) -> bool:
    """True when ``signature`` is ``sha256=<hex>`` of ``body`` under ``secret``."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(desk_signature(secret, body).encode(), signature.strip().encode())
