"""Writes on the overview document. Each is atomic, keeps the document's rules and is audited.

The rules: staff write while the document is a draft or on consultation; a coordinator moves
it draft → on consultation (open for comments until a date) → adopted, or back to draft from
consultation; an adopted document is frozen, with its content and HTML stored as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.audit import log
from samskap.knowledge.models import (
    Category,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    OverviewComment,
    OverviewDocument,
    OverviewSection,
)
from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle

DOCUMENT_FIELDS = ("title", "introduction", "status", "consultation_until", "adopted_at",
                   "cycle")
TEXT_FIELDS = ("challenges", "resources", "causes_and_consequences", "inequality")
Status = OverviewDocument.Status

#: Where a document may go from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.CONSULTATION,),
    # On consultation again: a new closing date.
    Status.CONSULTATION: (Status.CONSULTATION, Status.ADOPTED, Status.DRAFT),
    Status.ADOPTED: (),
}


class OverviewRuleError(Exception):
    """A request that breaks the document's rules; the message is shown to the user."""


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _lock(document: OverviewDocument) -> OverviewDocument:
    """Re-read the document under a row lock, so two saves or transitions can't interleave."""
    return (OverviewDocument.objects.select_for_update(of=("self",))
            .select_related("municipality", "cycle").get(pk=document.pk))


def ensure_editable(document: OverviewDocument) -> None:
    if document.is_frozen:
        raise OverviewRuleError(_(
            "This overview document is adopted and can no longer be changed. Start a new "
            "document for the next version."))


def comments_are_open(document: OverviewDocument, today: dt.date | None = None) -> bool:
    """True while the document is on consultation and its closing date has not passed."""
    today = today or timezone.localdate()
    return (document.status == Status.CONSULTATION
            and (document.consultation_until is None or today <= document.consultation_until))


@transaction.atomic
def create_document(municipality: Municipality, actor: Any, *, title: str,
                    introduction: str = "", cycle: Cycle | None = None) -> OverviewDocument:
    """A new draft with an empty section for each of the seven areas."""
    if cycle is not None and cycle.municipality_id != municipality.pk:
        raise OverviewRuleError(_("The cycle belongs to another municipality."))
    document = OverviewDocument.objects.create(
        municipality=municipality, cycle=cycle, title=title, introduction=introduction,
        created_by=_person(actor),
    )
    OverviewSection.objects.bulk_create(
        OverviewSection(document=document, category=category) for category in Category.values
    )
    log.record(actor=actor, action="overview.create", obj=document, municipality=municipality,
               after=log.snapshot(document, DOCUMENT_FIELDS))
    return document


@transaction.atomic
def update_document(document: OverviewDocument, actor: Any, *, title: str,
                    introduction: str) -> OverviewDocument:
    document = _lock(document)
    ensure_editable(document)
    before = log.snapshot(document, DOCUMENT_FIELDS)
    document.title = title
    document.introduction = introduction
    document.save(update_fields=["title", "introduction", "updated_at"])
    after = log.snapshot(document, DOCUMENT_FIELDS)
    if before != after:
        log.record(actor=actor, action="overview.update", obj=document,
                   municipality=document.municipality, before=before, after=after)
    return document


def _section_snapshot(section: OverviewSection) -> dict[str, Any]:
    data = log.snapshot(section, TEXT_FIELDS)
    data["indicators"] = sorted(section.indicators.values_list("code", flat=True))
    data["local_knowledge"] = sorted(section.local_knowledge.values_list("pk", flat=True))
    data["knowledge_gaps"] = sorted(section.knowledge_gaps.values_list("pk", flat=True))
    return data


def _check_citations(municipality: Municipality, indicators: list[Indicator],
                     local_knowledge: list[LocalKnowledge],
                     knowledge_gaps: list[KnowledgeGap]) -> None:
    """The form limits the choices already; this keeps the tenant boundary for every caller."""
    foreign = (
        [i for i in indicators if i.municipality_id not in (None, municipality.pk)]
        + [k for k in local_knowledge if k.municipality_id != municipality.pk or
           k.status != "published"]
        + [g for g in knowledge_gaps if g.municipality_id != municipality.pk]
    )
    if foreign:
        raise OverviewRuleError(_("Only this municipality's indicators, published local "
                                  "knowledge and knowledge gaps can be cited."))


@transaction.atomic
def update_section(section: OverviewSection, actor: Any, *, challenges: str, resources: str,
                   causes_and_consequences: str, inequality: str,
                   indicators: Iterable[Indicator] = (),
                   local_knowledge: Iterable[LocalKnowledge] = (),
                   knowledge_gaps: Iterable[KnowledgeGap] = ()) -> OverviewSection:
    """Save an area's four assessments and what it cites."""
    document = _lock(section.document)
    ensure_editable(document)
    indicators, local_knowledge = list(indicators), list(local_knowledge)
    knowledge_gaps = list(knowledge_gaps)
    _check_citations(document.municipality, indicators, local_knowledge, knowledge_gaps)
    section = OverviewSection.objects.get(pk=section.pk)
    before = _section_snapshot(section)
    section.challenges, section.resources = challenges, resources
    section.causes_and_consequences, section.inequality = causes_and_consequences, inequality
    section.save(update_fields=list(TEXT_FIELDS))
    section.indicators.set(indicators)
    section.local_knowledge.set(local_knowledge)
    section.knowledge_gaps.set(knowledge_gaps)
    after = _section_snapshot(section)
    if before != after:
        document.save(update_fields=["updated_at"])
        log.record(actor=actor, action="overview.section.update", obj=section,
                   municipality=document.municipality, before=before, after=after)
    return section


@transaction.atomic
def change_status(document: OverviewDocument, actor: Any, status: str, *,
                  consultation_until: dt.date | None = None) -> OverviewDocument:
    """Move the document on (or back); adopting freezes its content and HTML."""
    from samskap.knowledge.document import build_document
    from samskap.knowledge.document.html import render_html

    document = _lock(document)
    if status not in TRANSITIONS.get(document.status, ()):
        if document.is_frozen:
            ensure_editable(document)
        raise OverviewRuleError(_("A document that is “%(current)s” cannot become “%(next)s”.")
                                % {"current": document.get_status_display(),
                                   "next": Status(status).label if status in Status.values
                                   else status})
    before = log.snapshot(document, DOCUMENT_FIELDS)
    fields = ["status", "updated_at"]
    if status == Status.CONSULTATION:
        if consultation_until is None:
            raise OverviewRuleError(_("Say until when comments are open."))
        if consultation_until < timezone.localdate():
            raise OverviewRuleError(_("The closing date for comments has already passed."))
        document.consultation_until = consultation_until
        fields.append("consultation_until")
    document.status = status
    if status == Status.ADOPTED:
        document.adopted_at = timezone.now()
        content = build_document(document)
        document.adopted_content = content.to_json()
        document.adopted_html = render_html(content)
        fields += ["adopted_at", "adopted_content", "adopted_html"]
    document.save(update_fields=fields)
    log.record(actor=actor, action="overview.status", obj=document,
               municipality=document.municipality, before=before,
               after=log.snapshot(document, DOCUMENT_FIELDS))
    return document


@transaction.atomic
def add_comment(document: OverviewDocument, actor: Any, *, text: str,
                section: OverviewSection | None = None) -> OverviewComment:
    """A comment on the whole document or one of its sections, while on consultation."""
    document = _lock(document)
    if not comments_are_open(document):
        raise OverviewRuleError(_("Comments are open only while the document is on "
                                  "consultation."))
    if section is not None and section.document_id != document.pk:
        raise OverviewRuleError(_("The section belongs to another document."))
    text = text.strip()
    if not text:
        raise OverviewRuleError(_("Write a comment."))
    comment = OverviewComment.objects.create(document=document, section=section,
                                             author=_person(actor), text=text)
    log.record(actor=actor, action="overview.comment", obj=comment,
               municipality=document.municipality,
               # The state, not the person's words: the comment itself is the record.
               after={"section": str(section) if section else ""})
    return comment


@transaction.atomic
def respond_to_comment(comment: OverviewComment, actor: Any, response: str) -> OverviewComment:
    """The municipality's answer to a comment (also after adoption: "you said, we did")."""
    comment = (OverviewComment.objects.select_for_update(of=("self",))
               .select_related("document__municipality").get(pk=comment.pk))
    before = {"response": comment.response}
    comment.response = response.strip()
    comment.save(update_fields=["response"])
    log.record(actor=actor, action="overview.comment.respond", obj=comment,
               municipality=comment.document.municipality, before=before,
               after={"response": comment.response})
    return comment
