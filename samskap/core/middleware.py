"""Request-wide behaviour: choosing the language and turning LoginRequired into a redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from samskap.core.access import LoginRequired, login_redirect

SUPPORTED = {code for code, _name in settings.LANGUAGES}
#: Browser tags that mean "Norwegian" without saying which written form.
GENERIC_NORWEGIAN = {"no", "no-no"}


def choose_language(request: HttpRequest, municipality_default: str | None) -> str:
    """Pick the UI language.

    Order: the visitor's explicit choice (language cookie), the logged-in user's preference,
    the browser's Accept-Language (plain ``no`` meaning the municipality's default), and
    finally the municipality's default (nynorsk municipalities get nn) or bokmål.
    """
    default = municipality_default or settings.LANGUAGE_CODE
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    preferred = getattr(user, "language", "") if user is not None else ""
    if preferred in SUPPORTED:
        return preferred
    for tag, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        tag = tag.lower()
        if tag in GENERIC_NORWEGIAN:
            return default
        primary = tag.split("-")[0]
        if primary in SUPPORTED:
            return primary
        if primary in {"nb", "nn"}:
            return primary
    return default


class LanguageMiddleware:
    """Activate the language; again once the view (and so the municipality) is known."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        translation.activate(choose_language(request, None))
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        # patch, not setdefault: CSRF or sessions may already have set "Vary: Cookie".
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: dict[str, Any]) -> None:
        number = view_kwargs.get("number")
        municipality_default = None
        if number:
            from samskap.municipalities.models import Municipality

            municipality = Municipality.objects.filter(number=number).first()
            if municipality is not None:
                municipality_default = municipality.default_language
        translation.activate(choose_language(request, municipality_default))
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, LoginRequired):
            return login_redirect(request)
        return None
