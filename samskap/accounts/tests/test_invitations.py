"""Invitations: single-use, expiring links that make the holder a member with a role."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from samskap.accounts import actions
from samskap.accounts.models import Invitation, Membership, Role, User, hash_token
from samskap.audit.models import AuditEntry
from samskap.testing.factories import MunicipalityFactory

INVITE = reverse("members:invite", kwargs={"number": "9999"})
NEW_PASSWORD = "lang-og-trygt-passord"


def invitation_path(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://testserver(/accounts/invitation/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def new_invitation(municipality, inviter, email="nora@eksempelvik.example", role=Role.STAFF):  # type: ignore[no-untyped-def]
    """An invitation made directly (no mail), returning it and its link's token."""
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        municipality=municipality, email=email, role=role, token_hash=token_hash,
        invited_by=inviter, expires_at=Invitation.default_expiry(),
    )
    return invitation, token


def link(token: str) -> str:
    return reverse("accounts:invitation", kwargs={"token": token})


def says(response, english: str) -> bool:  # type: ignore[no-untyped-def]
    """The page shows ``english`` in the language it was rendered in."""
    with translation.override(response["Content-Language"]):
        return translation.gettext(english) in response.content.decode()


def account_form(name: str = "Nora Ny", password: str = NEW_PASSWORD) -> dict[str, str]:
    return {"name": name, "password1": password, "password2": password}


@pytest.fixture
def invited(client, mira, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Mira invites nora@… as staff through the page; returns the link's path."""
    client.force_login(mira)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, {
            "email": "Nora@Eksempelvik.example", "name": "Nora Ny", "role": Role.STAFF})
    assert response.status_code == 302
    client.logout()
    return invitation_path(mail.outbox[0])


class TestSending:
    def test_mira_invites_an_email_address_as_staff_and_a_mail_with_the_link_is_sent(
        self, client, mira, django_capture_on_commit_callbacks
    ):
        client.force_login(mira)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(INVITE, {
                "email": "nora@eksempelvik.example", "name": "Nora Ny", "role": Role.STAFF})

        assert response.status_code == 302
        assert response.url == reverse("members:list", kwargs={"number": "9999"})
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["nora@eksempelvik.example"]
        assert "Eksempelvik" in message.subject
        invitation = Invitation.objects.get()
        assert invitation.role == Role.STAFF
        assert invitation.invited_by == mira
        assert AuditEntry.objects.filter(action="invitation.create").count() == 1

    def test_the_token_is_stored_only_as_a_hash(self, invited):
        token = token_of(invited)
        invitation = Invitation.objects.get()
        assert invitation.token_hash != token
        assert invitation.token_hash == hash_token(token)
        assert not Invitation.objects.filter(token_hash=token).exists()

    def test_an_invalid_email_address_shows_a_field_error_and_sends_nothing(
        self, client, mira, django_capture_on_commit_callbacks
    ):
        client.force_login(mira)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(INVITE, {"email": "not-an-address", "role": Role.STAFF})
        assert response.status_code == 200
        assert 'class="error-summary"' in response.content.decode()
        assert not Invitation.objects.exists()
        assert mail.outbox == []

    def test_a_coordinator_cannot_choose_the_admin_role(self, client, mira):
        client.force_login(mira)
        page = client.get(INVITE).content.decode()
        assert f'value="{Role.STAFF}"' in page
        assert f'value="{Role.ADMIN}"' not in page

    def test_a_coordinator_cannot_post_the_admin_role_either(self, client, mira):
        client.force_login(mira)
        response = client.post(INVITE, {"email": "boss@eksempelvik.example", "role": Role.ADMIN})
        assert response.status_code == 200
        assert "role" in response.context["form"].errors
        assert not Invitation.objects.exists()

    def test_an_admin_can_invite_an_admin(self, client, ada, django_capture_on_commit_callbacks):
        client.force_login(ada)
        assert f'value="{Role.ADMIN}"' in client.get(INVITE).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(INVITE, {"email": "boss@eksempelvik.example",
                                            "role": Role.ADMIN})
        assert response.status_code == 302
        assert Invitation.objects.get().role == Role.ADMIN

    def test_a_citizen_cannot_open_the_invite_page(self, client, cem):
        client.force_login(cem)
        assert client.get(INVITE).status_code == 403

    def test_staff_cannot_invite(self, client, per):
        client.force_login(per)
        assert client.get(INVITE).status_code == 403

    def test_olav_of_nabovik_gets_404_on_eksempelviks_member_pages(self, client, olav):
        client.force_login(olav)
        assert client.get(reverse("members:list", kwargs={"number": "9999"})).status_code == 404
        assert client.get(INVITE).status_code == 404

    def test_an_anonymous_visitor_is_sent_to_login(self, client, eksempelvik):
        response = client.get(INVITE)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    def test_mira_can_withdraw_a_pending_invitation(self, client, mira):
        invitation, _token = new_invitation(mira.memberships.get().municipality, mira)
        client.force_login(mira)
        response = client.post(reverse("members:revoke_invitation",
                                       kwargs={"number": "9999", "pk": invitation.pk}))
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        assert AuditEntry.objects.filter(action="invitation.revoke").count() == 1

    def test_olav_cannot_withdraw_eksempelviks_invitation(self, client, mira, olav):
        invitation, _token = new_invitation(mira.memberships.get().municipality, mira)
        client.force_login(olav)
        for number in ["9999", "9998"]:
            response = client.post(reverse("members:revoke_invitation",
                                           kwargs={"number": number, "pk": invitation.pk}))
            assert response.status_code == 404
        invitation.refresh_from_db()
        assert invitation.revoked_at is None


class TestAccepting:
    def test_an_anonymous_visitor_sees_the_account_form(self, client, invited):
        response = client.get(invited)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'name="password1"' in page
        assert 'name="password2"' in page
        assert 'value="Nora Ny"' in page

    @pytest.mark.parametrize(("password1", "password2", "field"), [
        ("kort", "kort", "password1"),
        ("1234567890123", "1234567890123", "password1"),
        ("password123", "password123", "password1"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "password2"),
        ("", "", "password1"),
    ])
    def test_bad_passwords_show_field_errors_with_an_error_summary(
        self, client, invited, password1, password2, field
    ):
        response = client.post(invited, {"name": "Nora", "password1": password1,
                                          "password2": password2})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'class="error-summary"' in page
        assert f'href="#id_{field}"' in page
        assert f'id="id_{field}_error"' in page
        assert not User.objects.filter(email="nora@eksempelvik.example").exists()

    def test_accepting_creates_the_user_the_membership_logs_in_and_audits(
        self, client, invited, eksempelvik
    ):
        response = client.post(invited, account_form())

        assert response.status_code == 302
        assert response.url == eksempelvik.get_absolute_url()
        user = User.objects.get(email="nora@eksempelvik.example")
        assert user.name == "Nora Ny"
        assert user.check_password(NEW_PASSWORD)
        assert Membership.objects.get(user=user).role == Role.STAFF
        assert client.session["_auth_user_id"] == str(user.pk)
        entry = AuditEntry.objects.get(action="membership.create")
        assert entry.actor == user
        assert entry.municipality == eksempelvik
        invitation = Invitation.objects.get()
        assert invitation.accepted_at is not None
        assert invitation.accepted_by == user

    def test_the_second_use_of_the_link_gets_410_already_used(self, client, invited):
        client.post(invited, account_form())
        client.logout()

        for method in (client.get, client.post):
            response = method(invited)
            assert response.status_code == 410
            assert says(response, "This invitation has already been used.")
        assert User.objects.filter(email="nora@eksempelvik.example").count() == 1

    def test_an_expired_link_gets_410(self, client, invited):
        Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        response = client.get(invited)
        assert response.status_code == 410
        assert says(response, "This invitation has expired. Ask for a new one.")
        assert client.post(invited, account_form()).status_code == 410
        assert not User.objects.filter(email="nora@eksempelvik.example").exists()

    def test_a_withdrawn_link_gets_410(self, client, invited, mira):
        actions.revoke_invitation(Invitation.objects.get(), mira)
        response = client.get(invited)
        assert response.status_code == 410
        assert says(response, "This invitation has been withdrawn.")
        assert client.post(invited, account_form()).status_code == 410

    def test_an_unknown_token_gets_410(self, client, db):
        response = client.get(link("not-a-real-token"))
        assert response.status_code == 410
        assert says(response, "This invitation link is not valid.")

    def test_an_existing_user_must_log_in_first_and_then_accepts(
        self, client, mira, eksempelvik, nabovik, olav
    ):
        invitation, token = new_invitation(eksempelvik, mira, email="olav@nabovik.example",
                                           role=Role.PARTNER)
        page = client.get(link(token))
        assert page.status_code == 200
        assert 'name="password1"' not in page.content.decode()
        assert reverse("accounts:login") in page.content.decode()

        # Posting anonymously (even with a password) does not accept; it asks for a login.
        response = client.post(link(token), account_form(password="a-new-password-here"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

        client.force_login(olav)
        response = client.post(link(token))
        assert response.status_code == 302
        assert Membership.objects.get(user=olav, municipality=eksempelvik).role == Role.PARTNER
        assert Membership.objects.get(user=olav, municipality=nabovik).role == Role.COORDINATOR

    def test_a_logged_in_user_with_another_email_cannot_accept(self, client, invited, per):
        client.force_login(per)
        response = client.post(invited)
        assert response.status_code == 410
        assert says(response, "This invitation was sent to another e-mail address.")
        assert Invitation.objects.get().accepted_at is None
        assert Membership.objects.get(user=per).role == Role.STAFF

    def test_accepting_an_invitation_with_a_new_role_changes_the_role_and_audits(
        self, client, eksempelvik, mira, cem
    ):
        _invitation, token = new_invitation(eksempelvik, mira, email=cem.email,
                                            role=Role.PARTNER)
        client.force_login(cem)
        assert client.post(link(token)).status_code == 302
        assert Membership.objects.get(user=cem).role == Role.PARTNER
        entry = AuditEntry.objects.get(action="membership.update")
        assert (entry.before, entry.after) == ({"role": Role.CITIZEN}, {"role": Role.PARTNER})


class TestAcceptInvitationAction:
    def test_calling_it_twice_gives_one_membership_and_then_an_error(self, eksempelvik, mira):
        _invitation, token = new_invitation(eksempelvik, mira)
        user = actions.accept_invitation(token, name="Nora", password=NEW_PASSWORD)
        with pytest.raises(actions.InvitationError):
            actions.accept_invitation(token, name="Nora", password=NEW_PASSWORD)
        assert Membership.objects.filter(user=user).count() == 1
        assert AuditEntry.objects.filter(action="membership.create").count() == 1

    def test_its_conditional_update_stops_a_racing_second_use(
        self, eksempelvik, mira, cem, per, monkeypatch
    ):
        """Two requests both read the invitation as unused; only the first may claim it.

        The second request's copy is stale (read before the first one committed), so the
        checks in ``find_invitation`` pass; the conditional UPDATE must still refuse it.
        """
        invitation, token = new_invitation(eksempelvik, mira, email="nora@eksempelvik.example",
                                           role=Role.COORDINATOR)
        stale = actions.find_invitation(token)
        first = actions.accept_invitation(token, name="Nora", password=NEW_PASSWORD)

        monkeypatch.setattr(actions, "find_invitation", lambda _token: stale)
        with translation.override("en"), pytest.raises(actions.InvitationError,
                                                       match="already been used"):
            actions.accept_invitation(token, user=first)

        invitation.refresh_from_db()
        assert invitation.accepted_by == first
        assert Membership.objects.filter(municipality=eksempelvik,
                                         role=Role.COORDINATOR).count() == 2  # mira + nora
        assert AuditEntry.objects.filter(action__startswith="membership.").count() == 1

    def test_a_refused_second_use_leaves_no_trace(self, eksempelvik, mira, monkeypatch):
        """The race loser must not leave a half-made account behind (the action is atomic)."""
        _invitation, token = new_invitation(eksempelvik, mira, email="nora@eksempelvik.example")
        stale = actions.find_invitation(token)
        actions.accept_invitation(token, name="Nora", password=NEW_PASSWORD)
        users_before = User.objects.count()

        monkeypatch.setattr(actions, "find_invitation", lambda _token: stale)
        stale.email = "other@eksempelvik.example"  # as if a different person raced
        with pytest.raises(actions.InvitationError):
            actions.accept_invitation(token, name="Other", password=NEW_PASSWORD)

        assert User.objects.count() == users_before


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_one_link_give_one_account_and_one_clean_refusal(monkeypatch):
    """Both requests pass ``find_invitation`` before either claims; one wins, one gets told."""
    eksempelvik = MunicipalityFactory(number="9999", name="Eksempelvik")
    _invitation, token = new_invitation(eksempelvik, None)
    both_have_read = threading.Barrier(2, timeout=10)
    real_find = actions.find_invitation

    def find_then_wait(token: str) -> Invitation:
        invitation = real_find(token)
        both_have_read.wait()
        return invitation

    monkeypatch.setattr(actions, "find_invitation", find_then_wait)
    outcomes: list[object] = []

    def accept(name: str) -> None:
        try:
            outcomes.append(actions.accept_invitation(token, name=name, password=NEW_PASSWORD))
        except Exception as error:  # the test inspects what was raised
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(name,)) for name in ("Nora", "Nils")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    users = [o for o in outcomes if isinstance(o, User)]
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(users) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], actions.InvitationError), outcomes
    assert User.objects.filter(email="nora@eksempelvik.example").count() == 1
    assert Membership.objects.filter(municipality=eksempelvik).count() == 1
