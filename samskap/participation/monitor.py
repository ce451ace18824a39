"""Who is taking part, for a conversation or a whole process: the equity monitor's glue.

Participants are the people who voted on, or wrote, a statement in the conversation (or in
any conversation of the process, each person counted once). Their consented, optional
demographic answers (``conversations.Demographics``) are compared with the municipality's
population from the knowledge base (``knowledge.population``) by the pure functions of
``samskap.analysis.equity``: representation ratios, ``1 − TVD`` per dimension, flags below the
threshold, and each statement's agreement raw and re-weighted to the population.

Comparisons, in words:

- **district**: the districts' residents, all ages;
- **age**: the bands of the questionnaire. "Under 18" is compared with residents aged 13–17:
  younger children rarely take part, and counting toddlers would flag every conversation;
- **sex**: women and men (the answer "other" is counted apart, never compared);
- **education**: FHI's three levels, only when the knowledge base has that breakdown.

Nothing here shows fewer than the conversation's k people (k = 5 by default).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samskap.actors.models import Actor
from samskap.actors.models import Group as ActorGroup
from samskap.analysis import equity
from samskap.conversations.models import (
    AgeBand,
    Conversation,
    Demographics,
    Education,
    Gender,
    Statement,
    Vote,
)
from samskap.knowledge.population import Population, population_of


def threshold() -> float:
    """The representation ratio under which a group is flagged (a setting, 0.7 by default)."""
    return float(getattr(settings, "SAMSKAP_REPRESENTATION_THRESHOLD", equity.THRESHOLD))


#: The questionnaire's age bands as years of age in the population (see the module docs).
AGE_YEARS: dict[str, tuple[int, int]] = {
    AgeBand.UNDER_18: (13, 17), AgeBand.FROM_18: (18, 29), AgeBand.FROM_30: (30, 44),
    AgeBand.FROM_45: (45, 66), AgeBand.FROM_67: (67, 79), AgeBand.FROM_80: (80, 120),
}
SEX_OF_GENDER = {Gender.WOMAN: "2", Gender.MAN: "1"}
SEX_LABELS = {"2": _("Women"), "1": _("Men")}
DIMENSIONS = ("district", "age", "sex", "education")
DIMENSION_LABELS = {"district": _("District"), "age": _("Age"), "sex": _("Sex"),
                    "education": _("Education")}
#: Which actors can help reach an under-represented group (their ``groups_reached``).
ACTOR_GROUPS_OF_AGE: dict[str, list[str]] = {
    AgeBand.UNDER_18: [ActorGroup.YOUTH], AgeBand.FROM_18: [ActorGroup.YOUTH],
    AgeBand.FROM_30: [ActorGroup.FAMILIES],
    AgeBand.FROM_67: [ActorGroup.ELDERLY], AgeBand.FROM_80: [ActorGroup.ELDERLY]}
ACTOR_GROUPS_OF_SEX: dict[str, list[str]] = {"2": [ActorGroup.WOMEN]}
ACTOR_GROUPS_OF_EDUCATION: dict[str, list[str]] = {
    Education.PRIMARY: [ActorGroup.LOW_INCOME, ActorGroup.IMMIGRANTS]}


@dataclass(frozen=True)
class Row:
    """One group of one dimension, ready for the page."""

    key: str
    label: str
    share: equity.GroupShare
    reached_by: tuple[Actor, ...] = ()

    @property
    def population_percent(self) -> float:
        return self.share.population_share * 100

    @property
    def participant_percent(self) -> float | None:
        share = self.share.participant_share
        return None if share is None else share * 100


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    result: equity.Representation | None  # None: the population has no such breakdown
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True)
class StatementAgreement:
    statement: Statement
    result: equity.Agreement

    @property
    def raw_percent(self) -> float | None:
        return None if self.result.raw is None else self.result.raw * 100

    @property
    def weighted_percent(self) -> float | None:
        return None if self.result.weighted is None else self.result.weighted * 100

    @property
    def difference(self) -> float | None:
        """Percentage points the re-weighting moves the agreement."""
        if self.result.raw is None or self.result.weighted is None:
            return None
        return (self.result.weighted - self.result.raw) * 100


@dataclass(frozen=True)
class Monitor:
    """Participation against the population."""

    participants: int
    with_demographics: int
    k: int
    population: Population
    dimensions: tuple[Dimension, ...]
    weights: equity.Weights | None
    statements: tuple[StatementAgreement, ...]

    @property
    def shown(self) -> bool:
        """Fewer than k participants: nothing is broken down at all."""
        return self.participants >= self.k

    @property
    def flagged(self) -> list[tuple[Dimension, Row]]:
        return [(dimension, row) for dimension in self.dimensions for row in dimension.rows
                if row.share.flagged]

    @property
    def summary_percent(self) -> float | None:
        return None if self.summary is None else self.summary * 100

    @property
    def summary(self) -> float | None:
        """The lowest ``1 − TVD`` over the compared dimensions: how far the least
        representative dimension is from the population."""
        values = [d.result.summary for d in self.dimensions
                  if d.result is not None and d.result.summary is not None]
        return min(values) if values else None


def for_conversation(conversation: Conversation) -> Monitor:
    municipality = conversation.process.municipality
    return _monitor(municipality, [conversation], k=conversation.k_threshold)


def for_process(process: Any) -> Monitor:
    conversations = list(process.conversations.all())
    k = max((c.k_threshold for c in conversations), default=equity.K)
    return _monitor(process.municipality, conversations, k=k)


def _monitor(municipality: Any, conversations: Sequence[Conversation], *, k: int) -> Monitor:
    ids = [c.pk for c in conversations]
    voters = set(Vote.objects.filter(statement__conversation__in=ids)
                 .values_list("participant_id", flat=True))
    writers = set(Statement.objects.filter(conversation__in=ids, author__isnull=False)
                  .values_list("author_id", flat=True))
    participants = sorted(voters | writers)
    answers = {
        row["participant_id"]: row for row in Demographics.objects.filter(
            municipality=municipality, participant_id__in=participants).values(
            "participant_id", "district_id", "age_band", "gender", "education")}
    population = population_of(municipality)
    targets = _targets(municipality, population)
    rows = [_answers_of(answers.get(pid)) for pid in participants]
    dimensions = tuple(
        _dimension(municipality, key, [row.get(key) for row in rows], targets.get(key),
                   k=k) for key in DIMENSIONS)
    weights = None
    statements: tuple[StatementAgreement, ...] = ()
    usable_targets = {key: value for key, value in targets.items() if value}
    if usable_targets and len(participants) >= k:
        weights = equity.rake(rows, usable_targets, k=k)
        statements = _agreements(ids, participants, weights, k=k)
    return Monitor(participants=len(participants), with_demographics=len(answers), k=k,
                   population=population, dimensions=dimensions, weights=weights,
                   statements=statements)


def _answers_of(row: Mapping[str, Any] | None) -> dict[str, str | None]:
    if row is None:
        return dict.fromkeys(DIMENSIONS)
    gender = row["gender"] or None
    return {
        "district": str(row["district_id"]) if row["district_id"] else None,
        "age": row["age_band"] or None,
        # "other" is an answer, but not a group of the population's statistics: outside.
        "sex": SEX_OF_GENDER.get(gender, gender) if gender else None,
        "education": row["education"] or None,
    }


def _targets(municipality: Any, population: Population) -> dict[str, dict[str, int]]:
    targets: dict[str, dict[str, int]] = {}
    if population.by_district:
        targets["district"] = {str(pk): people for pk, people in population.by_district.items()}
    if population.by_age_group:
        targets["age"] = population.by_age(AGE_YEARS)
    if population.by_sex:
        targets["sex"] = {sex: population.by_sex.get(sex, 0) for sex in ("2", "1")}
    if population.by_education:
        targets["education"] = {level: population.by_education.get(level, 0)
                                for level in Education.values}
    return {key: value for key, value in targets.items() if sum(value.values()) > 0}


def _dimension(municipality: Any, key: str, answers: list[str | None],
               target: dict[str, int] | None, *, k: int) -> Dimension:
    if not target:
        return Dimension(key, str(DIMENSION_LABELS[key]), None)
    result = equity.representation(key, answers, target, k=k, threshold=threshold())
    labels = _labels(municipality, key)
    reached = _reached_by(municipality, key, [g.group for g in result.groups if g.flagged])
    rows = tuple(Row(g.group, labels.get(g.group, g.group), g, reached.get(g.group, ()))
                 for g in result.groups)
    return Dimension(key, str(DIMENSION_LABELS[key]), result, rows)


def _labels(municipality: Any, key: str) -> dict[str, str]:
    if key == "district":
        return {str(pk): name for pk, name in municipality.districts.values_list("pk", "name")}
    if key == "age":
        return {value: str(label) for value, label in AgeBand.choices}
    if key == "sex":
        return {sex: str(label) for sex, label in SEX_LABELS.items()}
    return {value: str(label) for value, label in Education.choices}


def _reached_by(municipality: Any, key: str,
                groups: Iterable[str]) -> dict[str, tuple[Actor, ...]]:
    """For each flagged group, the registered actors that reach it (one query)."""
    wanted: dict[str, list[str]] = {}
    for group in groups:
        if key == "district":
            wanted[group] = [f"district:{group}"]
        elif key == "age":
            wanted[group] = list(ACTOR_GROUPS_OF_AGE.get(group, []))
        elif key == "sex":
            wanted[group] = list(ACTOR_GROUPS_OF_SEX.get(group, []))
        else:
            wanted[group] = list(ACTOR_GROUPS_OF_EDUCATION.get(group, []))
    if not any(wanted.values()):
        return {}
    # A municipality registers tens or hundreds of actors: filter their lists here, the same
    # way on PostgreSQL and SQLite.
    actors = [actor for actor in Actor.objects.filter(municipality=municipality)
              .exclude(groups_reached=[]).order_by("name") if actor.groups_reached]
    found: dict[str, tuple[Actor, ...]] = {}
    for group, values in wanted.items():
        found[group] = tuple(a for a in actors if set(values) & set(a.groups_reached))
    return found


def _agreements(conversation_ids: list[int], participants: list[int],
                weights: equity.Weights, *, k: int) -> tuple[StatementAgreement, ...]:
    index = {pid: row for row, pid in enumerate(participants)}
    votes: dict[int, dict[int, int]] = defaultdict(dict)
    for statement_id, participant_id, value in Vote.objects.filter(
            statement__conversation__in=conversation_ids,
            statement__state="visible").values_list("statement_id", "participant_id", "value"):
        votes[statement_id][participant_id] = value
    statements = Statement.objects.filter(pk__in=votes).order_by("conversation_id", "pk")
    return tuple(StatementAgreement(statement, equity.agreement(votes[statement.pk], index,
                                                                weights, k=k))
                 for statement in statements if len(votes[statement.pk]) >= k)
