"""The application factory: configuration, extensions, blueprints, error pages. Nothing else."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app import database
from app.cli import register_commands
from app.config import PROJECT_ROOT, instance_folder, load_config
from app.extensions import babel, csrf, db, limiter, login_manager, mail, migrate
from app.security.json_input import StrictJSONProvider
from app.security.redaction import redact_default_handlers
from app.web import (
    boundary,
    i18n,
    output,
    register_blueprints,
    register_error_pages,
    security_headers,
    sessions,
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides the environment (tests pass their database).

    Raises :class:`app.config.ConfigError` when a setting is unusable.
    """
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=instance_folder(),
    )
    load_config(app, config)

    app.json = StrictJSONProvider(app)
    redact_default_handlers()
    output.init_app(app)

    db.init_app(app)
    with app.app_context():
        database.init_app(app, db.engine)
    sessions.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    boundary.init_app(app)  # before CSRF: it sets body limits before the body is read
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    # No current_user in every template: only the console's pages load the member.
    login_manager.init_app(app, add_context_processor=False)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    security_headers.init_app(app)
    i18n.init_app(app)

    register_blueprints(app)
    register_error_pages(app)
    register_commands(app)
    return app
