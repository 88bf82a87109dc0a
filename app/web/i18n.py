"""Which language and timezone a page is shown in."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, g, request, session
from flask_babel import get_locale

from app.domain import LANGUAGE_NAMES

# Zones tzdata renamed (a new spelling, or merged into the zone with the same clocks) that
# browsers still report by the old name: Chromium takes CLDR's names, frozen at e.g.
# Europe/Kiev and Asia/Calcutta. zoneinfo knows the old names as links; pages show the
# current one. Only renames: a link to another place (Europe/Oslo -> Europe/Berlin in
# tzdata without backzone) keeps the name the candidate knows.
RENAMED_ZONES = {
    "Africa/Asmera": "Africa/Asmara",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Catamarca": "America/Argentina/Catamarca",
    "America/Cordoba": "America/Argentina/Cordoba",
    "America/Godthab": "America/Nuuk",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "America/Jujuy": "America/Argentina/Jujuy",
    "America/Knox_IN": "America/Indiana/Knox",
    "America/Louisville": "America/Kentucky/Louisville",
    "America/Mendoza": "America/Argentina/Mendoza",
    "Asia/Ashkhabad": "Asia/Ashgabat",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Dacca": "Asia/Dhaka",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Macao": "Asia/Macau",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Thimbu": "Asia/Thimphu",
    "Asia/Ujung_Pandang": "Asia/Makassar",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "Europe/Kiev": "Europe/Kyiv",
    "Europe/Uzhgorod": "Europe/Kyiv",
    "Europe/Zaporozhye": "Europe/Kyiv",
    "Pacific/Enderbury": "Pacific/Kanton",
    "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Truk": "Pacific/Chuuk",
}


def select_locale() -> str:
    """A language chosen on the page, else the one a view set (invitation, test), else the
    browser's preference, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    set_by_view = g.get("locale")
    if isinstance(set_by_view, str) and set_by_view in languages:
        return set_by_view
    return request.accept_languages.best_match(languages) or "en"


def select_timezone() -> str:
    return valid_timezone(session.get("tz")) or "UTC"


def valid_timezone(name: object) -> str | None:
    """An IANA zone name the browser reported, in its current spelling
    (``RENAMED_ZONES``), or None when it is not one we know."""
    if not isinstance(name, str) or not name or len(name) > 64 or not _known(name):
        return None
    current = RENAMED_ZONES.get(name)
    return current if current and _known(current) else name  # older tzdata: the old name


def _known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def init_app(app: Flask) -> None:
    @app.before_request
    def remember_language_choice() -> None:
        # g outlives a request when an app context was already pushed (the tests, a CLI
        # command): never inherit another request's language, zone or chosen locale.
        g.pop("_flask_babel", None)
        g.pop("locale", None)
        lang = request.args.get("lang")
        # API callers have no cookie session (app.web.sessions): nothing to remember.
        if lang in app.config["LANGUAGES"] and not app.session_interface.is_null_session(session):
            session["lang"] = lang

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {"LANGUAGE_NAMES": LANGUAGE_NAMES, "current_language": str(get_locale())}
