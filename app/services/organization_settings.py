"""An organization's settings, as its administrators change them on the console.

The form words the errors a person sees; the bounds live here, once, and
:func:`apply_settings` re-checks them so no caller can store what the database's
constraints (migration 0010) or the candidate's clock would not take.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import LANGUAGES, is_language
from app.models import Organization

VALID_DAYS_RANGE = (1, 365)  # the invitation link's life, in days
REMINDER_HOURS_RANGE = (1, 720)  # the reminder, hours before the link expires
# Time given back for lost connections, per attempt: up to an hour, more would let a
# candidate "lose" the connection to think offline.
MAX_GAP_CREDIT_SECONDS = 3600


class SettingsError(ValueError):
    """A value outside what an organization may choose; the message says which."""


@dataclass(frozen=True)
class OrganizationSettings:
    invitation_valid_days: int | None  # None: the INVITATION_VALID_DAYS setting
    reminder_hours_before: int | None  # None: no reminder
    results_sign_in_required: bool
    credit_connection_gaps: bool
    max_gap_credit_seconds: int
    language: str

    @classmethod
    def of(cls, organization: Organization) -> OrganizationSettings:
        return cls(invitation_valid_days=organization.invitation_valid_days,
                   reminder_hours_before=organization.reminder_hours_before,
                   results_sign_in_required=organization.results_sign_in_required,
                   credit_connection_gaps=organization.credit_connection_gaps,
                   max_gap_credit_seconds=organization.max_gap_credit_seconds,
                   language=organization.language)


def _within(value: int | None, bounds: tuple[int, int]) -> bool:
    return value is None or bounds[0] <= value <= bounds[1]


def problems(settings: OrganizationSettings) -> list[str]:
    """Every value out of bounds, in a sentence for a log or an exception."""
    found = []
    if not _within(settings.invitation_valid_days, VALID_DAYS_RANGE):
        found.append(f"invitation_valid_days must be {VALID_DAYS_RANGE[0]} to "
                     f"{VALID_DAYS_RANGE[1]}, not {settings.invitation_valid_days}")
    if not _within(settings.reminder_hours_before, REMINDER_HOURS_RANGE):
        found.append(f"reminder_hours_before must be {REMINDER_HOURS_RANGE[0]} to "
                     f"{REMINDER_HOURS_RANGE[1]}, not {settings.reminder_hours_before}")
    if not 0 <= settings.max_gap_credit_seconds <= MAX_GAP_CREDIT_SECONDS:
        found.append(f"max_gap_credit_seconds must be 0 to {MAX_GAP_CREDIT_SECONDS}, "
                     f"not {settings.max_gap_credit_seconds}")
    if not is_language(settings.language):
        found.append(f"language must be one of {', '.join(LANGUAGES)}, "
                     f"not {settings.language!r}")
    return found


def apply_settings(organization: Organization, settings: OrganizationSettings) -> list[str]:
    """Store ``settings`` on ``organization`` (the caller commits); returns the names of the
    settings that changed, so the page can say whether anything did.

    Raises SettingsError, changing nothing, when a value is out of bounds.
    """
    found = problems(settings)
    if found:
        raise SettingsError("; ".join(found))
    current = OrganizationSettings.of(organization)
    changed = [name for name in OrganizationSettings.__dataclass_fields__
               if getattr(current, name) != getattr(settings, name)]
    for name in changed:
        setattr(organization, name, getattr(settings, name))
    return changed


def invitation_valid_days(organization: Organization, default_days: int) -> int:
    """How many days a new invitation's link works: the organization's choice, else
    ``default_days`` (the INVITATION_VALID_DAYS setting)."""
    return organization.invitation_valid_days or default_days
