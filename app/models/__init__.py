"""All models, imported here so Alembic and the app see the whole schema."""

from app.models import changes as _changes  # noqa: F401  (registers the flush listener)
from app.models.api_client import AccessToken, ApiClient, IdempotentResponse
from app.models.attempt import Attempt, AttemptEvent, Grade, Response
from app.models.base import Base, InvalidTransition, utcnow
from app.models.greenhouse import GreenhouseErrorReport
from app.models.invitation import Invitation, InvitationEvent
from app.models.organization import ApiKey, Organization
from app.models.outbox import OutboxMessage
from app.models.test import Test, TestNumber
from app.models.user import ROLES, LinkPurpose, PasswordLink, Role, User

__all__ = [
    "ROLES", "AccessToken", "ApiClient", "ApiKey", "Attempt", "AttemptEvent", "Base",
    "Grade", "GreenhouseErrorReport", "IdempotentResponse", "InvalidTransition", "Invitation",
    "InvitationEvent",
    "LinkPurpose", "Organization", "OutboxMessage", "PasswordLink", "Response", "Role", "Test",
    "TestNumber", "User", "utcnow",
]
