"""Which language and timezone a page is shown in."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, g, request, session

LANGUAGE_NAMES = {"en": "English", "uk": "Українська", "ru": "Русский"}


def select_locale() -> str:
    """A language chosen on the page, else the one a view set (invitation, test), else the
    browser's preference, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    if g.get("locale") in languages:
        return g.locale
    return request.accept_languages.best_match(languages) or "en"


def select_timezone() -> str:
    return valid_timezone(session.get("tz")) or "UTC"


def valid_timezone(name: object) -> str | None:
    """An IANA zone name the browser reported, or None when it is not one we know."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


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
        from flask_babel import get_locale

        return {"LANGUAGE_NAMES": LANGUAGE_NAMES, "current_language": str(get_locale())}
