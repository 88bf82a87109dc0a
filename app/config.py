"""Settings from the environment, parsed strictly.

Every value comes from an ``ASSAY_*`` variable (read with Flask's
``from_prefixed_env``, so ``ASSAY_MAIL_PORT=587`` sets ``MAIL_PORT``) or from
``DATABASE_URL``. Outside production, ``instance/assay.env`` (``ASSAY_NAME=value`` lines,
written by ``assay demo``) supplies values the environment does not set, so a command
run from another shell builds links to the port the demo serves on. A bad value raises
:class:`ConfigError` naming the variable; the CLI and ``wsgi.py`` print that one line and
exit, never a traceback.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from app.domain import LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "testing", "production")
DEV_SECRET_KEY = "assay-development-secret-key-not-for-production"  # noqa: S105  (refused in production)
# Settings written by tools (``assay demo``), in the instance folder, below the environment.
INSTANCE_SETTINGS = "assay.env"


class ConfigError(Exception):
    """A setting from the environment cannot be used; the message names the variable."""


def _defaults(env: str, instance_path: str) -> dict[str, Any]:
    production = env == "production"
    return {
        "ENV_NAME": env,
        "SECRET_KEY": None if production else DEV_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(instance_path) / 'assay.db'}",
        # No pool_pre_ping: app.database checks pooled connections without a round trip.
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "BASE_URL": "http://127.0.0.1:5000",
        "REQUIRE_HTTPS": production,
        # Proxies in front that set X-Forwarded-For/Proto/Host. 0 trusts none: without a
        # proxy, anyone could claim to have arrived over HTTPS or from another address.
        "PROXY_FIX_HOPS": 0,
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAIL_SERVER": None,
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_DEFAULT_SENDER": "Assay <no-reply@assay.localhost>",
        "DEV_MAIL": not production,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": list(LANGUAGES),
        "INVITATION_VALID_DAYS": 30,
        "ANSWER_GRACE_SECONDS": 10,
        "OUTBOX_GIVE_UP_HOURS": 72,
        "OUTBOX_CLAIM_SECONDS": 120,
        "OUTBOX_BATCH_SIZE": 20,
        "CALLBACK_ALLOWED_HOSTS": ["app.greenhouse.io", "*.greenhouse.io"],
        "CALLBACK_ALLOW_HTTP": False,
        # Ports a callback may use besides the scheme's own (443, or 80 with ALLOW_HTTP);
        # ["*"] allows any (local testing: the selftest's callback server).
        "CALLBACK_ALLOWED_PORTS": [],
        # Non-public networks (CIDR) a callback host may resolve to; none by default, so a
        # name that resolves to loopback or a private address is never called.
        "CALLBACK_ALLOWED_NETWORKS": [],
        "CALLBACK_TIMEOUT_SECONDS": 10,
        "MAIL_TIMEOUT_SECONDS": 30,
        "PERCENTILE_MIN_CANDIDATES": 10,
        # How long a worker remembers an API key that authenticated (0: not at all); a
        # revoked key keeps working that long at most. See app.security.key_cache.
        "API_KEY_CACHE_SECONDS": 5,
        "ENCRYPTION_KEY": None,
        # PostgreSQL connections each process keeps open (a request may hold two: its
        # session's and an autocommit one). Beyond them it opens as many again for a burst,
        # closed when given back (each costs PostgreSQL a new backend process), then waits
        # for one up to DATABASE_POOL_TIMEOUT seconds.
        "DATABASE_POOL_SIZE": 10,
        "DATABASE_POOL_TIMEOUT": 30,
        # The whole body of any request, enforced while reading (chunked bodies too);
        # endpoints set smaller limits of their own.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Flask-Limiter: where counters live (memory:// per process; redis://host:6379 when
        # several web processes must share them), and how many failed lookups of a
        # candidate link, results link or API key one address may make.
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_FAILED_LOOKUPS": "20 per minute",
        "RATELIMIT_ENABLED": True,
        # Failed outbox rows keep their (encrypted) body this long so an operator can retry
        # them after fixing the cause; then only the record stays.
        "OUTBOX_KEEP_FAILED_DAYS": 7,
        # The public API: how long an access token lives, and its rate limits (token
        # requests per client address; calls per API client).
        "API_TOKEN_LIFETIME_SECONDS": 3600,
        # An Idempotency-Key's first answer is replayed this long; then the key is new again
        # and the remembered answer (it names the candidate) is deleted.
        "IDEMPOTENCY_KEEP_HOURS": 24,
        "RATELIMIT_API_TOKEN": "30 per minute",
        "RATELIMIT_API_CLIENT": "600 per minute",
        # The console: how long a password reset link and a new member's set-password
        # link work; failed sign-ins per client address and per account (the address
        # typed, whether or not it has an account); reset emails asked for per address
        # and per account.
        "PASSWORD_RESET_VALID_MINUTES": 60,
        "PASSWORD_SET_VALID_DAYS": 7,
        # A console session ends this long after signing in, however active it is (a
        # shared or stolen computer does not stay signed in for ever).
        "CONSOLE_SESSION_MAX_HOURS": 12,
        "RATELIMIT_SIGN_IN_ADDRESS": "30 per 15 minutes",
        "RATELIMIT_SIGN_IN_ACCOUNT": "10 per 15 minutes",
        "RATELIMIT_PASSWORD_RESET": "5 per hour",
    }


# Expected type per setting; environment values arrive as JSON-decoded by Flask.
_INTEGERS = (
    "MAIL_PORT", "INVITATION_VALID_DAYS", "ANSWER_GRACE_SECONDS", "OUTBOX_GIVE_UP_HOURS",
    "OUTBOX_CLAIM_SECONDS", "OUTBOX_BATCH_SIZE", "CALLBACK_TIMEOUT_SECONDS",
    "PERCENTILE_MIN_CANDIDATES", "PROXY_FIX_HOPS", "API_KEY_CACHE_SECONDS",
    "DATABASE_POOL_SIZE", "DATABASE_POOL_TIMEOUT", "MAIL_TIMEOUT_SECONDS", "MAX_CONTENT_LENGTH",
    "OUTBOX_KEEP_FAILED_DAYS", "API_TOKEN_LIFETIME_SECONDS", "IDEMPOTENCY_KEEP_HOURS",
    "PASSWORD_RESET_VALID_MINUTES", "PASSWORD_SET_VALID_DAYS", "CONSOLE_SESSION_MAX_HOURS",
)
_BOOLEANS = (
    "REQUIRE_HTTPS", "SESSION_COOKIE_SECURE", "MAIL_USE_TLS", "MAIL_USE_SSL", "DEV_MAIL",
    "CALLBACK_ALLOW_HTTP", "RATELIMIT_ENABLED",
)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _as_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"ASSAY_{name}: expected true or false, got {value!r}")


def _as_int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ConfigError(f"ASSAY_{name}: expected a whole number, got {value!r}")
    if isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ConfigError(f"ASSAY_{name}: expected a whole number, got {value!r}") from None
    if number < 0:
        raise ConfigError(f"ASSAY_{name}: must not be negative, got {number}")
    return number


def _as_http_url(variable: str, value: Any) -> str:
    text = str(value).strip().rstrip("/")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigError(f"{variable}: not a valid URL: {value!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{variable}: expected an absolute http(s) URL, got {value!r}")
    return text


def _as_host_list(name: str, value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    hosts = [str(item).strip().lower() for item in items if str(item).strip()]
    if not hosts:
        raise ConfigError(f"ASSAY_{name}: expected a comma-separated list of host names")
    return hosts


def _as_items(value: Any) -> list[str]:
    """A list setting's items: a list, or comma-separated text (one number arrives as int)."""
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _as_port_list(name: str, value: Any) -> list[int | str]:
    """TCP ports (1-65535) as ints, or ``["*"]`` for any port; empty allows none."""
    items = _as_items(value)
    if "*" in items:
        return ["*"]
    ports: list[int | str] = []
    for item in items:
        if not (item.isascii() and item.isdigit()) or not 1 <= int(item) <= 65535:
            raise ConfigError(f"ASSAY_{name}: expected TCP ports (1-65535) separated by commas, "
                              f"or *, got {item!r}")
        ports.append(int(item))
    return ports


def _as_network_list(name: str, value: Any) -> list[str]:
    """Networks in CIDR form (``127.0.0.0/8``; a bare address is one host), normalized."""
    networks = []
    for item in _as_items(value):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(f"ASSAY_{name}: expected networks like 10.0.0.0/8 or ::1/128 "
                              f"separated by commas, got {item!r}") from None
    return networks


def _database_url(raw: str) -> str:
    url = raw.strip()
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver spelled out.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    scheme = url.split("://", 1)[0]
    if "://" not in url or scheme not in ("sqlite", "postgresql+psycopg"):
        raise ConfigError(
            "DATABASE_URL: expected sqlite:///path or postgresql+psycopg://user@host/db, "
            f"got {raw!r}"
        )
    return url


def instance_folder() -> str:
    """Where the SQLite database and the instance settings live: ``instance/`` in the
    project, or ``ASSAY_INSTANCE_PATH`` (absolute, or relative to the current directory)."""
    return str(Path(os.environ.get("ASSAY_INSTANCE_PATH") or PROJECT_ROOT / "instance").resolve())


def read_instance_settings(instance_path: Path) -> dict[str, str]:
    """``ASSAY_*`` values of the instance settings file that the environment does not set,
    without their prefix (``ASSAY_BASE_URL`` gives ``BASE_URL``); none without the file.
    Checked like the environment's afterwards."""
    path = instance_path / INSTANCE_SETTINGS
    if not path.is_file():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, value = line.strip().partition("=")
        name = name.strip()
        if (not equals or name.startswith("#") or not name.startswith("ASSAY_")
                or name == "ASSAY_ENV" or name in os.environ):
            continue
        found[name.removeprefix("ASSAY_")] = value.strip()
    return found


def write_instance_setting(instance_path: Path, name: str, value: str) -> Path:
    """Set ``name`` (an ``ASSAY_*`` variable) in the instance settings file, keeping its
    other lines; the file is made when missing."""
    path = instance_path / INSTANCE_SETTINGS
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else [
        "# Settings for this checkout, below the environment (never read in production).",
        "# Written by `assay demo`; an ASSAY_* variable of the same name wins."]
    lines = [line for line in lines if line.partition("=")[0].strip() != name]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([*lines, f"{name}={value}"]) + "\n", encoding="utf-8")
    return path


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill ``app.config`` from defaults, the environment and ``overrides``, then check it.

    Raises :class:`ConfigError` with one line naming the first bad variable.
    """
    overrides = dict(overrides or {})
    env = str(overrides.get("ENV_NAME") or os.environ.get("ASSAY_ENV") or "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"ASSAY_ENV: expected one of {', '.join(ENVIRONMENTS)}, got {env!r}")
    app.config.update(_defaults(env, app.instance_path))
    if env != "production":  # a demo's port must never leak into a real deployment
        app.config.update(read_instance_settings(Path(app.instance_path)))
    app.config.from_prefixed_env("ASSAY")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(os.environ["DATABASE_URL"])
    app.config.update(overrides)
    _check(app.config)


def _check(config: dict[str, Any]) -> None:
    for name in _INTEGERS:
        config[name] = _as_int(name, config[name])
    for name in _BOOLEANS:
        config[name] = _as_bool(name, config[name])
    if config["MAIL_PORT"] > 65535:
        raise ConfigError(f"ASSAY_MAIL_PORT: not a TCP port: {config['MAIL_PORT']}")
    # A delivery must end well within the worker's claim on its row, else another worker
    # takes the row and sends it again (the claim is also renewed during a delivery, but
    # a timeout this short keeps one silent server from holding a worker for long).
    if config["IDEMPOTENCY_KEEP_HOURS"] < 1:
        raise ConfigError("ASSAY_IDEMPOTENCY_KEEP_HOURS: at least 1 hour, got "
                          f"{config['IDEMPOTENCY_KEEP_HOURS']}")
    for name in ("PASSWORD_RESET_VALID_MINUTES", "PASSWORD_SET_VALID_DAYS",
                 "CONSOLE_SESSION_MAX_HOURS"):
        if config[name] < 1:
            raise ConfigError(f"ASSAY_{name}: at least 1, got {config[name]}")
    if config["API_TOKEN_LIFETIME_SECONDS"] < 60:
        raise ConfigError("ASSAY_API_TOKEN_LIFETIME_SECONDS: at least 60 seconds, got "
                          f"{config['API_TOKEN_LIFETIME_SECONDS']}")
    claim = config["OUTBOX_CLAIM_SECONDS"]
    for name in ("MAIL_TIMEOUT_SECONDS", "CALLBACK_TIMEOUT_SECONDS"):
        if config[name] < 1:
            raise ConfigError(f"ASSAY_{name}: at least 1 second, got {config[name]}")
        if config[name] * 3 > claim:
            raise ConfigError(
                f"ASSAY_{name}: at most a third of ASSAY_OUTBOX_CLAIM_SECONDS ({claim} s), "
                f"so a delivery ends well before its claim runs out; got {config[name]}")
    config["BASE_URL"] = _as_http_url("ASSAY_BASE_URL", config["BASE_URL"])
    config["CALLBACK_ALLOWED_HOSTS"] = _as_host_list(
        "CALLBACK_ALLOWED_HOSTS", config["CALLBACK_ALLOWED_HOSTS"]
    )
    config["CALLBACK_ALLOWED_PORTS"] = _as_port_list(
        "CALLBACK_ALLOWED_PORTS", config["CALLBACK_ALLOWED_PORTS"])
    config["CALLBACK_ALLOWED_NETWORKS"] = _as_network_list(
        "CALLBACK_ALLOWED_NETWORKS", config["CALLBACK_ALLOWED_NETWORKS"])
    secret = config.get("SECRET_KEY")
    if not secret:
        raise ConfigError("ASSAY_SECRET_KEY: required in production (a long random string)")
    if config["ENV_NAME"] == "production" and (secret == DEV_SECRET_KEY or len(str(secret)) < 32):
        raise ConfigError("ASSAY_SECRET_KEY: use at least 32 random characters in production")
    config["SECRET_KEY"] = str(secret)
    uri = str(config["SQLALCHEMY_DATABASE_URI"])
    if uri.startswith("sqlite"):
        if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
            Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # SQLite has no pool worth pre-pinging and one writer; wait rather than fail on a lock.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    else:
        if config["DATABASE_POOL_SIZE"] < 1:
            raise ConfigError("ASSAY_DATABASE_POOL_SIZE: at least 1 connection")
        size = config["DATABASE_POOL_SIZE"]
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_size": size, "max_overflow": size,
            "pool_timeout": config["DATABASE_POOL_TIMEOUT"]}
