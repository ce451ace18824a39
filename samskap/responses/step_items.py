"""What “you said, we did” lists on the cycle's evaluation step page (planning.steps registry):
the processes whose value of co-creation has been assessed, for the co-evaluation."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.planning import steps
from samskap.planning.models import CycleStep
from samskap.planning.steps import LinkedItem

EVALUATION = (steps.EVALUATION_STEP,)


def assessed_processes(step: CycleStep) -> list[LinkedItem]:
    """The cycle's published processes with value assessments, and how many answered."""
    from samskap.processes.models import Process

    processes = (Process.objects.filter(cycle=step.cycle).published()
                 .annotate(answers=Count("value_assessments"))
                 .filter(answers__gt=0).order_by("title"))
    number = step.cycle.municipality.number
    return [
        LinkedItem(process.title,
                   reverse("responses:value", kwargs={"number": number, "pk": process.pk}),
                   _("%(count)s answers") % {"count": process.answers})
        for process in processes
    ]


def register() -> None:
    steps.register_items("value_of_cocreation", gettext_lazy("The value of co-creation"),
                         EVALUATION, assessed_processes,
                         gettext_lazy("No process has been assessed yet."))
