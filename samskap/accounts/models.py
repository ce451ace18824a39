"""Users, their roles in municipalities, invitations and external identities.

Identity design: a ``User`` is a person known by e-mail. How they prove who they are is kept
apart: a password today, later an ``ExternalIdentity`` (e.g. ID-porten's OpenID Connect
``sub``) linked to the same user row. Adding ID-porten therefore adds rows, never migrates
users. The national identity number is never stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.municipalities.models import Municipality


class Role(models.TextChoices):
    """A user's role within one municipality. Site admins are ``User.is_superuser``."""

    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Public health coordinator")
    STAFF = "staff", _("Staff")
    POLITICIAN = "politician", _("Politician")
    PARTNER = "partner", _("Partner")
    CITIZEN = "citizen", _("Citizen")


#: Roles from most to least power; an invitation never moves anyone down this list.
ROLE_RANK: dict[str, int] = {role.value: rank for rank, role in enumerate(
    [Role.CITIZEN, Role.PARTNER, Role.POLITICIAN, Role.STAFF, Role.COORDINATOR, Role.ADMIN]
)}

#: Roles that work inside the municipal organisation (see internal pages).
INTERNAL_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.STAFF, Role.POLITICIAN})
#: Roles a coordinator may hand out by invitation (admins may also invite admins).
INVITABLE_BY_COORDINATOR = frozenset(
    {Role.COORDINATOR, Role.STAFF, Role.POLITICIAN, Role.PARTNER}
)


class UserManager(DjangoUserManager):  # type: ignore[type-arg]
    def _create_user(self, username: Any, email: Any, password: Any, **extra: Any) -> Any:
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(None, email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> Any:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, blank=True
    )
    is_staff = models.BooleanField(
        _("site administrator"), default=False,
        help_text=_("May use the site administration."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name shown to others; never the e-mail address, which may be private."""
        return self.name or str(_("(name not given)"))

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    def role_in(self, municipality: Municipality) -> str | None:
        """This user's role in ``municipality``, or None. Cached per request object."""
        cache: dict[int, str | None] = self.__dict__.setdefault("_role_cache", {})
        if municipality.pk not in cache:
            cache[municipality.pk] = (
                Membership.objects.filter(user=self, municipality=municipality)
                .values_list("role", flat=True)
                .first()
            )
        return cache[municipality.pk]


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("title"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["municipality", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_membership_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality.name})"


def hash_token(token: str) -> str:
    """Invitation tokens are stored hashed, so a database leak reveals no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True,
                           expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link that makes the holder a member with a given role."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="invitations",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.municipality.name} ({self.get_role_display()})"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        """Return (token for the link, hash to store)."""
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @staticmethod
    def default_expiry() -> Any:
        return timezone.now() + timedelta(days=settings.SAMSKAP_INVITATION_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.accepted_at:
            return str(_("accepted"))
        if self.revoked_at:
            return str(_("revoked"))
        if self.is_expired:
            return str(_("expired"))
        return str(_("pending"))


class ExternalIdentity(models.Model):
    """A login through an external identity provider (ID-porten OIDC), linked to a user.

    ``subject`` is the provider's pairwise ``sub`` claim, never a national identity number.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField(max_length=50)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="unique_external_subject"),
            models.CheckConstraint(condition=~Q(subject=""), name="external_subject_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject[:8]}…"
