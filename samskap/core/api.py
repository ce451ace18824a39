"""DRF glue for the shared permission vocabulary (``samskap.accounts.rules``)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied

from samskap.accounts.rules import tenant_of


def require_api(request: Any, perm: str, obj: Any) -> None:
    """The API twin of ``samskap.core.access.require``: 401, 404 for strangers, 403."""
    user = request.user
    if user.has_perm(perm, obj):
        return
    if not user.is_authenticated:
        raise NotAuthenticated
    if not user.is_superuser and user.role_in(tenant_of(obj)) is None:
        raise NotFound
    raise PermissionDenied
