"""Login, invitations, members and the user's own profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samskap.accounts import actions
from samskap.accounts.forms import (
    AcceptInvitationForm,
    InvitationForm,
    LoginForm,
    MembershipRoleForm,
    ProfileForm,
)
from samskap.accounts.models import INTERNAL_ROLES, Invitation, Membership, Role, User
from samskap.core.access import get_municipality, require


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Without ``next``: staff land on their municipality's dashboard, others on its page."""
        user = self.request.user
        membership = (
            Membership.objects.filter(user=user)
            .select_related("municipality").order_by("created_at").first()
            if isinstance(user, User) else None
        )
        if membership is None:
            return super().get_default_redirect_url()
        if membership.role in INTERNAL_ROLES:
            return reverse("municipalities:dashboard", args=[membership.municipality.number])
        return membership.municipality.get_absolute_url()


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = actions.find_invitation(token)
    except actions.InvitationError as error:
        return render(request, "accounts/invitation_invalid.html", {"reason": str(error)},
                      status=410)
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if not request.user.is_authenticated and not has_account:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email,
                                    initial={"name": invitation.name})
    if request.method == "POST":
        if not request.user.is_authenticated and has_account:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if form is None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                user = actions.accept_invitation(
                    token, user=request.user, name=data.get("name", ""),
                    password=data.get("password1", ""),
                )
            except actions.InvitationError as error:
                return render(request, "accounts/invitation_invalid.html",
                              {"reason": str(error)}, status=410)
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! You are now a member of %(municipality)s.") % {
                "municipality": invitation.municipality.name})
            return redirect(invitation.municipality)
    return render(request, "accounts/invitation_accept.html", {
        "invitation": invitation, "form": form, "has_account": has_account,
    })


@require_GET
def members(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.view_members", municipality)
    return render(request, "accounts/members.html", {
        "municipality": municipality,
        "memberships": Membership.objects.filter(municipality=municipality)
        .select_related("user").order_by("role", "user__name"),
        "invitations": Invitation.objects.filter(municipality=municipality)
        .select_related("invited_by")[:50],
        "can_invite": request.user.has_perm("samskap.invite_members", municipality),
        "can_manage": request.user.has_perm("samskap.manage_members", municipality),
    })


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.invite_members", municipality)
    may_invite_admins = request.user.has_perm("samskap.manage_members", municipality)
    form = InvitationForm(request.POST or None, may_invite_admins=may_invite_admins)
    if request.method == "POST" and form.is_valid():
        actions.invite_member(
            municipality, invited_by=request.user, **form.cleaned_data,
            accept_url=lambda token: request.build_absolute_uri(
                reverse("accounts:invitation", kwargs={"token": token})),
        )
        messages.success(request, _("An invitation was sent to %(email)s.") % {
            "email": form.cleaned_data["email"]})
        return redirect("members:list", number=number)
    return render(request, "accounts/invite.html", {
        "municipality": municipality, "form": form,
        "invitation_days": settings.SAMSKAP_INVITATION_DAYS,
    })


@require_POST
def revoke(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.invite_members", municipality)
    invitation = get_object_or_404(Invitation, pk=pk, municipality=municipality)
    if invitation.role == Role.ADMIN:
        # Only those who may invite admins may withdraw such an invitation.
        require(request, "samskap.manage_members", municipality)
    actions.revoke_invitation(invitation, request.user)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("members:list", number=number)


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.manage_members", municipality)
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk,
                                   municipality=municipality)
    form = MembershipRoleForm(request.POST or None, initial={"role": membership.role})
    removing = request.method == "POST" and "remove" in request.POST
    if removing or (request.method == "POST" and form.is_valid()):
        try:
            if removing:
                actions.remove_member(membership, request.user)
                messages.success(request, _("%(user)s is no longer a member.") % {
                    "user": membership.user.display_name})
            else:
                actions.change_role(membership, form.cleaned_data["role"], request.user)
                messages.success(request, _("The role was changed."))
        except actions.MembershipError as error:
            messages.error(request, str(error))
        else:
            return redirect("members:list", number=number)
    return render(request, "accounts/membership_edit.html", {
        "municipality": municipality, "membership": membership, "form": form,
    })


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        if not form.cleaned_data["language"]:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        else:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"],
                                max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite="Lax",
                                secure=settings.LANGUAGE_COOKIE_SECURE)
        return response
    return render(request, "accounts/profile.html", {
        "form": form,
        "memberships": request.user.memberships.select_related("municipality"),  # type: ignore[union-attr]
    })
