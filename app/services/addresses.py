"""Email addresses: the one check that invitations (CLI, Greenhouse) and organizations share.

Composing and queueing emails is ``app.services.mail``; this module only says whether a
string is an address and gives its canonical form.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


class InvalidEmail(ValueError):
    """Not an email address; the message says why in words a person understands."""


def normalize_email(value: str) -> str:
    """The address in canonical form, or InvalidEmail.

    Syntax is checked strictly (the domain needs a dot); no DNS lookup is made, so a
    slow or offline resolver never blocks an invitation. The reserved ``.test`` domain is
    accepted for sandboxes and test suites.
    """
    try:
        return validate_email(value.strip(), check_deliverability=False,
                              test_environment=True).normalized
    except EmailNotValidError as error:
        raise InvalidEmail(str(error)) from None
