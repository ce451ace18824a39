"""The value of co-creation: the questionnaire's items and how its answers are summarised.

The four values are those of Agger, Tortzen & Rosenberg (2018), as the NIBR report uses them:
democratic value (empowerment, social capital, trust), efficiency and quality, innovation, and
public value. Each item is a statement scored 1 (strongly disagree) to 5 (strongly agree), or
left empty ("can't say").

Results are never shown for fewer than ``MIN_ANSWERS`` people: with a handful of answers, a
participant's score could be read off the distribution by those who know who took part.
The summaries are plain arithmetic on lists, tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: No result (mean, distribution, comments) is shown for fewer answers than this.
MIN_ANSWERS = 5
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Item:
    field: str
    statement: Promise


@dataclass(frozen=True)
class Value:
    key: str
    name: Promise
    description: Promise
    items: tuple[Item, ...]


VALUES: tuple[Value, ...] = (
    Value("democratic", _("Democratic value"),
          _("Did the process give people influence, bring them together and build trust?"),
          (Item("empowerment", _("The participants got real influence on the outcome.")),
           Item("social_capital", _("The process created new relations and networks between "
                                    "the people and organisations taking part.")),
           Item("trust", _("The process strengthened trust between residents and the "
                           "municipality.")))),
    Value("efficiency", _("Efficiency and quality"),
          _("Did the process lead to better solutions for the resources used?"),
          (Item("efficiency", _("The resources the actors brought in were put to good use.")),
           Item("quality", _("The result fits the needs of those it concerns better than "
                             "what the municipality would have done alone.")))),
    Value("innovation", _("Innovation"),
          _("Did something new come out of it?"),
          (Item("innovation", _("The process produced new ideas or ways of working that "
                                "would not have come otherwise.")),)),
    Value("public", _("Public value"),
          _("Does the result serve the community as a whole?"),
          (Item("public_value", _("The result benefits the community as a whole, also those "
                                  "who did not take part.")),)),
)

ITEMS: tuple[Item, ...] = tuple(item for value in VALUES for item in value.items)


@dataclass(frozen=True)
class ItemResult:
    """The answers to one item: how many scored it, their mean and how they spread."""

    n: int
    mean: float | None
    distribution: tuple[int, ...]  # how many answered 1, 2, 3, 4, 5
    cant_say: int

    @property
    def shown(self) -> bool:
        return self.n >= MIN_ANSWERS


def summarise(scores: Iterable[int | None]) -> ItemResult:
    """Summarise the scores of one item (``None``: can't say). Nothing is hidden here; the
    caller shows a result only when ``shown`` (enough answers)."""
    every = list(scores)
    given = [score for score in every if score is not None]
    cant_say = len(every) - len(given)
    if any(score not in SCALE for score in given):
        raise ValueError(f"Scores must be 1–5: {given}")
    mean = round(sum(given) / len(given), 2) if given else None
    return ItemResult(n=len(given), mean=mean,
                      distribution=tuple(given.count(value) for value in SCALE),
                      cant_say=cant_say)


@dataclass(frozen=True)
class ValueResult:
    value: Value
    items: tuple[tuple[Item, ItemResult], ...]

    @property
    def mean(self) -> float | None:
        """The mean of the value's item means, over the items with enough answers."""
        means = [result.mean for _item, result in self.items
                 if result.shown and result.mean is not None]
        return round(sum(means) / len(means), 2) if means else None


@dataclass(frozen=True)
class Results:
    """All answers of one group of respondents (a process, or several processes)."""

    n: int
    values: tuple[ValueResult, ...]

    @property
    def shown(self) -> bool:
        return self.n >= MIN_ANSWERS


def results(rows: Sequence[dict[str, int | None]]) -> Results:
    """Summarise answers, each a mapping of item field → score (or None)."""
    return Results(
        n=len(rows),
        values=tuple(
            ValueResult(value, tuple((item, summarise([row.get(item.field) for row in rows]))
                                     for item in value.items))
            for value in VALUES),
    )
