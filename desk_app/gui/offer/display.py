"""How interaction and customer records (the server's JSON, as cached) read on screen.

The banner, the screen pop and the interaction tabs show the same facts —
who is calling, on which channel, since when — and must word them the same
way, so the wording lives here, once.
"""

import html
import uuid
from typing import Any

import phonenumbers
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from desk_app.domain.enums import Channel

_CONTEXT = "display"
ERROR_COLOUR = QColor("#b00020")  # the default; a theme restyles QLabel[error="true"]
_FALLBACK_REGION = "US"  # a system with no locale set (the "C" locale) names no country
TEL = "tel:"  # the scheme of click-to-dial links


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def error_label(name: str) -> QLabel:
    """A label for a reason something failed: red, wrapped, hidden until it has text."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("error", True)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR)
    label.setPalette(palette)
    label.hide()
    return label


def record_id(record: dict[str, Any]) -> uuid.UUID:
    """The record's id as a UUID (JSON carries it as text)."""
    return uuid.UUID(str(record["id"]))


def elapsed(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour) of a non-negative span."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def channel_name(channel: str | None) -> str:
    names = {
        Channel.VOICE: _tr("Call"),
        Channel.CHAT: _tr("Chat"),
        Channel.EMAIL: _tr("Email"),
        Channel.TICKET: _tr("Ticket"),
        Channel.WALK_IN: _tr("Walk-in"),
    }
    try:
        return names[Channel(channel or "")]
    except ValueError:
        return channel or ""


def phone_number(raw: str | None) -> phonenumbers.PhoneNumber | None:
    """The number ``raw`` names if it carries its country code (``+…``), else ``None``."""
    if not raw or not raw.strip().startswith("+"):
        return None
    try:
        return phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None


def display_number(raw: str | None) -> str:
    """A number as people read it (``+1 202-555-0143``); anything else as it came."""
    number = phone_number(raw)
    if number is None:
        return raw or ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def e164(raw: str | None) -> str | None:
    """The E.164 form of an international number, for dialling; ``None`` if it is not one."""
    number = phone_number(raw)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_links(phones: list[Any]) -> str:
    """Numbers as ``tel:`` links a click (or Tab and Enter) dials, each with its label."""
    lines = []
    for phone in phones:
        number = phone.get("number") if isinstance(phone, dict) else phone
        label = phone.get("label", "") if isinstance(phone, dict) else ""
        dial = e164(number)
        shown = html.escape(display_number(number))
        link = f'<a href="{TEL}{dial}">{shown}</a>' if dial else shown
        lines.append(f"{link} <i>{html.escape(label)}</i>" if label else link)
    return "<br>".join(lines)


def who(interaction: dict[str, Any], customer: dict[str, Any] | None) -> str:
    """The customer's name, or how an unknown contact is named on this channel."""
    if customer and customer.get("name"):
        return str(customer["name"])
    if interaction.get("channel") == Channel.VOICE:
        return _tr("Unknown caller")
    return _tr("Unknown sender")


def country_name(code: str | None) -> str:
    """An ISO 3166 alpha-2 code as the country's name (the code itself if unknown)."""
    territory = QLocale.codeToTerritory(code or "")
    if territory == QLocale.Country.AnyTerritory:
        return code or ""
    return QLocale.territoryToString(territory)


def language(locale_code: str | None) -> str:
    """A locale code (``fr_CA``) as a language name with its country (``French (Canada)``)."""
    if not locale_code:
        return ""
    locale = QLocale(locale_code)
    if locale.language() == QLocale.Language.C:
        return locale_code
    name = QLocale.languageToString(locale.language())
    if "_" in locale_code or "-" in locale_code:
        return f"{name} ({QLocale.territoryToString(locale.territory())})"
    return name


def region_of_system() -> str:
    """The desk's own region (ISO 3166 alpha-2) for numbers typed without a country code."""
    name = QLocale.system().name()  # e.g. "en_US"; "C" where nothing is configured
    territory = name.split("_", 1)[1] if "_" in name else ""
    return territory[:2].upper() if len(territory) >= 2 else _FALLBACK_REGION
