"""Values every template needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": "Samskap",
        "CONTACT_EMAIL": settings.SAMSKAP_CONTACT_EMAIL,
        "LANGUAGE_CHOICES": settings.LANGUAGES,
    }
