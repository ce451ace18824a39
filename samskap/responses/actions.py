"""Writes of “you said, we did” beside the stable API of ``services``: staff bring inputs into
a process, people follow a process (their consent to e-mail) or stop, and people assess the
value of a concluded process.

Following and assessing are a person's own acts, not staff actions: they are not written to
the audit log, whose readers would otherwise learn who answered the questionnaire. The
``Follow`` row keeps the consent and its withdrawal with their times.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.accounts.models import Role
from samskap.responses import services, sources
from samskap.responses.models import (
    SCORE_FIELDS,
    Follow,
    Input,
    Respondent,
    ValueAssessment,
)

#: The process states in which its value can be assessed.
ASSESSABLE = ("concluded",)
MUNICIPAL_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.STAFF)


class AssessmentError(Exception):
    """An assessment the process's state does not allow; the message is shown."""


def bring_in(process: Any, keys: Iterable[str], user: Any) -> list[Input]:
    """Make the chosen candidates (``sources.candidates``) inputs of ``process``."""
    wanted = set(keys)
    brought = []
    for candidate in sources.candidates(process):
        if candidate.key in wanted and not candidate.already_in:
            brought.append(services.register_input(
                process, source=candidate.obj, author=candidate.author, text=candidate.text,
                kind=candidate.kind, author_is_public=True, added_by=user))
    return brought


def follow(process: Any, user: Any) -> Follow:
    """``user`` follows ``process`` and consents to e-mail about it, from now."""
    now = timezone.now()
    with transaction.atomic():
        found = Follow.objects.select_for_update().filter(process=process, user=user).first()
        if found is None:
            try:
                with transaction.atomic():
                    return Follow.objects.create(process=process, user=user, consented_at=now)
            except IntegrityError:
                found = Follow.objects.select_for_update().get(process=process, user=user)
        if found.is_active:
            return found
        found.consented_at, found.withdrawn_at = now, None
        found.save(update_fields=["consented_at", "withdrawn_at"])
        return found


def unfollow(process: Any, user: Any) -> Follow | None:
    """``user`` stops following ``process``: the consent to e-mail is withdrawn now."""
    with transaction.atomic():
        found = Follow.objects.select_for_update().filter(process=process, user=user).first()
        if found is not None and found.is_active:
            found.withdrawn_at = timezone.now()
            found.save(update_fields=["withdrawn_at"])
        return found


def respondent_of(process: Any, user: Any) -> str:
    municipal = user.role_in(process.municipality) in MUNICIPAL_ROLES
    return Respondent.MUNICIPALITY if municipal else Respondent.PARTICIPANT


def save_assessment(process: Any, user: Any, *, comment: str = "",
                    **scores: int | None) -> ValueAssessment:
    """Record ``user``'s assessment of ``process``; an earlier one is replaced."""
    if process.state not in ASSESSABLE:
        raise AssessmentError(_("The value of a process is assessed when it is concluded."))
    unknown = set(scores) - set(SCORE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown items: {sorted(unknown)}")
    values = {name: scores.get(name) for name in SCORE_FIELDS}
    defaults = {**values, "comment": (comment or "").strip(),
                "respondent": respondent_of(process, user)}
    with transaction.atomic():
        assessment, _created = ValueAssessment.objects.update_or_create(
            process=process, user=user, defaults=defaults)
    return assessment
