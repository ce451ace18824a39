"""“You said, we did”: the inputs that reach a process and the municipality's response to each,
the people who follow a process, and the assessment of the value of co-creation.

An ``Input`` points at whatever it came from (a local knowledge contribution, a comment on the
overview document, a statement of a conversation…) through a generic foreign key, and keeps a
copy of its text: what was heard stays readable even if the source changes or goes. Its
author is the person who said it; ``None`` means pseudonymous, and the public pages call them
"a participant".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InputKind(models.TextChoices):
    """Where an input came from. New activities add a kind here (no migration of rows)."""

    LOCAL_KNOWLEDGE = "local_knowledge", _("Local knowledge")
    STATEMENT = "statement", _("Statement")
    WORKSHOP = "workshop", _("Workshop contribution")
    COMMENT = "comment", _("Comment")
    OTHER = "other", _("Other input")


class Outcome(models.TextChoices):
    """What the municipality did with an input."""

    USED = "used", _("Used")
    PARTLY_USED = "partly_used", _("Partly used")
    NOT_USED = "not_used", _("Not used")
    OUTSIDE_ROOM = "outside_room", _("Outside the room for action")


class InputQuerySet(models.QuerySet["Input"]):
    def unanswered(self) -> InputQuerySet:
        return self.filter(response__isnull=True)

    def answered(self) -> InputQuerySet:
        return self.filter(response__isnull=False)


class Input(models.Model):
    """Something said to the municipality that reached a process and deserves an answer."""

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE,
                                related_name="inputs", verbose_name=_("process"))
    kind = models.CharField(_("kind"), max_length=30, choices=InputKind.choices)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=64)
    source = GenericForeignKey("source_type", "source_id")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="process_inputs",
                               verbose_name=_("author"))
    #: The author's name is already public where the input was given (published local
    #: knowledge, a comment on the overview document); otherwise they are "a participant".
    author_is_public = models.BooleanField(_("author's name is public"), default=False)
    text = models.TextField(_("what was said"), max_length=10000)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = InputQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")
        constraints = [
            models.UniqueConstraint(fields=["process", "source_type", "source_id"],
                                    name="one_input_per_source_and_process"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def public_author(self) -> str:
        """How the public pages name the author: their name only if they made it public."""
        if self.author is not None and self.author_is_public and self.author.name:
            return self.author.name
        return str(_("a participant"))


class Response(models.Model):
    """The municipality's answer to one input: what it did with it, why, and where it went.

    Several inputs answered together share their theme, outcome and why. The link is a free
    title and address for now; ``target`` can point at a priority, a goal or a measure once
    those exist, without a migration of the rows.
    """

    input = models.OneToOneField(Input, on_delete=models.CASCADE, related_name="response")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    why = models.TextField(_("why"), max_length=4000)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    link_title = models.CharField(_("where it went"), max_length=200, blank=True)
    link_url = models.CharField(_("link"), max_length=500, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("answered by"))
    responded_at = models.DateTimeField(_("answered"))

    class Meta:
        ordering = ["theme", "responded_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values),
                                   name="response_outcome_known"),
            models.CheckConstraint(condition=~Q(why=""), name="response_why_given"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.input}"


class FollowQuerySet(models.QuerySet["Follow"]):
    def active(self) -> FollowQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Follow(models.Model):
    """A person follows a process and agreed to hear about it by e-mail.

    Following is the consent: ``consented_at`` records when it was given, ``withdrawn_at`` when
    it was withdrawn (the row stays, so the record of consent does too). Following again
    gives consent anew.
    """

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE,
                                related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="process_follows")
    consented_at = models.DateTimeField(_("consent to e-mail given"))
    withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["-consented_at"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["process", "user"], name="one_follow_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.process}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Respondent(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality's staff")
    PARTICIPANT = "participant", _("Participants")


LIKERT = [(value, str(value)) for value in range(1, 6)]
#: The scored items of the questionnaire, as fields of ``ValueAssessment`` (see values.py).
SCORE_FIELDS = ("empowerment", "social_capital", "trust", "efficiency", "quality",
                "innovation", "public_value")


def _score(label: Any) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(label, choices=LIKERT, null=True, blank=True)


class ValueAssessment(models.Model):
    """One person's assessment of a concluded process on the four values of co-creation
    (Agger, Tortzen & Rosenberg 2018). One per person and process; answering again replaces
    it. A score left empty means "can't say". The items are in ``values.ITEMS``.
    """

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE,
                                related_name="value_assessments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    respondent = models.CharField(_("answered as"), max_length=20, choices=Respondent.choices)
    empowerment = _score(_("empowerment"))
    social_capital = _score(_("social capital"))
    trust = _score(_("trust"))
    efficiency = _score(_("efficiency"))
    quality = _score(_("quality"))
    innovation = _score(_("innovation"))
    public_value = _score(_("public value"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["process", "created_at"]
        verbose_name = _("value assessment")
        verbose_name_plural = _("value assessments")
        constraints = [
            # An erased person's answer stays in the results with no user; NULLs are
            # distinct, so any number of such answers may stay.
            models.UniqueConstraint(fields=["process", "user"],
                                    name="one_assessment_per_person_and_process"),
            *[models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5})
                | Q(**{f"{name}__isnull": True}),
                name=f"assessment_{name}_1_to_5") for name in SCORE_FIELDS],
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.get_respondent_display()}"
