"""The telephony system behind one interface: a simulator for the demo and tests, and HTTP.

An adapter only delivers a command; it never changes a call's state. The
PBX's events do that, through the webhook path. ``DESK_TELEPHONY_ADAPTER``
chooses the adapter.
"""

import json
import logging
import secrets
import threading
import time
from typing import Protocol

import requests
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.enums import CallCommandKind
from desk_app.domain.ids import new_id
from desk_app.server.core.config import Settings
from desk_app.server.core.db import utcnow
from desk_app.server.telephony.schemas import CallEventKind
from desk_app.server.telephony.signatures import desk_signature

SIGNATURE_HEADER = "X-Desk-Signature"
CONNECTOR_TIMEOUT_SECONDS = 3.0
PLAYBACK_DELAY_SECONDS = 0.05  # a PBX answers a moment later, never in the same request
_log = logging.getLogger(__name__)
_K = CallCommandKind
_E = CallEventKind

# What a PBX reports after each command, in order: a blind transfer hands the
# call on and ends the agent's leg; a warm one keeps the agent on until they hang up.
PLAYBACK: dict[CallCommandKind, tuple[CallEventKind, ...]] = {
    _K.ANSWER: (_E.ANSWERED,),
    _K.DIAL: (_E.ANSWERED,),
    _K.HOLD: (_E.HOLD,),
    _K.RESUME: (_E.RESUMED,),
    _K.MUTE: (_E.MUTED,),
    _K.UNMUTE: (_E.UNMUTED,),
    _K.TRANSFER_BLIND: (_E.TRANSFERRED, _E.HUNG_UP),
    _K.TRANSFER_WARM: (_E.TRANSFERRED,),
    _K.CONFERENCE: (_E.CONFERENCE,),
    _K.HANGUP: (_E.HUNG_UP,),
}
# Without DESK_CTI_SECRET the simulator signs with a key of its own, which never
# leaves the process; the public CTI endpoint still refuses everything then.
_SIMULATOR_SECRET = SecretStr(secrets.token_hex(32))


class TelephonyError(Exception):
    """A command the telephony system did not take; the message is the reason, for the rep."""


class TelephonyAdapter(Protocol):
    def send(self, command: CallCommandKind, call_id: str, target: str | None) -> None:
        """Deliver ``command`` for ``call_id``, or raise :class:`TelephonyError`."""


class SimulatorAdapter:
    """Plays the PBX: a moment after each command, its events arrive through the webhook path.

    The events are signed generic CTI events, applied by the same function the
    ``/telephony/events`` endpoint uses, on a thread with a session of its own.
    """

    def __init__(self, session_factory: sessionmaker[Session], settings: Settings) -> None:
        self._factory = session_factory
        self._settings = settings

    def send(self, command: CallCommandKind, call_id: str, target: str | None) -> None:
        threading.Thread(
            target=play_back,
            args=(self._factory, self._settings, call_id, PLAYBACK[command], target),
            name=f"telephony-simulator-{call_id}",
            daemon=True,
        ).start()


def play_back(
    factory: sessionmaker[Session],
    settings: Settings,
    call_id: str,
    kinds: tuple[CallEventKind, ...],
    target: str | None,
) -> None:
    """Send the PBX's events for one command, signed, through the CTI webhook's code."""
    # Imported here: the webhook path reaches routing (a hang-up withdraws offers),
    # and routing imports call control, which imports this module.
    from desk_app.server.telephony.webhooks import receive_cti

    secret = settings.cti_secret or _SIMULATOR_SECRET
    time.sleep(PLAYBACK_DELAY_SECONDS)
    for kind in kinds:
        event = {"event_id": str(new_id()), "call_id": call_id, "event": kind.value}
        event.update({"at": utcnow().isoformat(), **({"target": target} if target else {})})
        body = json.dumps(event).encode()
        try:
            with factory() as session:
                receive_cti(
                    session,
                    settings=settings,
                    body=body,
                    signature=desk_signature(secret.get_secret_value(), body),
                    secret=secret,
                    address="simulator",
                )
        except Exception:  # a thread's error would otherwise vanish
            _log.exception("telephony simulator: %s for call %s failed", kind, call_id)
            return


class HttpAdapter:
    """Posts each command as signed JSON to the PBX connector (``DESK_TELEPHONY_CONNECTOR_URL``).

    The body is ``{"command", "call_id", "target"}``; ``X-Desk-Signature`` is
    ``sha256=<hex HMAC-SHA256 of the body>`` with ``DESK_CTI_SECRET``, the key
    the connector's events are signed with too. Any 2xx means accepted.
    """

    def __init__(self, url: str | None, secret: SecretStr | None) -> None:
        self._url = url
        self._secret = secret

    def send(self, command: CallCommandKind, call_id: str, target: str | None) -> None:
        if self._url is None:
            raise TelephonyError("no telephony connector is configured on the server")
        if self._secret is None:
            raise TelephonyError("the server cannot sign commands: DESK_CTI_SECRET is not set")
        body = json.dumps({"command": command.value, "call_id": call_id, "target": target})
        signature = desk_signature(self._secret.get_secret_value(), body.encode())
        try:
            response = requests.post(
                self._url,
                data=body.encode(),
                headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature},
                timeout=CONNECTOR_TIMEOUT_SECONDS,
            )
        except requests.Timeout as exc:
            _log.warning("telephony: connector %s timed out: %s", self._url, exc)
            raise TelephonyError("the telephony connector did not answer in time") from exc
        except requests.RequestException as exc:
            _log.warning("telephony: connector %s unreachable: %s", self._url, exc)
            raise TelephonyError("the telephony connector could not be reached") from exc
        if not response.ok:
            _log.warning("telephony: connector refused %s: %s", command, response.status_code)
            reason = response.text.strip()[:200] or response.reason
            raise TelephonyError(
                f"the telephony connector refused the command (HTTP {response.status_code}: "
                f"{reason})"
            )


def adapter_for(settings: Settings, session_factory: sessionmaker[Session]) -> TelephonyAdapter:
    """The adapter ``settings.telephony_adapter`` names."""
    if settings.telephony_adapter == "http":
        url = settings.telephony_connector_url
        return HttpAdapter(str(url) if url else None, settings.cti_secret)
    return SimulatorAdapter(session_factory, settings)
