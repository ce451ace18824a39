"""What the knowledge step lists on the cycle's overview step page (planning.steps registry).

One provider per section; :func:`register` is called once from ``KnowledgeConfig.ready``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from samskap.knowledge.models import CommunityResource, KnowledgeGap, LocalKnowledge
from samskap.planning import steps
from samskap.planning.models import CycleStep
from samskap.planning.steps import LinkedItem

OVERVIEW = (1,)
LIMIT = 10


def _url(name: str, step: CycleStep) -> str:
    return reverse(f"knowledge:{name}", kwargs={"number": step.cycle.municipality.number})


def local_knowledge(step: CycleStep) -> list[LinkedItem]:
    """The municipality's newest published local knowledge."""
    items = (LocalKnowledge.objects.for_municipality(step.cycle.municipality).published()
             .select_related("indicator").order_by("-created_at")[:LIMIT])
    base = _url("local_list", step)
    return [
        LinkedItem(item.title, f"{base}{item.pk}/",
                   item.indicator.name if item.indicator else item.get_category_display())
        for item in items
    ]


def knowledge_gaps(step: CycleStep) -> list[LinkedItem]:
    """The municipality's open knowledge gaps, newest first."""
    gaps = KnowledgeGap.objects.filter(municipality=step.cycle.municipality,
                                       is_closed=False).order_by("-created_at")[:LIMIT]
    base = _url("gaps", step)
    return [LinkedItem(gap.title, f"{base}#gap-{gap.pk}", Truncator(gap.how_to_learn).chars(120))
            for gap in gaps]


def community_resources(step: CycleStep) -> list[LinkedItem]:
    """The municipality's community resources, newest first."""
    resources = CommunityResource.objects.filter(
        municipality=step.cycle.municipality).order_by("-created_at")[:LIMIT]
    base = _url("resources", step)
    return [LinkedItem(resource.title, f"{base}#resource-{resource.pk}",
                       resource.get_category_display()) for resource in resources]


def register() -> None:
    steps.register_items("local_knowledge", _("Local knowledge"), OVERVIEW, local_knowledge,
                         _("No local knowledge has been published yet."))
    steps.register_items("knowledge_gaps", _("Knowledge gaps"), OVERVIEW, knowledge_gaps,
                         _("No open knowledge gaps have been recorded."))
    steps.register_items("community_resources", _("Community resources"), OVERVIEW,
                         community_resources, _("No community resources have been recorded."))
