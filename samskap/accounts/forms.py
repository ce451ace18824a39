from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import INVITABLE_BY_COORDINATOR, Role, User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


def lockout_username(request: Any, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail address django-axes counts failed logins against (AXES_USERNAME_CALLABLE).

    Lower-cased because logins ignore case: otherwise MIRA@… and Mira@… would each get their
    own allowance of wrong passwords.
    """
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if username else None


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=())

    def __init__(self, *args: Any, may_invite_admins: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = set(INVITABLE_BY_COORDINATOR) | ({Role.ADMIN} if may_invite_admins else set())
        role_field: forms.ChoiceField = self.fields["role"]  # type: ignore[assignment]
        role_field.choices = [(r.value, r.label) for r in Role if r in allowed]
        self.fields["role"].initial = Role.STAFF

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()


class AcceptInvitationForm(forms.Form):
    """For a person without an account: choose a name and a password."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only numbers, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, name=data.get("name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]
        labels = {"language": _("Preferred language")}


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
