"""The permission vocabulary on the command line.

Commands that act for a person take ``--as EMAIL`` and check the same django-rules permission
the page and the API check; without it they run as the operator (a site administrator's
shell), which is recorded as "system" in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from samskap.accounts.models import User


def acting_user(email: str | None, perm: str, obj: Any) -> User | None:
    """The user named by ``--as`` if they hold ``perm`` on ``obj``; None for the operator."""
    if not email:
        return None
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user with the e-mail address {email}.")
    if not user.has_perm(perm, obj):
        raise CommandError(f"{email} may not do this ({perm}) in {obj}.")
    return user
