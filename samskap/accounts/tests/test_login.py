"""Logging in by e-mail, logging out, safe redirects and django-axes lockouts.

The test client's ``login()`` cannot be used here: axes needs the request in ``authenticate``,
so logins go through the login page (or ``force_login`` where the login itself is not tested).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

LOGIN = reverse("accounts:login")


def log_in(client, email: str, password: str, **extra):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def logged_in_user_id(client) -> str | None:  # type: ignore[no-untyped-def]
    return client.session.get("_auth_user_id")


def test_it_shows_the_login_form_with_an_email_field(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'type="email"' in response.content.decode()


def test_it_logs_mira_in_by_her_email_address(client, mira, password):
    response = log_in(client, "mira@eksempelvik.example", password)
    assert response.status_code == 302
    assert response.url == reverse("municipalities:dashboard", args=["9999"])
    assert logged_in_user_id(client) == str(mira.pk)


def test_it_ignores_the_case_of_the_email_address(client, mira, password):
    log_in(client, "Mira@EKSEMPELVIK.example", password)
    assert logged_in_user_id(client) == str(mira.pk)


def test_it_refuses_a_wrong_password_with_an_error_summary(client, mira):
    response = log_in(client, "mira@eksempelvik.example", "not-the-password")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert logged_in_user_id(client) is None


def test_it_refuses_an_inactive_user(client, mira, password):
    mira.is_active = False
    mira.save(update_fields=["is_active"])
    log_in(client, "mira@eksempelvik.example", password)
    assert logged_in_user_id(client) is None


def test_it_follows_next_to_a_page_on_this_site(client, mira, password):
    response = log_in(client, "mira@eksempelvik.example", password, next="/k/9999/members/")
    assert response.url == "/k/9999/members/"


@pytest.mark.parametrize("target", [
    "https://evil.example/phish",
    "//evil.example/phish",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
])
def test_it_ignores_a_next_that_points_to_another_host(client, mira, password, target):
    response = log_in(client, "mira@eksempelvik.example", password, next=target)
    assert response.status_code == 302
    assert response.url == reverse("municipalities:dashboard", args=["9999"])


def test_it_sends_a_logged_in_user_away_from_the_login_page(client, mira):
    client.force_login(mira)
    response = client.get(LOGIN)
    assert response.status_code == 302


def test_it_logs_out_by_post(client, mira):
    client.force_login(mira)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_it_does_not_log_out_by_get(client, mira):
    """A link or an image on another site must not be able to log anyone out."""
    client.force_login(mira)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert logged_in_user_id(client) == str(mira.pk)


def test_the_page_header_offers_a_logout_form_not_a_link(client, mira):
    client.force_login(mira)
    page = client.get("/").content.decode()
    assert f'method="post" action="{reverse("accounts:logout")}"' in page


class TestLockout:
    """django-axes locks an e-mail address and IP pair after too many wrong passwords."""

    def fail(self, client, email: str = "mira@eksempelvik.example", times: int | None = None):  # type: ignore[no-untyped-def]
        response = None
        for _attempt in range(times or settings.AXES_FAILURE_LIMIT):
            response = log_in(client, email, "wrong-password-again")
        return response

    def test_it_locks_out_after_five_wrong_passwords(self, client, mira):
        assert settings.AXES_FAILURE_LIMIT == 5
        response = self.fail(client)
        assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE == 429
        assert settings.AXES_LOCKOUT_TEMPLATE in [t.name for t in response.templates]
        page = response.content.decode()
        assert "<h1>" in page
        assert reverse("accounts:password_reset") in page  # the friendly locked_out page

    def test_it_still_accepts_the_right_password_before_the_limit(self, client, mira, password):
        self.fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
        log_in(client, "mira@eksempelvik.example", password)
        assert logged_in_user_id(client) == str(mira.pk)

    def test_it_refuses_the_right_password_once_locked(self, client, mira, password):
        self.fail(client)
        response = log_in(client, "mira@eksempelvik.example", password)
        assert response.status_code == 429
        assert logged_in_user_id(client) is None

    def test_it_locks_out_whatever_the_case_of_the_email_address(self, client, mira, password):
        """Otherwise MIRA@…, Mira@…, mIra@… would each get five more guesses."""
        for variant in ["mira@eksempelvik.example", "MIRA@eksempelvik.example",
                        "Mira@Eksempelvik.example", "mira@EKSEMPELVIK.EXAMPLE",
                        "MiRa@eksempelvik.example"]:
            log_in(client, variant, "wrong-password-again")
        response = log_in(client, "mIRA@eksempelvik.example", password)
        assert response.status_code == 429
        assert logged_in_user_id(client) is None

    def test_a_lockout_does_not_affect_another_account(self, client, mira, per, password):
        self.fail(client)
        log_in(client, "per@eksempelvik.example", password)
        assert logged_in_user_id(client) == str(per.pk)

    def test_a_successful_login_resets_the_failure_count(self, client, mira, password):
        self.fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
        log_in(client, "mira@eksempelvik.example", password)
        client.post(reverse("accounts:logout"))
        response = self.fail(client, times=settings.AXES_FAILURE_LIMIT - 1)
        assert response.status_code == 200


def test_staff_land_on_their_dashboard_after_logging_in(client, mira, password):
    response = client.post(reverse("accounts:login"),
                           {"username": mira.email, "password": password})
    assert response["Location"] == reverse("municipalities:dashboard", args=["9999"])


def test_citizens_land_on_their_municipality_after_logging_in(client, cem, password):
    response = client.post(reverse("accounts:login"),
                           {"username": cem.email, "password": password})
    assert response["Location"] == reverse("municipalities:detail", args=["9999"])


def test_people_without_a_municipality_land_on_the_front_page(client, sam, password):
    response = client.post(reverse("accounts:login"),
                           {"username": sam.email, "password": password})
    assert response["Location"] == reverse("core:home")
