"""Choosing a new password through a link sent by e-mail."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

RESET = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_done")
NEW_PASSWORD = "a-brand-new-secret-42"


def reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://testserver(/accounts/password-reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def ask_for_link(client, email: str):  # type: ignore[no-untyped-def]
    return client.post(RESET, {"email": email})


def test_it_mails_a_reset_link_to_a_known_address(client, per):
    response = ask_for_link(client, "per@eksempelvik.example")
    assert response.status_code == 302
    assert response.url == SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["per@eksempelvik.example"]
    assert reset_link(mail.outbox[0])


def test_it_finds_the_account_whatever_the_case_of_the_address(client, per):
    ask_for_link(client, "PER@Eksempelvik.example")
    assert len(mail.outbox) == 1


def test_an_unknown_address_gets_the_same_sent_page_and_no_mail(client, per):
    """The answer must not reveal whether an address has an account."""
    known = ask_for_link(client, "per@eksempelvik.example")
    unknown = ask_for_link(client, "nobody@eksempelvik.example")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1
    assert client.get(SENT).status_code == 200


def test_following_the_link_sets_a_new_password_that_works_for_login(client, per):
    ask_for_link(client, "per@eksempelvik.example")
    link = reset_link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]

    response = client.post(set_password_url, {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")

    per.refresh_from_db()
    assert per.check_password(NEW_PASSWORD)
    client.post(reverse("accounts:login"), {
        "username": "per@eksempelvik.example", "password": NEW_PASSWORD})
    assert client.session["_auth_user_id"] == str(per.pk)


def test_it_refuses_a_password_shorter_than_ten_characters(client, per, password):
    ask_for_link(client, "per@eksempelvik.example")
    set_password_url = client.get(reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]

    response = client.post(set_password_url, {
        "new_password1": "Sh0rt-pw", "new_password2": "Sh0rt-pw"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'id="id_new_password2_error"' in page
    per.refresh_from_db()
    assert per.check_password(password)


def test_a_used_link_does_not_work_twice(client, per):
    ask_for_link(client, "per@eksempelvik.example")
    link = reset_link(mail.outbox[0])
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


def test_a_tampered_link_is_refused(client, per):
    ask_for_link(client, "per@eksempelvik.example")
    link = reset_link(mail.outbox[0])
    tampered = link[:-3] + ("a" if link[-3] != "a" else "b") + link[-2:]
    response = client.get(tampered, follow=True)
    assert response.context["validlink"] is False
