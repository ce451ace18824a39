"""The processes of a cycle step, listed on the step's page (planning.steps registry).

Only published processes: the step page does not know who is looking.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from samskap.planning import steps
from samskap.planning.models import CycleStep
from samskap.planning.steps import LinkedItem
from samskap.processes.models import Process

ALL_STEPS = tuple(range(steps.FIRST_STEP, steps.LAST_STEP + 1))


def processes(step: CycleStep) -> list[LinkedItem]:
    found = (Process.objects.filter(cycle_id=step.cycle_id, step=step.number).published()
             .select_related("municipality").order_by("-published_at", "-pk"))
    return [LinkedItem(process.title, process.get_absolute_url(),
                       " · ".join(str(part) for part in (
                           process.get_state_display(),
                           process.get_cocreation_type_display()) if part))
            for process in found]


def register() -> None:
    steps.register_items("processes", _("Co-creation processes"), ALL_STEPS, processes,
                         _("No co-creation process of this step has been published yet."))
