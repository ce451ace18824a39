"""Friendly error pages that never show a stack trace, security headers, and escaping.

This module is also a URLconf (``urls`` marker): the site's URLs plus a view that fails.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from config import urls as site_urls
from samskap.accounts.models import Invitation, Role
from samskap.core.models import Feedback
from samskap.testing.factories import DistrictFactory, member


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail: db password is hunter2")


def forbid(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("internal reason")


urlpatterns = [
    path("test-errors/explode/", explode),
    path("test-errors/forbid/", forbid),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500

WITH_FAILING_VIEWS = pytest.mark.urls(__name__)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
]


def assert_no_traceback(page: str) -> None:
    for leak in ("Traceback", "RuntimeError", "hunter2", "File \"/", "django/core"):
        assert leak not in page


def assert_escaped(page: str, payload: str) -> None:
    assert payload not in page
    for raw in ("<script>alert", "<img src=x", "<svg onload"):
        assert raw not in page


class TestErrorPages:
    def test_an_unknown_url_gets_the_friendly_404_page(self, client, db):
        response = client.get("/no/such/page/")
        assert response.status_code == 404
        page = response.content.decode()
        assert '<html lang="' in page
        assert 'href="/"' in page
        assert 'class="site-header"' in page  # our layout, not Django's bare page
        assert_no_traceback(page)

    def test_an_unknown_municipality_gets_the_friendly_404_page(self, client, db):
        response = client.get("/k/1234/")
        assert response.status_code == 404
        assert 'class="site-header"' in response.content.decode()

    @WITH_FAILING_VIEWS
    def test_a_failing_view_gets_the_friendly_500_page_without_a_stack_trace(self, db):
        client = Client(raise_request_exception=False)
        response = client.get("/test-errors/explode/")
        assert response.status_code == 500
        page = response.content.decode()
        assert '<html lang="' in page
        assert 'href="/"' in page
        assert_no_traceback(page)

    @WITH_FAILING_VIEWS
    def test_the_500_page_keeps_the_security_headers(self, db):
        response = Client(raise_request_exception=False).get("/test-errors/explode/")
        assert "Content-Security-Policy" in response
        assert response["X-Frame-Options"] == "DENY"

    @WITH_FAILING_VIEWS
    def test_permission_denied_gets_the_friendly_403_page(self, client, db):
        response = client.get("/test-errors/forbid/")
        assert response.status_code == 403
        page = response.content.decode()
        assert 'class="site-header"' in page
        assert "internal reason" not in page

    def test_a_citizen_on_a_staff_page_gets_the_friendly_403_page(self, client, cem):
        client.force_login(cem)
        response = client.get(reverse("members:list", kwargs={"number": "9999"}))
        assert response.status_code == 403
        assert 'class="site-header"' in response.content.decode()
        assert response.templates[0].name == "errors/403.html"

    def test_a_csrf_failure_gets_our_friendly_page_with_403(self, db):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("core:accessibility"), {"message": "Hei"})
        assert response.status_code == 403
        page = response.content.decode()
        assert 'class="site-header"' in page
        assert response.templates[0].name == "errors/csrf.html"
        assert not Feedback.objects.exists()

    def test_a_post_with_the_csrf_token_is_accepted(self, db):
        client = Client(enforce_csrf_checks=True)
        client.get(reverse("core:accessibility"))
        token = client.cookies["csrftoken"].value
        response = client.post(reverse("core:accessibility"),
                               {"message": "Hei", "csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert Feedback.objects.count() == 1

    def test_htmx_requests_carry_the_csrf_token_in_a_header(self, client, db):
        page = client.get("/").content.decode()
        assert "hx-headers='{\"X-CSRFToken\": \"" in page

    def test_a_disallowed_host_gets_a_400_without_details(self, client, db):
        response = client.get("/", HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert "ALLOWED_HOSTS" not in response.content.decode()


class TestSecurityHeaders:
    @pytest.fixture
    def response(self, client, eksempelvik):  # type: ignore[no-untyped-def]
        return client.get("/")

    def directives(self, response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
        header = response["Content-Security-Policy"]
        parsed = {}
        for part in header.split(";"):
            name, *values = part.split()
            parsed[name] = values
        return parsed

    def test_it_sends_a_content_security_policy_without_unsafe_eval(self, response):
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]

    def test_scripts_may_not_be_inline(self, response):
        directives = self.directives(response)
        script_src = directives.get("script-src", directives["default-src"])
        assert "'unsafe-inline'" not in script_src
        assert "'self'" in script_src
        assert "*" not in script_src

    def test_the_policy_forbids_framing_and_plugins(self, response):
        directives = self.directives(response)
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]

    def test_it_forbids_framing_and_mime_sniffing(self, response):
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    def test_pages_have_no_inline_scripts(self, client, mira, cycle):
        """An inline <script> would need 'unsafe-inline' or a nonce to run under our CSP."""
        client.force_login(mira)
        for url in ["/", "/k/9999/", cycle.get_absolute_url(), "/accounts/profile/"]:
            page = client.get(url).content.decode()
            for tag in page.split("<script")[1:]:
                assert "src=" in tag.split(">", 1)[0], url

    def test_the_session_cookie_is_http_only(self, client, mira, password):
        response = client.post(reverse("accounts:login"), {
            "username": "mira@eksempelvik.example", "password": password})
        assert response.cookies["sessionid"]["httponly"]
        assert response.cookies["sessionid"]["samesite"] == "Lax"


class TestEscaping:
    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_a_district_name_renders_escaped(self, client, eksempelvik, payload):
        DistrictFactory(municipality=eksempelvik, name=payload)
        for url in ["/k/9999/", "/k/9999/districts/"]:
            assert_escaped(client.get(url).content.decode(), payload)
        assert "&lt;" in client.get("/k/9999/districts/").content.decode()  # shown, as text

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_a_user_name_renders_escaped(self, client, ada, eksempelvik, payload):
        user = member(eksempelvik, Role.STAFF, "x@eksempelvik.example", payload)
        client.force_login(ada)
        assert_escaped(client.get("/k/9999/members/").content.decode(), payload)
        client.force_login(user)
        assert_escaped(client.get("/").content.decode(), payload)
        assert_escaped(client.get("/accounts/profile/").content.decode(), payload)

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_an_invitation_name_renders_escaped(self, client, mira, eksempelvik, payload):
        token, token_hash = Invitation.new_token()
        Invitation.objects.create(municipality=eksempelvik, email="n@example.org", name=payload,
                                  role=Role.STAFF, token_hash=token_hash, invited_by=mira,
                                  expires_at=Invitation.default_expiry())
        page = client.get(reverse("accounts:invitation", kwargs={"token": token}))
        assert_escaped(page.content.decode(), payload)

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_feedback_renders_escaped_when_the_form_is_shown_again(self, client, db, payload):
        response = client.post(reverse("core:accessibility"), {
            "message": payload, "page": payload, "email": "not-an-address"})
        assert response.status_code == 200
        assert_escaped(response.content.decode(), payload)

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_the_feedback_page_parameter_renders_escaped(self, client, db, payload):
        page = client.get(reverse("core:accessibility"), {"page": payload}).content.decode()
        assert_escaped(page, payload)

    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_a_search_query_renders_escaped(self, client, db, payload):
        for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
            page = client.get("/", {"q": payload}, **extra).content.decode()
            assert_escaped(page, payload)

    def test_a_next_parameter_renders_escaped_on_the_login_page(self, client, db):
        page = client.get(reverse("accounts:login"), {"next": PAYLOADS[1]}).content.decode()
        assert_escaped(page, PAYLOADS[1])
