"""Choosing the interface language: cookie, user, browser, then the municipality's default."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from samskap.core.middleware import choose_language
from samskap.testing.factories import UserFactory

NABOVIK = "/k/9998/"
EKSEMPELVIK = "/k/9999/"
FRONT_PAGE = "/"


def html_lang(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, response.content[:200]
    return match.group(1)


def visit(client, path: str, accept_language: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language is not None else {}
    response = client.get(path, **extra)
    assert response.status_code == 200
    return response


@pytest.fixture
def both(eksempelvik, nabovik) -> None:
    """Eksempelvik (bokmål) and Nabovik (nynorsk)."""


class TestChooseLanguage:
    """The pure decision, from a RequestFactory request."""

    def request(self, accept: str = "", cookie: str | None = None, user=None):  # type: ignore[no-untyped-def]
        request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=accept)
        if cookie is not None:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
        request.user = user or AnonymousUser()
        return request

    @pytest.mark.parametrize(("accept", "default", "expected"), [
        ("no", "nn", "nn"),
        ("no", "nb", "nb"),
        ("no", None, "nb"),
        ("no-NO", "nn", "nn"),
        ("nn-NO", "nb", "nn"),
        ("nn", None, "nn"),
        ("nb-NO,nb;q=0.9", "nn", "nb"),
        ("en-GB,en;q=0.9", "nn", "en"),
        ("en-US", None, "en"),
        ("de", "nn", "nn"),
        ("de", "nb", "nb"),
        ("de", None, "nb"),
        ("de-DE,de;q=0.9,nn;q=0.5", "nb", "nn"),
        ("de,en;q=0.8", "nn", "en"),
        ("sv;q=0.9,no;q=0.8,en;q=0.7", "nn", "nn"),
        ("*", "nn", "nn"),
        ("", "nn", "nn"),
        ("", None, "nb"),
        ("garbage;;;q=x", "nb", "nb"),
    ])
    def test_it_maps_the_browser_language(self, accept, default, expected):
        assert choose_language(self.request(accept), default) == expected

    def test_the_cookie_wins_over_the_browser_and_the_municipality(self):
        assert choose_language(self.request("en", cookie="nn"), "nb") == "nn"

    def test_an_unsupported_cookie_is_ignored(self):
        assert choose_language(self.request("en", cookie="de"), "nb") == "en"

    def test_the_users_preference_wins_over_the_browser(self, db):
        user = UserFactory(language="en")
        assert choose_language(self.request("nn", user=user), "nb") == "en"

    def test_the_cookie_wins_over_the_users_preference(self, db):
        user = UserFactory(language="en")
        assert choose_language(self.request("nb", cookie="nn", user=user), "nb") == "nn"

    def test_a_user_without_preference_falls_through_to_the_browser(self, db):
        user = UserFactory(language="")
        assert choose_language(self.request("en", user=user), "nb") == "en"

    def test_a_request_without_user_is_fine(self):
        request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="no")
        assert choose_language(request, "nn") == "nn"


class TestMiddleware:
    """The same decision on real pages, with <html lang> and Content-Language to match."""

    def test_no_on_a_nynorsk_municipality_gives_nynorsk(self, client, both):
        assert html_lang(visit(client, NABOVIK, "no")) == "nn"

    def test_no_on_a_bokmal_municipality_gives_bokmal(self, client, both):
        assert html_lang(visit(client, EKSEMPELVIK, "no")) == "nb"

    def test_no_on_the_front_page_gives_bokmal(self, client, both):
        assert html_lang(visit(client, FRONT_PAGE, "no")) == "nb"

    def test_no_on_a_nynorsk_municipalitys_other_pages_gives_nynorsk(self, client, both):
        assert html_lang(visit(client, NABOVIK + "cycles/", "no")) == "nn"
        assert html_lang(visit(client, NABOVIK + "districts/", "no")) == "nn"

    def test_nn_no_gives_nynorsk_everywhere(self, client, both):
        for path in (FRONT_PAGE, EKSEMPELVIK, NABOVIK):
            assert html_lang(visit(client, path, "nn-NO")) == "nn"

    def test_english_gives_english(self, client, both):
        for path in (FRONT_PAGE, EKSEMPELVIK, NABOVIK):
            assert html_lang(visit(client, path, "en-GB,en;q=0.9")) == "en"

    def test_an_unsupported_language_gives_the_municipalitys_default(self, client, both):
        assert html_lang(visit(client, NABOVIK, "de")) == "nn"
        assert html_lang(visit(client, EKSEMPELVIK, "de")) == "nb"
        assert html_lang(visit(client, FRONT_PAGE, "de")) == "nb"

    def test_no_accept_language_gives_the_municipalitys_default(self, client, both):
        assert html_lang(visit(client, NABOVIK)) == "nn"
        assert html_lang(visit(client, FRONT_PAGE)) == "nb"

    def test_the_language_chosen_with_setlang_wins(self, client, both):
        response = client.post("/i18n/setlang/", {"language": "en", "next": NABOVIK})
        assert response.status_code == 302
        assert response.url == NABOVIK
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

        assert html_lang(visit(client, NABOVIK, "nn-NO")) == "en"
        assert html_lang(visit(client, FRONT_PAGE, "no")) == "en"

    def test_setlang_does_not_redirect_to_another_host(self, client, db):
        response = client.post("/i18n/setlang/", {"language": "nn",
                                                  "next": "https://evil.example/"})
        assert response.status_code == 302
        assert "evil.example" not in response.url

    def test_the_language_switcher_posts_to_setlang(self, client, both):
        page = visit(client, NABOVIK).content.decode()
        assert 'action="/i18n/setlang/"' in page
        assert 'name="next" value="/k/9998/"' in page

    @pytest.mark.parametrize(("path", "accept"), [
        (FRONT_PAGE, "no"), (FRONT_PAGE, "en"), (NABOVIK, "no"), (NABOVIK, "de"),
        (EKSEMPELVIK, "nn"), ("/tilgjengelighet/", "en-GB"), ("/accounts/login/", "nn-NO"),
        (NABOVIK + "cycles/", "no"),
    ])
    def test_html_lang_and_content_language_equal_the_active_language(
        self, client, both, path, accept
    ):
        response = visit(client, path, accept)
        assert html_lang(response) == response["Content-Language"]
        assert response["Content-Language"] == choose_language(
            RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE=accept),
            "nn" if path.startswith(NABOVIK) else None,
        )

    def test_the_response_varies_on_accept_language_and_cookie(self, client, both):
        vary = visit(client, NABOVIK, "no")["Vary"]
        assert "Accept-Language" in vary
        assert "Cookie" in vary

    def test_the_404_page_has_a_matching_html_lang(self, client, both):
        response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert html_lang(response) == response["Content-Language"] == "en"


def test_a_csrf_failure_on_a_nynorsk_page_is_in_nynorsk(nabovik):
    response = Client(enforce_csrf_checks=True).post(
        NABOVIK + "districts/new/", {"name": "x"}, HTTP_ACCEPT_LANGUAGE="no")
    assert response.status_code == 403
    assert html_lang(response) == response["Content-Language"] == "nn"
