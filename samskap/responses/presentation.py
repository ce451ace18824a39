"""What was heard and what was done, grouped for the public process page, and the value of
co-creation per process and across processes, as the pages show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from samskap.responses import values
from samskap.responses.models import (
    SCORE_FIELDS,
    Input,
    Outcome,
    Respondent,
    Response,
    ValueAssessment,
)

#: The public page lists at most this many inputs under one answer ("and N more").
INPUTS_SHOWN = 20


@dataclass
class Decision:
    """Inputs answered together: the same theme, why and link."""

    theme: str
    why: str
    link_title: str
    link_url: str
    inputs: list[Input] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.inputs)

    @property
    def shown(self) -> list[Input]:
        return self.inputs[:INPUTS_SHOWN]

    @property
    def more(self) -> int:
        return max(0, self.count - INPUTS_SHOWN)


@dataclass
class OutcomeGroup:
    outcome: str
    label: str
    decisions: list[Decision] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(decision.count for decision in self.decisions)


@dataclass
class HeardAndDone:
    total: int
    answered: int
    groups: list[OutcomeGroup]

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


def heard_and_done(process: Any) -> HeardAndDone:
    """The process's inputs by outcome, then by answer (theme, why, link). Three queries."""
    inputs = list(Input.objects.filter(process=process).select_related("author", "response")
                  .order_by("response__theme", "created_at", "id"))
    groups = {outcome: OutcomeGroup(outcome, str(label)) for outcome, label in Outcome.choices}
    decisions: dict[tuple[str, str, str, str, str], Decision] = {}
    answered = 0
    for item in inputs:
        answer: Response | None = getattr(item, "response", None)
        if answer is None:
            continue
        answered += 1
        key = (answer.outcome, answer.theme, answer.why, answer.link_title, answer.link_url)
        if key not in decisions:
            decisions[key] = Decision(answer.theme, answer.why, answer.link_title,
                                      answer.link_url)
            groups[answer.outcome].decisions.append(decisions[key])
        decisions[key].inputs.append(item)
    return HeardAndDone(total=len(inputs), answered=answered,
                        groups=[group for group in groups.values() if group.decisions])


# The value of co-creation -------------------------------------------------------------------

def _rows(assessments: Iterable[ValueAssessment]) -> list[dict[str, int | None]]:
    return [{name: getattr(assessment, name) for name in SCORE_FIELDS}
            for assessment in assessments]


@dataclass
class ProcessValue:
    """One process's results: everyone's, and each group of respondents' (each shown only
    with enough answers), plus the comments (staff only, also only with enough answers)."""

    process: Any
    everyone: values.Results
    by_group: list[tuple[str, values.Results]]
    comments: list[str]


def process_value(process: Any) -> ProcessValue:
    assessments = list(ValueAssessment.objects.filter(process=process).order_by("pk"))
    by_group = [
        (str(label), values.results(_rows(a for a in assessments if a.respondent == group)))
        for group, label in Respondent.choices
    ]
    everyone = values.results(_rows(assessments))
    comments = ([a.comment for a in assessments if a.comment] if everyone.shown else [])
    return ProcessValue(process, everyone, by_group, comments)


@dataclass
class OverviewRow:
    process: Any
    results: values.Results


def value_overview(processes: Iterable[Any]) -> tuple[list[OverviewRow], values.Results]:
    """Each process's results and everyone's across them. One query for the answers."""
    processes = list(processes)
    by_process: dict[int, list[ValueAssessment]] = {process.pk: [] for process in processes}
    for assessment in ValueAssessment.objects.filter(process__in=processes).order_by("pk"):
        by_process[assessment.process_id].append(assessment)
    rows = [OverviewRow(process, values.results(_rows(by_process[process.pk])))
            for process in processes if by_process[process.pk]]
    pooled = values.results(_rows(a for group in by_process.values() for a in group))
    return rows, pooled
