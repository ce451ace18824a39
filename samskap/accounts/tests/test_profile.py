"""The user's own profile: name and preferred language."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

PROFILE = reverse("accounts:profile")


def html_lang(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match
    return match.group(1)


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_per_changes_his_name_and_language(client, per):
    client.force_login(per)
    response = client.post(PROFILE, {"name": "Per Nynorsk", "language": "nn"})

    assert response.status_code == 302
    per.refresh_from_db()
    assert (per.name, per.language) == ("Per Nynorsk", "nn")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "nn"
    assert cookie["samesite"] == "Lax"


def test_the_next_page_renders_in_the_chosen_language(client, per):
    client.force_login(per)
    client.post(PROFILE, {"name": per.name, "language": "en"})

    response = client.get(PROFILE)
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"
    assert "Your profile" in response.content.decode()


def test_the_preference_follows_the_user_to_a_new_browser(client, per):
    per.language = "nn"
    per.save(update_fields=["language"])
    client.force_login(per)
    assert html_lang(client.get("/k/9999/")) == "nn"


def test_the_profile_does_not_let_a_user_change_their_email_or_powers(client, per):
    client.force_login(per)
    client.post(PROFILE, {"name": "Per", "language": "", "email": "evil@example.org",
                          "is_superuser": "on", "is_staff": "on"})
    per.refresh_from_db()
    assert per.email == "per@eksempelvik.example"
    assert not per.is_superuser
    assert not per.is_staff


def test_an_unknown_language_is_a_field_error(client, per):
    client.force_login(per)
    response = client.post(PROFILE, {"name": "Per", "language": "de"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    per.refresh_from_db()
    assert per.language == ""


def test_the_preference_holds_on_pages_outside_any_view_too(client, per):
    """A 404 for an unknown address never reaches a view, yet is shown in the user's language."""
    per.language = "en"
    per.save(update_fields=["language"])
    client.force_login(per)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 404
    assert html_lang(response) == "en"
