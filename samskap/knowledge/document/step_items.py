"""The overview document on the cycle's step pages (planning.steps registry).

Step 1 lists the cycle's overview documents with their status; step 2 (the plan strategy)
starts from the public health challenges of the latest adopted document, or else of the one
on consultation. Step pages are public, so a draft shows only as a count, without its title
or text.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samskap.knowledge.document.build import anchor_for
from samskap.knowledge.models import Category, OverviewDocument
from samskap.planning import steps
from samskap.planning.models import CycleStep
from samskap.planning.steps import LinkedItem

OVERVIEW, PLAN_STRATEGY = (1,), (2,)


def _documents(step: CycleStep) -> QuerySet[OverviewDocument]:
    """The documents of the step's cycle, and those of its municipality tied to no cycle."""
    cycle = step.cycle
    return OverviewDocument.objects.filter(
        Q(cycle=cycle) | Q(cycle__isnull=True), municipality_id=cycle.municipality_id)


def _url(document: OverviewDocument, step: CycleStep, fragment: str = "") -> str:
    url = reverse("knowledge:overview_detail",
                  kwargs={"number": step.cycle.municipality.number, "pk": document.pk})
    return f"{url}#{fragment}" if fragment else url


def overview_documents(step: CycleStep) -> list[LinkedItem]:
    """Public documents by title and status; drafts as a count."""
    documents = list(_documents(step).order_by("-created_at", "-pk"))
    items = [
        LinkedItem(document.title, _url(document, step), str(_status(document)))
        for document in documents if document.is_public
    ]
    drafts = sum(not document.is_public for document in documents)
    if drafts:
        items.append(LinkedItem(ngettext(
            "%(count)d draft being written (not public yet)",
            "%(count)d drafts being written (not public yet)", drafts) % {"count": drafts}))
    return items


def _status(document: OverviewDocument) -> str:
    if document.status == OverviewDocument.Status.ADOPTED and document.adopted_at:
        return _("adopted %(date)s") % {
            "date": formats.date_format(timezone.localdate(document.adopted_at))}
    if document.status == OverviewDocument.Status.CONSULTATION and document.consultation_until:
        return _("on consultation until %(date)s") % {
            "date": formats.date_format(document.consultation_until)}
    return str(document.get_status_display())


def starting_points(step: CycleStep) -> list[LinkedItem]:
    """One item per area: the challenges written in the latest adopted (else public) document."""
    document = (
        _documents(step).exclude(status=OverviewDocument.Status.DRAFT)
        .annotate(rank=Case(When(status=OverviewDocument.Status.ADOPTED, then=Value(0)),
                            default=Value(1), output_field=IntegerField()))
        .order_by("rank", "-adopted_at", "-created_at", "-pk").first()
    )
    if document is None:
        return []
    sections = {section.category: section for section in document.sections.all()}
    return [
        LinkedItem(str(label), _url(document, step, anchor_for(category)),
                   Truncator(sections[category].challenges).chars(300))
        for category, label in Category.choices
        if category in sections and sections[category].challenges.strip()
    ]


def register() -> None:
    steps.register_items(
        "overview_documents", gettext_lazy("Overview document"), OVERVIEW, overview_documents,
        gettext_lazy("No overview document has been started yet."))
    steps.register_items(
        "overview_starting_points", gettext_lazy("Starting points from the overview"),
        PLAN_STRATEGY, starting_points,
        gettext_lazy("No overview document has been published yet: the plan strategy starts "
                     "from its challenges once it is on consultation or adopted."))
