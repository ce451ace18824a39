"""Fetching a tenant's objects with an access check, the same way in every view.

- Not a member of the municipality (and not a site admin): 404, for internal pages, so the
  existence of another municipality's internal data never shows.
- Member without the permission: 403.
- Anonymous on an internal page: redirect to login.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from samskap.accounts.rules import tenant_of
from samskap.municipalities.models import Municipality


class LoginRequired(Exception):
    """Raised to send an anonymous visitor to the login page (see the middleware)."""


def get_municipality(number: str) -> Municipality:
    return get_object_or_404(Municipality, number=number)


def require(request: HttpRequest, perm: str, obj: Any) -> None:
    """Allow the request to go on only if the user has ``perm`` on ``obj``."""
    user = request.user
    if user.has_perm(perm, obj):
        return
    if not user.is_authenticated:
        raise LoginRequired
    municipality = tenant_of(obj)
    if not user.is_superuser and user.role_in(municipality) is None:  # type: ignore[union-attr]
        raise Http404
    raise PermissionDenied


def login_redirect(request: HttpRequest) -> Any:
    return redirect_to_login(request.get_full_path())
