"""The municipality's population by district, age and sex, from the knowledge base.

What participation is measured against (the equity monitor of conversations and processes).
The source is the catalogue's population indicator (SSB table 07459 and its district
breakdowns: measure ``Personer1``), as imported or as the demo made it. The latest year that
has a breakdown is used, so the figures describe one moment.

- by district: the districts' totals (both sexes, all ages) of that year;
- by sex and by age: the municipality's cells of that year, summed over the other dimension;
  age groups as stored (``"45_66"``) are turned into the bands a caller asks for, splitting a
  group that straddles two bands in proportion to the years in each (uniform within a group);
- by education: the population 16 and older by highest completed education (FHI/SSB strata
  1–3), when an indicator with that breakdown (dimension ``UTDANN``) has been imported.

Nothing is invented: a breakdown that is not in the knowledge base is absent (None), and the
monitor says so instead of comparing with guesses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from samskap.knowledge.models import GeoLevel, Observation
from samskap.municipalities.models import Municipality

POPULATION_INDICATOR = "befolkning"
POPULATION_MEASURE = "Personer1"
EDUCATION_INDICATOR = "utdanningsniva"
MALE, FEMALE = "1", "2"
OPEN_END = 120  # "80_120": stored ages end at 120


@dataclass(frozen=True)
class Population:
    """One year's population of a municipality, by the dimensions the monitor compares."""

    year: int | None
    by_district: dict[int, int] = field(default_factory=dict)  # District pk → residents
    by_sex: dict[str, int] = field(default_factory=dict)  # "1" male, "2" female
    #: (first year of age, last year of age) → residents, as stored
    by_age_group: dict[tuple[int, int], int] = field(default_factory=dict)
    by_education: dict[str, int] | None = None  # "1" / "2" / "3", when imported

    def by_age(self, bands: Mapping[str, tuple[int, int]]) -> dict[str, int]:
        """Residents per band (inclusive first and last year of age), e.g.
        ``{"0-17": (0, 17), "18-29": (18, 29), "80+": (80, 120)}``."""
        totals = {band: 0.0 for band in bands}
        for (first, last), people in self.by_age_group.items():
            years = last - first + 1
            for band, (start, end) in bands.items():
                overlap = min(last, end) - max(first, start) + 1
                if overlap > 0:
                    totals[band] += people * overlap / years
        return {band: round(total) for band, total in totals.items()}


def _age_range(age: str) -> tuple[int, int] | None:
    first, _, last = age.partition("_")
    if not (first.isdigit() and last.isdigit()):
        return None
    return int(first), min(int(last), OPEN_END)


def population_of(municipality: Municipality) -> Population:
    """The latest population breakdown of ``municipality`` (two or three queries)."""
    districts = dict(municipality.districts.values_list("code", "pk"))
    rows = list(
        Observation.objects.filter(
            indicator__code=POPULATION_INDICATOR, indicator__municipality__isnull=True,
            measure=POPULATION_MEASURE, flag="", value__isnull=False, dimensions_key="",
            geo__in=[municipality.number, *districts])
        .values_list("geo", "geo_level", "period_end", "sex", "age", "value"))
    years = {end for geo, level, end, sex, age, _v in rows
             if level == GeoLevel.MUNICIPALITY and sex != "0" and _age_range(age)}
    district_years = {end for geo, level, end, sex, age, _v in rows
                      if level == GeoLevel.DISTRICT and sex == "0" and age == ""}
    year = max(years | district_years, default=None)
    if year is None:
        return Population(year=None, by_education=_education(municipality))
    by_district: dict[int, int] = {}
    by_sex: dict[str, int] = defaultdict(int)
    by_age_group: dict[tuple[int, int], int] = defaultdict(int)
    for geo, level, end, sex, age, value in rows:
        if end != year or value is None:
            continue
        people = int(value)
        if level == GeoLevel.DISTRICT and sex == "0" and age == "" and geo in districts:
            by_district[districts[geo]] = people
        elif level == GeoLevel.MUNICIPALITY and sex in (MALE, FEMALE):
            ages = _age_range(age)
            if ages is not None:
                by_sex[sex] += people
                by_age_group[ages] += people
    return Population(year=year, by_district=by_district, by_sex=dict(by_sex),
                      by_age_group=dict(by_age_group),
                      by_education=_education(municipality))


def _education(municipality: Municipality) -> dict[str, int] | None:
    rows = (Observation.objects.filter(
        indicator__code=EDUCATION_INDICATOR, geo=municipality.number, flag="",
        value__isnull=False, sex="0")
        .values_list("period_end", "dimensions", "value"))
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for end, dimensions, value in rows:
        level = (dimensions or {}).get("UTDANN")
        if level in {"1", "2", "3"} and len(dimensions) == 1 and value is not None:
            by_year[end][level] = int(value)
    complete = [end for end, levels in by_year.items() if len(levels) == 3]
    return by_year[max(complete)] if complete else None
