"""Writes on users, memberships and invitations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samskap.accounts.models import ROLE_RANK, Invitation, Membership, Role, User, hash_token
from samskap.audit import log
from samskap.municipalities.models import Municipality


class InvitationError(Exception):
    """The invitation link cannot be used; the message says why."""


class MembershipError(Exception):
    """A change to the members that would leave the municipality without an admin."""


def _would_leave_no_admin(membership: Membership, new_role: str | None) -> bool:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return False
    others = Membership.objects.select_for_update().filter(
        municipality=membership.municipality, role=Role.ADMIN
    ).exclude(pk=membership.pk)
    return not others.exists()


@transaction.atomic
def invite_member(municipality: Municipality, *, email: str, role: str, name: str,
                  invited_by: Any, accept_url: Any) -> Invitation:
    """Create an invitation and e-mail its link. ``accept_url(token)`` builds the full URL."""
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        municipality=municipality, email=email.lower(), role=role, name=name,
        token_hash=token_hash, invited_by=invited_by, expires_at=Invitation.default_expiry(),
    )
    log.record(actor=invited_by, action="invitation.create", obj=invitation,
               municipality=municipality, after={"email": invitation.email, "role": role})
    context = {"invitation": invitation, "url": accept_url(token),
               "days": settings.SAMSKAP_INVITATION_DAYS}
    with translation.override(municipality.default_language):
        subject = _("Invitation to Samskap – %(municipality)s") % {
            "municipality": municipality.name}
        body = render_to_string("accounts/email/invitation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation


def find_invitation(token: str) -> Invitation:
    """The invitation for ``token``, or InvitationError saying why it can't be used."""
    invitation = (
        Invitation.objects.select_related("municipality")
        .filter(token_hash=hash_token(token)).first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.revoked_at:
        raise InvitationError(_("This invitation has been withdrawn."))
    if invitation.is_expired:
        raise InvitationError(_("This invitation has expired. Ask for a new one."))
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, user: Any = None, name: str = "",
                      password: str = "") -> User:
    """Use an invitation once: create the account if needed and give the membership.

    The conditional UPDATE makes a second use fail even when two requests race. It comes
    before the account is created: a racing request waits on the row lock, then finds the
    invitation taken, instead of failing on the unique e-mail address with a server error.
    """
    invitation = find_invitation(token)
    if user is not None and user.is_authenticated and user.email != invitation.email:
        raise InvitationError(_("This invitation was sent to another e-mail address."))
    claimed = Invitation.objects.pending().filter(pk=invitation.pk).update(
        accepted_at=timezone.now()
    )
    if not claimed:
        raise InvitationError(_("This invitation has already been used."))
    if user is None or not user.is_authenticated:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            user = User.objects.create_user(email=invitation.email, password=password,
                                            name=name or invitation.name)
        elif password:
            raise InvitationError(_("An account with this e-mail address exists. Log in first."))
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    membership, created = Membership.objects.get_or_create(
        user=user, municipality=invitation.municipality, defaults={"role": invitation.role}
    )
    if not created and ROLE_RANK[invitation.role] > ROLE_RANK[membership.role]:
        # An invitation only ever raises a role: otherwise a coordinator, who may not manage
        # members, could demote an admin by inviting them.
        before = {"role": membership.role}
        membership.role = invitation.role
        membership.save(update_fields=["role"])
        log.record(actor=user, action="membership.update", obj=membership,
                   municipality=invitation.municipality, before=before,
                   after={"role": membership.role}, reason=_("Invitation accepted"))
    elif created:
        log.record(actor=user, action="membership.create", obj=membership,
                   municipality=invitation.municipality, after={"role": membership.role},
                   reason=_("Invitation accepted"))
    return user


@transaction.atomic
def revoke_invitation(invitation: Invitation, actor: Any) -> None:
    if invitation.accepted_at or invitation.revoked_at:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log.record(actor=actor, action="invitation.revoke", obj=invitation,
               municipality=invitation.municipality, before={"status": "pending"},
               after={"status": "revoked"})


@transaction.atomic
def change_role(membership: Membership, role: str, actor: Any) -> Membership:
    if _would_leave_no_admin(membership, role):
        raise MembershipError(_("The municipality must keep at least one administrator."))
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    log.record(actor=actor, action="membership.update", obj=membership,
               municipality=membership.municipality, before=before, after={"role": role})
    return membership


@transaction.atomic
def remove_member(membership: Membership, actor: Any) -> None:
    if _would_leave_no_admin(membership, None):
        raise MembershipError(_("The municipality must keep at least one administrator."))
    log.record(actor=actor, action="membership.delete", obj=membership,
               municipality=membership.municipality, before={"role": membership.role,
                                                             "user": str(membership.user)})
    membership.delete()
