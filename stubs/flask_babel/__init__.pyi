# Flask-Babel 4: the part Assay uses.
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from babel.core import Locale
from babel.support import NullTranslations
from flask import Flask

class Babel:
    def __init__(
        self,
        app: Flask | None = None,
        date_formats: dict[str, str | None] | None = None,
        configure_jinja: bool = True,
        *args: Any,
        **kwargs: Any,
    ) -> None: ...
    def init_app(
        self,
        app: Flask,
        default_locale: str = "en",
        default_domain: str = "messages",
        default_translation_directories: str = "translations",
        default_timezone: str = "UTC",
        locale_selector: Callable[[], str | None] | None = None,
        timezone_selector: Callable[[], str | None] | None = None,
    ) -> None: ...

def gettext(*args: str, **kwargs: Any) -> str: ...
def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str: ...
def get_locale() -> Locale | None: ...
def get_translations() -> NullTranslations: ...
def get_timezone() -> tzinfo | None: ...
def force_locale(locale: str | Locale) -> AbstractContextManager[None]: ...
def format_datetime(
    datetime: datetime | None = None, format: str | None = None, rebase: bool = True
) -> str: ...
def format_time(
    time: time | datetime | None = None, format: str | None = None, rebase: bool = True
) -> str: ...
def format_decimal(number: float | Decimal, format: str | None = None) -> str: ...
def format_percent(number: float | Decimal, format: str | None = None) -> str: ...
def format_timedelta(
    datetime_or_timedelta: date | timedelta,
    granularity: str = "second",
    add_direction: bool = False,
    threshold: float = 0.85,
) -> str: ...
