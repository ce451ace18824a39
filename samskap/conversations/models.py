"""Conversations (Pol.is style): statements, pseudonymous participants, their votes, consented
demographic answers and the computed opinion map.

A conversation belongs to a co-creation process. People take part without registering: a
:class:`Participant` is a random id in a signed cookie, joined to an account when its holder
logs in. One vote per participant and statement is a database constraint; a changed vote
replaces the earlier one (an upsert, see ``actions.record_vote``).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Length limits of a statement, in characters (Pol.is uses 140; Norwegian needs a bit more).
STATEMENT_MIN_LENGTH = 10
STATEMENT_MAX_LENGTH = 280
IMPORTED_MAX_LENGTH = 2000


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: new statements wait for approval")
    POST = "post", _("Post-moderation: new statements show at once and can be hidden")


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def of(self, municipality: Any) -> ConversationQuerySet:
        return self.filter(process__municipality=municipality)

    def published(self) -> ConversationQuerySet:
        """Conversations the public may see: those of published processes."""
        return self.exclude(process__state="draft")

    def open(self) -> ConversationQuerySet:
        """Taking votes now: the process is open and today is within the dates."""
        today = timezone.localdate()
        return self.filter(process__state="open").filter(
            Q(opens_on__isnull=True) | Q(opens_on__lte=today),
            Q(closes_on__isnull=True) | Q(closes_on__gte=today))


class Conversation(models.Model):
    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE,
                                related_name="conversations", verbose_name=_("process"))
    topic = models.CharField(_("topic"), max_length=200,
                             help_text=_("The question people respond to, in plain language."))
    description = models.TextField(_("introduction"), blank=True, max_length=4000)
    reading_url = models.URLField(_("link to background reading"), blank=True)
    reading_text = models.TextField(_("background reading"), blank=True, max_length=8000)
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    moderation = models.CharField(_("moderation"), max_length=4, choices=ModerationMode.choices,
                                  default=ModerationMode.PRE)
    requires_login = models.BooleanField(
        _("requires login"), default=False,
        help_text=_("Only people who are logged in may vote and write: one person, one voice."))
    k_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown"), default=5, validators=[MinValueValidator(2),
                                                          MaxValueValidator(50)],
        help_text=_("Demographics and shares of groups with fewer people are never shown."))
    #: When a recomputation of the map was last queued (the debounce, see actions).
    map_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="conversation_closes_after_it_opens"),
            models.CheckConstraint(condition=Q(k_threshold__gte=2),
                                   name="conversation_k_at_least_two"),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail",
                       kwargs={"number": self.process.municipality.number, "pk": self.pk})

    @property
    def municipality(self) -> Any:
        return self.process.municipality

    @property
    def is_published(self) -> bool:
        return bool(self.process.is_published)

    def is_open(self) -> bool:
        today = timezone.localdate()
        return (self.process.state == "open"
                and (self.opens_on is None or self.opens_on <= today)
                and (self.closes_on is None or self.closes_on >= today))


class StatementState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden")
    REJECTED = "rejected", _("Rejected")


class StatementQuerySet(models.QuerySet["Statement"]):
    def visible(self) -> StatementQuerySet:
        return self.filter(state=StatementState.VISIBLE)

    def pending(self) -> StatementQuerySet:
        return self.filter(state=StatementState.PENDING)

    def with_counts(self) -> StatementQuerySet:
        return self.annotate(
            agree_count=Count("votes", filter=Q(votes__value=1)),
            disagree_count=Count("votes", filter=Q(votes__value=-1)),
            pass_count=Count("votes", filter=Q(votes__value=0)),
            vote_count=Count("votes"),
        )


class Statement(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="statements", verbose_name=_("conversation"))
    #: New statements are at most STATEMENT_MAX_LENGTH long (forms and actions); imported
    #: ones (Pol.is allows longer) up to IMPORTED_MAX_LENGTH.
    text = models.TextField(_("statement"), max_length=IMPORTED_MAX_LENGTH)
    #: SHA-256 of the text folded for duplicate detection (``text.normalise``): unique per
    #: conversation, and short enough for a B-tree index whatever the text's length.
    fingerprint = models.CharField(max_length=64, editable=False)
    author = models.ForeignKey("Participant", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="statements", verbose_name=_("author"))
    is_seed = models.BooleanField(_("seed statement"), default=False,
                                  help_text=_("Written by the municipality to start the "
                                              "conversation."))
    state = models.CharField(_("state"), max_length=10, choices=StatementState.choices,
                             default=StatementState.PENDING)
    moderation_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    #: The statement id in an imported Pol.is export ("comment-id").
    external_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "fingerprint"], name="statement_unique_in_conversation",
                violation_error_message=_("This statement is already in the conversation.")),
            models.CheckConstraint(
                condition=Q(state__in=StatementState.values), name="statement_state_known"),
        ]
        indexes = [models.Index(fields=["conversation", "state"])]

    def __str__(self) -> str:
        return self.text


def new_participant_token() -> str:
    return secrets.token_urlsafe(18)


class Participant(models.Model):
    """Someone taking part, known by a random id kept in a signed cookie, or by an account."""

    token = models.CharField(max_length=32, unique=True, default=new_participant_token,
                             editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="participant")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"P-{self.token[:8]}"


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    PASS = 0, _("Pass / unsure")
    DISAGREE = -1, _("Disagree")


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE,
                                    related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"],
                                    name="one_vote_per_participant_and_statement"),
            models.CheckConstraint(condition=Q(value__in=(-1, 0, 1)), name="vote_value_known"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.value:+d} #{self.statement_id}"


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("under 18")
    FROM_18 = "18-29", _("18–29")
    FROM_30 = "30-44", _("30–44")
    FROM_45 = "45-66", _("45–66")
    FROM_67 = "67-79", _("67–79")
    FROM_80 = "80+", _("80 or older")


class Gender(models.TextChoices):
    WOMAN = "female", _("Woman")
    MAN = "male", _("Man")
    OTHER = "other", _("Other / not listed")


class Education(models.TextChoices):
    """FHI's education strata (UTDANN 1–3), so participation compares with the statistics."""

    PRIMARY = "1", _("Primary and lower secondary school")
    SECONDARY = "2", _("Upper secondary school")
    HIGHER = "3", _("Higher education (college, university)")


class Demographics(models.Model):
    """A participant's consented, optional answers for one municipality. Withdrawing the consent
    deletes the row; every answer may be left out."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE,
                                    related_name="demographics")
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE,
                                     related_name="+")
    consented_at = models.DateTimeField(_("consent given"), default=timezone.now)
    district = models.ForeignKey("municipalities.District", on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("district"))
    age_band = models.CharField(_("age"), max_length=5, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    education = models.CharField(_("highest completed education"), max_length=1,
                                 choices=Education.choices, blank=True)

    class Meta:
        verbose_name = _("demographic answers")
        verbose_name_plural = _("demographic answers")
        constraints = [
            models.UniqueConstraint(fields=["participant", "municipality"],
                                    name="demographics_once_per_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.municipality_id}"


class ComputedMap(models.Model):
    """The latest opinion map of a conversation (``OpinionMap.to_json``), computed by the
    worker."""

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE,
                                        related_name="computed_map")
    result = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("computed"))
    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    participant_count = models.PositiveIntegerField(_("participants"), default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("computed opinion map")
        verbose_name_plural = _("computed opinion maps")

    def __str__(self) -> str:
        return f"{self.conversation} @ {self.computed_at:%Y-%m-%d %H:%M:%S}"


class RateCounter(models.Model):
    """Requests in one fixed window for one key (a participant, or a hashed address).

    Kept in the database, not Django's cache: the default cache is per process, so several
    gunicorn workers would each count on their own; the database is shared by all of them and
    increments with ``F()`` are atomic.
    """

    key = models.CharField(max_length=100)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"],
                                               name="rate_counter_once_per_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}={self.count}"
