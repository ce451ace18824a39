"""The five steps of the systematic public health cycle (styringssirkelen), as data.

Each step pairs a statutory step (folkehelseloven §§ 5–7, plan- og bygningsloven) with its
co-creation form (NIBR 2019, table 5.2). Later capabilities register the items they link to a
step (indicators, processes, goals, measures…) with :func:`register_items`, so a step page
lists them without the planning app knowing those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from samskap.planning.models import CycleStep


@dataclass(frozen=True)
class StepDefinition:
    number: int
    key: str
    name: Promise
    short_name: Promise
    cocreation_form: Promise
    purpose: Promise
    legal_basis: Promise


STEPS: tuple[StepDefinition, ...] = (
    StepDefinition(
        1, "overview",
        _("Overview of health and its determinants"),
        _("Overview"),
        _("co-knowledge"),
        _("Build the knowledge base on health status and positive and negative determinants "
          "together with the community: statistics, local knowledge and knowledge gaps."),
        _("Public Health Act and the regulation on the overview of public health"),
    ),
    StepDefinition(
        2, "plan_strategy",
        _("Anchoring in the plan strategy"),
        _("Plan strategy"),
        _("co-analysis"),
        _("Translate the overview into focus areas and main priorities with civil society and "
          "business, so the strategic choice becomes the community's shared choice."),
        _("Planning and Building Act, municipal plan strategy"),
    ),
    StepDefinition(
        3, "goals",
        _("Goals and priorities in plans"),
        _("Goals in plans"),
        _("co-initiation"),
        _("Turn the analysis into goals in the municipal plans, negotiate the room for action "
          "and agree on community contracts between the actors involved."),
        _("Planning and Building Act, municipal master plan"),
    ),
    StepDefinition(
        4, "measures",
        _("Measures: design and implementation"),
        _("Measures"),
        _("co-design and co-implementation"),
        _("Design and carry out knowledge-based measures with the actors who contribute "
          "resources, in the settings of everyday life."),
        _("Public Health Act, measures"),
    ),
    StepDefinition(
        5, "evaluation",
        _("Evaluation through internal control"),
        _("Evaluation"),
        _("co-evaluation"),
        _("Evaluate the work with the community: continue, improve, stop or add. The "
          "conclusions become starting points for the next cycle's overview."),
        _("Public Health Act, internal control"),
    ),
)

FIRST_STEP = 1
LAST_STEP = len(STEPS)
EVALUATION_STEP = 5


def definition(number: int) -> StepDefinition:
    """The definition of step ``number`` (1–5)."""
    return STEPS[number - 1]


@dataclass(frozen=True)
class LinkedItem:
    """Something shown in a step's list of linked items."""

    title: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class ItemSection:
    key: str
    title: Promise
    step_numbers: tuple[int, ...]
    provider: Callable[[CycleStep], list[LinkedItem]]
    empty_text: Promise


_SECTIONS: list[ItemSection] = []


def register_items(
    key: str,
    title: Promise,
    step_numbers: tuple[int, ...],
    provider: Callable[[CycleStep], list[LinkedItem]],
    empty_text: Promise,
) -> None:
    """Let an app list its items on the given steps' pages (idempotent by ``key``)."""
    _SECTIONS[:] = [section for section in _SECTIONS if section.key != key]
    _SECTIONS.append(ItemSection(key, title, step_numbers, provider, empty_text))


def sections_for(step: CycleStep) -> list[dict[str, Any]]:
    """The item sections to show on ``step``'s page, each with its items."""
    return [
        {"key": s.key, "title": s.title, "items": s.provider(step), "empty_text": s.empty_text}
        for s in _SECTIONS
        if step.number in s.step_numbers
    ]
