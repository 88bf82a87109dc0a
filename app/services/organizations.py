"""Creating organizations (hiring companies)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from app.database import DbSession
from app.domain import LANGUAGES, is_language
from app.models import Organization
from app.security.api_keys import issue_key
from app.services.addresses import InvalidEmail, normalize_email


class OrganizationError(ValueError):
    """The organization cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class CreatedOrganization:
    organization: Organization
    greenhouse_api_key: str  # shown once


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80] or "org"


def create_organization(session: DbSession, *, name: str, hr_email: str,
                        slug: str | None = None, language: str = "en") -> CreatedOrganization:
    """Add an organization and its first Greenhouse API key (not committed here).

    Raises OrganizationError for an empty name, a bad email or a slug already taken.
    """
    name = name.strip()
    if not name:
        raise OrganizationError("The organization needs a name.")
    try:
        hr_email = normalize_email(hr_email)
    except InvalidEmail as error:
        raise OrganizationError(f"The HR email {hr_email!r} is not valid: {error}") from None
    if not is_language(language):
        raise OrganizationError(
            f"The language must be one of {', '.join(LANGUAGES)}, not {language!r}.")
    slug = slugify(slug or name)
    if session.scalar(select(Organization.id).where(Organization.slug == slug)) is not None:
        raise OrganizationError(f"An organization with the slug {slug!r} already exists.")
    organization = Organization(name=name, slug=slug, hr_email=hr_email, language=language)
    session.add(organization)
    key = issue_key(session, organization, "greenhouse")
    return CreatedOrganization(organization=organization, greenhouse_api_key=key)


def find_organization(session: DbSession, ref: str) -> Organization | None:
    """By slug, or by numeric id."""
    org = session.scalar(select(Organization).where(Organization.slug == ref))
    if org is None and ref.isascii() and ref.isdigit() and len(ref) < 19:
        org = session.get(Organization, int(ref))
    return org
