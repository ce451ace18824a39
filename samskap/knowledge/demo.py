"""The knowledge part of the Eksempelvik demo: synthetic statistics, local knowledge, gaps,
community resources and a draft overview document.

Everything here is fictional. The series are generated, not measured: plausible levels and
gentle trends with seeded noise, so the same demo comes out every time. Loading twice changes
nothing: an indicator that already has Eksempelvik's figures is left alone, and the other rows
are looked up by title before they are created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from samskap.knowledge import storage
from samskap.knowledge.catalogue import load_catalogue
from samskap.knowledge.models import (
    Category,
    CommunityResource,
    DataSource,
    Flag,
    GeoLevel,
    ImportBatch,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    Moderation,
    Observation,
    OverviewDocument,
    OverviewSection,
    Unit,
)
from samskap.municipalities.models import District, Municipality

SYNTHETIC_NOTE = ("Syntetiske demodata for den fiktive kommunen Eksempelvik, fylke 99 og et "
                  "tenkt landsnivå – ikke ekte statistikk.")
FIRST_YEAR, LAST_YEAR = 2010, 2024
ADULT_SHARE = 0.81  # residents aged 16 and older, of all residents
COUNTRY = "0"
#: Population on 1 January of the last year, and yearly growth, of the comparison areas.
COUNTRY_POPULATION, COUNTRY_GROWTH = 5_520_000, 0.009
COUNTY_POPULATION, COUNTY_GROWTH = 248_000, 0.006
MUNICIPALITY_GROWTH = 0.003
#: FHI's education strata (UTDANN): 1 primary school, 2 upper secondary, 3 higher education,
#: with their share of a denominator.
EDUCATION = (("1", 0.25), ("2", 0.42), ("3", 0.33))
#: FHI anonymises a cell when its numerator (or the rest of the denominator) is this small.
SMALLEST_PUBLISHED = 5
#: Cells FHI has no data for (SPVFLAGG 1, ".."): the first Ungdata period was never run.
MISSING_CELLS = frozenset({("trygt_i_naermiljoet", 2010), ("bra_kollektivtilbud", 2010)})
#: Totals FHI hid for other reasons (SPVFLAGG 3, ":", "anonymisert eller skjult av andre
#: årsaker"), besides the small cells hidden by SMALLEST_PUBLISHED.
HIDDEN_CELLS = frozenset({("mobbing_7_10", 2014), ("mobbing_7_10", 2015)})

CEM = "cem@innbygger.example"
FRIDA = "frida@frivillig.example"
PER = "per@eksempelvik.example"
MIRA = "mira@eksempelvik.example"
#: When the demo's moderation and responses happened (fixed, so the demo is reproducible).
MODERATED_AT = dt.datetime(2024, 3, 12, 9, 30, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Series:
    """How to make up an indicator's series.

    ``start`` and ``end`` are Norway's level in the first and last period; the county and
    Eksempelvik differ from Norway by ``county`` and by ``local`` (moving to ``local_end``).
    Shares and rates are drawn as counts: each year's denominator is ``base`` × population,
    summed over the ``years`` of a period, and the numerator varies as a sample would.
    """

    start: float
    end: float
    local: float
    county: float = 0.0
    local_end: float | None = None
    years: int = 1
    age: str = "0_120"
    base: float = 0.0
    gradient: tuple[float, float, float] | None = None  # UTDANN 1, 2, 3: factor or offset
    noise: float = 0.0  # standard deviation of values that are not counts
    standardised: float = 0.0  # Eksempelvik's MEIS relative to its RATE (age structure)
    periods: tuple[int, ...] = ()  # last years of the periods, when not every year
    kind: str = ""  # "population" and "growth" are computed from the population
    local_only: bool = False  # the municipality's own survey: no county, no Norway

    def ends(self) -> tuple[int, ...]:
        return self.periods or tuple(range(FIRST_YEAR, LAST_YEAR + 1))


def ungdata(start: float, end: float, local: float, county: float,
            local_end: float | None = None) -> Series:
    """An Ungdata share: lower secondary pupils, three years pooled."""
    return Series(start, end, local, county, local_end=local_end, years=3, age="13_15",
                  base=0.011)


SERIES: dict[str, Series] = {
    "befolkning": Series(0, 0, 0, kind="population", age=""),
    "befolkningsvekst": Series(0, 0, 0, kind="growth", age=""),
    "utdanningsniva": Series(0, 0, 0, kind="education", age="16_120"),
    "andel_barn_0_17": Series(22.8, 20.9, 0.6, 0.3, base=1.0),
    "bor_alene_45": Series(24.5, 27.4, 1.8, 0.9, age="45_120", base=0.47, standardised=-0.02),
    "andel_over_80_framskrevet": Series(4.4, 5.1, 1.2, 0.5, age="80_120", base=1.0),
    "valgdeltakelse": Series(66.0, 62.4, 3.0, 1.0, age="18_120", base=0.78,
                             periods=tuple(range(1987, 2024, 4))),
    "vgs_eller_hoyere_30_39": Series(79.5, 84.0, -2.5, -1.0, age="30_39", base=0.13),
    "lavinntekt_barn_0_17": Series(7.7, 11.2, 1.5, 0.5, age="0_17", base=0.21),
    "vedvarende_lavinntekt": Series(8.6, 10.5, 0.8, 0.3, years=3, base=1.0),
    "inntektsulikhet_p90_p10": Series(2.6, 2.8, -0.25, -0.1, noise=0.03),
    "bor_trangt_0_17": Series(20.5, 17.8, -4.0, -2.0, age="0_17", base=0.21),
    "arbeidsledige_15_29": Series(3.0, 2.3, 0.4, 0.1, age="15_29", base=0.19),
    "uforetrygdede_18_44": Series(2.3, 3.1, 0.9, 0.3, age="18_44", base=0.34,
                                  gradient=(2.6, 0.9, 0.35), standardised=0.03),
    "trives_pa_skolen_10": Series(85.0, 84.0, -1.5, -0.5, age="15_16", base=0.011),
    "mobbing_7_10": Series(6.5, 7.5, 1.2, 0.4, age="12_16", base=0.021),
    "gjennomforing_vgs": Series(70.0, 80.5, -2.0, -1.0, years=3, age="16_21", base=0.012,
                                gradient=(0.68, 1.0, 1.12)),
    "god_drikkevannsforsyning": Series(85.0, 94.0, -6.0, -3.0, base=0.95),
    "trygt_i_naermiljoet": ungdata(88.0, 90.0, 2.0, 1.0),
    "bra_kollektivtilbud": ungdata(45.0, 50.0, -8.0, -6.0, local_end=-18.0),
    "medlem_fritidsorganisasjon": ungdata(63.0, 60.0, 4.0, 2.0),
    "skader_behandlet_sykehus": Series(13.5, 12.0, 1.2, 0.5, years=3, base=1.0,
                                       standardised=-0.02),
    "hoftebrudd": Series(1.9, 1.5, 0.2, 0.1, years=10, base=1.0, standardised=-0.08),
    "anmeldte_voldstilfeller": Series(5.0, 6.0, -1.5, -0.5, years=3, base=1.0),
    "lite_fysisk_aktive_ungdom": ungdata(15.0, 16.0, 2.0, 0.8),
    "skjermtid_over_4t": ungdata(28.0, 44.0, 1.0, 0.5),
    "beruset_ungdom": ungdata(20.0, 12.0, 3.0, 1.0),
    "royking_kvinner_svangerskap": Series(8.5, 2.4, 2.0, 0.8, years=3, age="15_49", base=0.011,
                                          gradient=(3.2, 1.1, 0.25), standardised=0.02),
    "overvekt_17": Series(21.0, 25.0, 4.0, 1.5, years=4, age="17_17", base=0.011),
    "forventet_levealder_menn": Series(78.0, 80.6, -0.6, -0.2, years=15, age="0_0",
                                       noise=0.15, gradient=(-4.2, -1.0, 2.6)),
    "forventet_levealder_kvinner": Series(82.7, 84.3, -0.3, -0.1, years=15, age="0_0",
                                          noise=0.15, gradient=(-3.6, -0.8, 2.0)),
    "psykiske_plager_15_29": Series(125.0, 165.0, 14.0, 5.0, years=3, age="15_29", base=0.19,
                                    standardised=0.01),
    "hjerte_kar_sykehus": Series(21.0, 17.0, 1.5, 0.6, years=3, base=1.0, standardised=-0.06),
    "diabetes_type2_legemidler": Series(38.0, 50.0, 5.0, 2.0, years=3, age="30_74", base=0.6,
                                        standardised=-0.03),
    "vaksinasjon_meslinger_9": Series(93.0, 96.5, -0.8, -0.3, years=5, age="9_9", base=0.012),
    "hoy_tilfredshet_ungdom": ungdata(64.0, 57.0, -2.0, -0.8),
    "ensomhet_ungdom": ungdata(15.0, 24.0, 2.5, 1.0),
    "fornoyd_med_lokalmiljoet": ungdata(70.0, 72.0, 5.0, 2.0, local_end=-1.0),
    "tror_pa_et_godt_liv": ungdata(84.0, 79.0, 1.0, 0.5),
    "tilfredshet_med_livet": Series(7.3, 6.9, 0.1, 0.05, age="18_120", noise=0.12),
    "hoy_livskvalitet_egen_undersokelse": Series(0, 0, 31.0, local_end=27.0, age="18_120",
                                                 base=0.085, local_only=True,
                                                 periods=tuple(range(2013, 2025))),
}

#: District population by age group: share of each group, and the share of women in it.
AGE_GROUPS = ("0_12", "13_17", "18_29", "30_44", "45_66", "67_79", "80_120")
WOMEN = (0.487, 0.487, 0.48, 0.49, 0.495, 0.52, 0.60)
AGE_PROFILES = {
    "999901": (0.12, 0.05, 0.22, 0.22, 0.26, 0.09, 0.04),   # Sentrum: young adults
    "999902": (0.18, 0.075, 0.15, 0.22, 0.26, 0.08, 0.035),  # Nordbyen: families
    "999903": (0.11, 0.05, 0.12, 0.16, 0.31, 0.16, 0.09),   # Sjøsida: older
    "999904": (0.09, 0.05, 0.10, 0.14, 0.33, 0.18, 0.11),   # Fjellgrenda: oldest
}
DEFAULT_AGE_PROFILE = (0.15, 0.065, 0.14, 0.20, 0.30, 0.10, 0.045)
DISTRICT_YEARS = (LAST_YEAR - 1, LAST_YEAR)

BATCH_FORMATS = {
    "fhi": ImportBatch.Format.FHI_CUBE,
    "ssb": ImportBatch.Format.JSON_STAT,
    "local": ImportBatch.Format.TIDY_CSV,
}


@transaction.atomic
def load_knowledge_demo(municipality: Municipality, users: Mapping[str, Any]) -> None:
    """Give the demo municipality statistics, local knowledge and a draft overview."""
    load_catalogue()
    load_demo_observations(municipality, users.get(MIRA))
    contributions = _local_knowledge(municipality, users)
    gaps = _gaps(municipality, users)
    _resources(municipality, users)
    _overview(municipality, users.get(MIRA), contributions, gaps)


# --- Statistics -----------------------------------------------------------------------------


def load_demo_observations(municipality: Municipality, user: Any = None) -> int:
    """Synthetic series of every catalogue indicator that has none for ``municipality`` yet."""
    number = municipality.number
    done = set(Observation.objects.filter(geo=number).values_list("indicator_id", flat=True)
               .distinct())
    indicators = [indicator for indicator in
                  Indicator.objects.filter(municipality__isnull=True, code__in=SERIES)
                  .select_related("source").order_by("code")
                  if indicator.pk not in done]
    if not indicators:
        return 0
    maker = _SeriesMaker(municipality)
    by_source: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_source.setdefault(indicator.source.code, []).append(indicator)
    created = 0
    for _code, members in sorted(by_source.items()):
        batch = _batch(municipality, members[0].source, user)
        cells = [cell for indicator in members for cell in maker.cells(indicator)]
        _insert(cells, batch)
        batch.indicators.add(*members)
        _summarise(batch, cells, members)
        created += len(cells)
    return created


#: One future observation, light enough to make ten thousand of quickly.
Cell = storage.CellRow


def _insert(cells: list[Cell], batch: ImportBatch) -> None:
    """Store the cells, keeping any stored before.

    Real figures for Norway or the county imported before the demo stay as they are instead
    of being overwritten with made-up ones.
    """
    storage.save_cells((cell._replace(batch_id=batch.pk) for cell in cells),
                       keep_existing=True)


def _batch(municipality: Municipality, source: DataSource, user: Any) -> ImportBatch:
    batch, _created = ImportBatch.objects.get_or_create(
        municipality=municipality, file_name=f"demo data (synthetic): {source.name}",
        defaults={"format": BATCH_FORMATS.get(source.code, ImportBatch.Format.TIDY_CSV),
                  "encoding": "utf-8", "imported_by": user, "sha256": ""},
    )
    return batch


def _summarise(batch: ImportBatch, cells: list[Cell], members: list[Indicator]) -> None:
    """An import summary like a real import's, marked as synthetic."""
    digest = hashlib.sha256(batch.sha256.encode())
    codes = {indicator.pk: indicator.code for indicator in members}
    for cell in cells:
        digest.update(f"{codes[cell.indicator_id]};{cell.geo};{cell.period_start};{cell.period_end};"
                      f"{cell.sex};{cell.age};{Observation.key_for(cell.dimensions)};"
                      f"{cell.measure};"
                      f"{cell.value};{cell.flag}\n".encode())
    old = batch.summary or {}
    flags: dict[str, int] = dict(old.get("flags", {}))
    for cell in cells:
        if cell.flag:
            flags[cell.flag] = flags.get(cell.flag, 0) + 1
    years = [cell.period_start for cell in cells] + [cell.period_end for cell in cells]
    new = old.get("new", 0) + len(cells)
    batch.summary = {
        "synthetic": True, "note": SYNTHETIC_NOTE, "file": batch.file_name,
        "format": batch.format, "encoding": "utf-8", "delimiter": "", "decimal": ".",
        "rows": new, "observations": new, "new": new, "changed": 0, "unchanged": 0,
        "removed": 0, "suppressed": sum(flags.values()), "flags": dict(sorted(flags.items())),
        "rejected": 0, "empty": 0, "warnings": 0, "warning_messages": [],
        "indicators": sorted({*old.get("indicators", []), *(i.code for i in members)}),
        "geographies": len({cell.geo for cell in cells} | set(old.get("geo_codes", []))),
        "geo_codes": sorted({cell.geo for cell in cells} | set(old.get("geo_codes", []))),
        "first_year": min([*years, *([old["first_year"]] if old.get("first_year") else [])]),
        "last_year": max([*years, *([old["last_year"]] if old.get("last_year") else [])]),
    }
    batch.sha256 = digest.hexdigest()
    batch.save(update_fields=["summary", "sha256"])


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")


class _SeriesMaker:
    """Makes the observations of one indicator for Norway, the county and the municipality."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self.number = municipality.number
        self.county = municipality.county_number
        districts = list(municipality.districts.exclude(code="").order_by("code"))
        self.districts = [d for d in districts if d.population]
        latest = (sum(d.population or 0 for d in self.districts)
                  or municipality.population or 12_000)
        rng = random.Random(f"population:{self.number}")
        self.population = {
            COUNTRY: _population(rng, COUNTRY_POPULATION, COUNTRY_GROWTH),
            self.county: _population(rng, COUNTY_POPULATION, COUNTY_GROWTH),
            self.number: _population(rng, latest, MUNICIPALITY_GROWTH),
        }
        self.levels = {COUNTRY: GeoLevel.COUNTRY, self.county: GeoLevel.COUNTY,
                       self.number: GeoLevel.MUNICIPALITY}

    def cells(self, indicator: Indicator) -> list[Cell]:
        series = SERIES[indicator.code]
        rng = random.Random(zlib.crc32(f"{indicator.code}:{self.number}".encode()))
        if series.kind == "population":
            return self._population_cells(indicator)
        if series.kind == "growth":
            return self._growth_cells(indicator)
        if series.kind == "education":
            return self._education_cells(indicator)
        geos = [self.number] if series.local_only else [COUNTRY, self.county, self.number]
        counted = indicator.unit in {Unit.PERCENT, Unit.PER_1000} and series.base > 0
        cells: list[Cell] = []
        ends = series.ends()
        for geo in geos:
            yearly = self._yearly_counts(indicator, series, geo, rng) if counted else {}
            for position, end in enumerate(ends):
                start = end - series.years + 1
                if counted:
                    rows = self._counted(indicator, series, geo, range(start, end + 1), yearly)
                else:
                    level = self._level(series, geo, position / max(len(ends) - 1, 1))
                    rows = self._measured(indicator, series, geo, level, rng)
                for dimensions, measures, flag in rows:
                    if geo == self.number:
                        flag = _flag_of(indicator.code, end, dimensions) or flag
                    cells.extend(self._row(indicator, series, geo, start, end, dimensions,
                                           measures, flag))
        return cells

    def _level(self, series: Series, geo: str, share: float) -> float:
        """The true level at ``share`` of the way from the first period to the last."""
        local_end = series.local_end if series.local_end is not None else series.local
        local = series.local + (local_end - series.local) * share
        if series.local_only:
            return local
        national = series.start + (series.end - series.start) * share
        if geo == COUNTRY:
            return national
        return national + (series.county if geo == self.county else local)

    def _yearly_counts(self, indicator: Indicator, series: Series, geo: str,
                       rng: random.Random) -> dict[int, list[tuple[int, int]]]:
        """Each year's (numerator, denominator) per stratum, drawn as a sample would give
        them; a period sums its years, so overlapping moving averages move together."""
        scale = 100 if indicator.unit == Unit.PERCENT else 1000
        ends = series.ends()
        first, last = ends[0], ends[-1]
        population = self.population[geo]
        weights: tuple[tuple[float, float], ...] = ((1.0, 1.0),)
        if series.gradient:
            mean = sum(weight * factor for (_code, weight), factor
                       in zip(EDUCATION, series.gradient, strict=True))
            weights = tuple((weight, factor / mean) for (_code, weight), factor
                            in zip(EDUCATION, series.gradient, strict=True))
        counts: dict[int, list[tuple[int, int]]] = {}
        for year in sorted({year for end in ends for year in range(end - series.years + 1,
                                                                     end + 1)}):
            share = min(max((year - first) / max(last - first, 1), 0.0), 1.0)
            # Year-to-year change beyond sampling: a little more in smaller places.
            level = self._level(series, geo, share) * (1 + rng.gauss(0, {
                COUNTRY: 0.005, self.county: 0.008}.get(geo, 0.01)))
            people = population.get(year, population[min(population)])
            counts[year] = []
            for weight, factor in weights:
                nevner = max(round(people * series.base * weight), 1)
                p = min(max(level * factor / scale, 0.0005), 0.9995)
                teller = round(nevner * p + rng.gauss(0, math.sqrt(nevner * p * (1 - p))))
                counts[year].append((min(max(teller, 0), nevner), nevner))
        return counts

    def _counted(self, indicator: Indicator, series: Series, geo: str, years: range,
                 yearly: dict[int, list[tuple[int, int]]],
                 ) -> list[tuple[dict[str, str], dict[str, float], str]]:
        """Rows of a share or rate over ``years``: the total, then any education strata."""
        scale = 100 if indicator.unit == Unit.PERCENT else 1000
        factor = self._standardisation(series, geo)
        strata = [[0, 0] for _stratum in yearly[years[0]]]
        for year in years:
            for index, (teller, nevner) in enumerate(yearly[year]):
                strata[index][0] += teller
                strata[index][1] += nevner
        total = self._count_row(indicator, geo, {}, sum(t for t, _n in strata),
                                sum(n for _t, n in strata), scale, factor)
        if not series.gradient:
            return [total]
        return [total] + [
            self._count_row(indicator, geo, {"UTDANN": code}, teller, nevner, scale, factor)
            for (code, _weight), (teller, nevner) in zip(EDUCATION, strata, strict=True)]

    def _count_row(self, indicator: Indicator, geo: str, dimensions: dict[str, str],
                   teller: int, nevner: int, scale: int,
                   factor: float) -> tuple[dict[str, str], dict[str, float], str]:
        rate = teller / nevner * scale
        meis = min(rate * factor, scale) if scale == 100 else rate * factor
        measures = {"RATE": rate, "MEIS": meis, "sumTELLER": teller, "sumNEVNER": nevner}
        if indicator.source.code != "fhi":
            del measures["MEIS"]
        small = teller < SMALLEST_PUBLISHED or (
            scale == 100 and nevner - teller < SMALLEST_PUBLISHED)
        flag = Flag.SUPPRESSED if geo == self.number and small else Flag.NONE
        return dimensions, measures, flag

    def _standardisation(self, series: Series, geo: str) -> float:
        if geo == COUNTRY:
            return 1.0  # Norway is the standard population
        return 1 + (series.standardised if geo == self.number else series.standardised / 3)

    def _measured(self, indicator: Indicator, series: Series, geo: str, level: float,
                  rng: random.Random) -> list[tuple[dict[str, str], dict[str, float], str]]:
        """Rows of a value that is not a count: life expectancy, a ratio, a mean score."""
        spread = series.noise * {COUNTRY: 0.1, self.county: 0.35}.get(geo, 1.0)
        value = level + rng.gauss(0, spread)
        strata: list[tuple[dict[str, str], float]] = [({}, value)]
        if series.gradient:
            strata += [({"UTDANN": code}, value + offset + rng.gauss(0, spread * 1.5))
                       for (code, _weight), offset in zip(EDUCATION, series.gradient,
                                                          strict=True)]
        measures = ["RATE", "MEIS"] if indicator.source.code == "fhi" else ["RATE"]
        return [(dimensions, dict.fromkeys(measures, number), Flag.NONE)
                for dimensions, number in strata]

    def _row(self, indicator: Indicator, series: Series, geo: str, start: int, end: int,
             dimensions: dict[str, str], measures: dict[str, float],
             flag: str) -> Iterable[Cell]:
        symbol = {Flag.SUPPRESSED.value: ":", Flag.MISSING.value: ".."}.get(flag, "")
        for measure, number in measures.items():
            counted = measure in {"sumTELLER", "sumNEVNER"}
            yield Cell(indicator.pk, geo, self.levels[geo], start, end, "0", series.age,
                       dimensions, measure,
                       None if flag else _decimal(number, 0 if counted else 4),
                       flag, symbol, series.years)

    def _population_cells(self, indicator: Indicator) -> list[Cell]:
        """SSB 07459 style: Personer1 per 1 January, and by district, sex and age group."""
        cells = [self._count(indicator, geo, self.levels[geo], year, "0", "", people)
                 for geo, series in self.population.items()
                 for year, people in sorted(series.items()) if year >= FIRST_YEAR]
        own = self.population[self.number]
        totals = {district.code: district.population or 0 for district in self.districts}
        for year in DISTRICT_YEARS:
            by_district = _apportion(own[year], [totals[code] for code in totals])
            sums = [0] * (2 * len(AGE_GROUPS))
            for (code, _latest), people in zip(totals.items(), by_district, strict=True):
                cells.append(self._count(indicator, code, GeoLevel.DISTRICT, year, "0", "",
                                         people))
                profile = AGE_PROFILES.get(code, DEFAULT_AGE_PROFILE)
                weights = [share * (women if sex == "2" else 1 - women)
                           for share, women in zip(profile, WOMEN, strict=True)
                           for sex in ("1", "2")]
                for index, count in enumerate(_apportion(people, weights)):
                    sums[index] += count
                    age, sex = AGE_GROUPS[index // 2], ("1", "2")[index % 2]
                    cells.append(self._count(indicator, code, GeoLevel.DISTRICT, year, sex,
                                             age, count))
            if self.districts:
                for index, count in enumerate(sums):
                    age, sex = AGE_GROUPS[index // 2], ("1", "2")[index % 2]
                    cells.append(self._count(indicator, self.number, GeoLevel.MUNICIPALITY,
                                             year, sex, age, count))
        return cells

    def _count(self, indicator: Indicator, geo: str, level: str, year: int, sex: str,
               age: str, people: int) -> Cell:
        return Cell(indicator.pk, geo, level, year, year, sex, age, {}, "Personer1",
                    Decimal(people), n_years=1)

    def _growth_cells(self, indicator: Indicator) -> list[Cell]:
        cells = []
        for geo, series in self.population.items():
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                growth = (series[year] - series[year - 1]) / series[year - 1] * 100
                for measure in ("RATE", "MEIS"):
                    cells.append(Cell(indicator.pk, geo, self.levels[geo], year, year, "0", "",
                                      {}, measure, _decimal(growth, 4), n_years=1))
        return cells


    def _education_cells(self, indicator: Indicator) -> list[Cell]:
        """Residents 16+ by highest completed education (UTDANN 1–3) and in all, each year:
        higher education grows, primary school only shrinks; Eksempelvik a little behind
        Norway (what the equity monitor compares participants with)."""
        cells = []
        span = max(LAST_YEAR - FIRST_YEAR, 1)
        for geo, series in self.population.items():
            behind = {COUNTRY: 0.0, self.county: 0.015}.get(geo, 0.03)
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                adults = round(series[year] * ADULT_SHARE)
                progress = (year - FIRST_YEAR) / span
                higher = 0.30 + 0.075 * progress - behind
                primary = 0.29 - 0.05 * progress + behind / 2
                counts = _apportion(adults, [primary, 1 - primary - higher, higher])
                cells.append(Cell(indicator.pk, geo, self.levels[geo], year, year, "0", "16_120",
                                  {}, "Personer1", Decimal(adults), n_years=1))
                cells.extend(
                    Cell(indicator.pk, geo, self.levels[geo], year, year, "0", "16_120",
                         {"UTDANN": level}, "Personer1", Decimal(count), n_years=1)
                    for level, count in zip(("1", "2", "3"), counts, strict=True))
        return cells


def _flag_of(code: str, end: int, dimensions: dict[str, str]) -> str:
    """The flag the demo gives a cell of the municipality on purpose, if any."""
    if (code, end) in MISSING_CELLS:
        return Flag.MISSING
    if (code, end) in HIDDEN_CELLS and not dimensions:
        return Flag.SUPPRESSED
    return Flag.NONE


def _population(rng: random.Random, latest: int, growth: float) -> dict[int, int]:
    """Population on 1 January, FIRST_YEAR − 1 to LAST_YEAR, ending at ``latest``."""
    values = {LAST_YEAR: latest}
    for year in range(LAST_YEAR, FIRST_YEAR - 1, -1):
        values[year - 1] = round(values[year] / (1 + growth + rng.gauss(0, 0.002)))
    return values


def _apportion(total: int, weights: list[float] | list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into whole numbers that add up to it."""
    weight_sum = sum(weights) or 1
    exact = [total * weight / weight_sum for weight in weights]
    counts = [math.floor(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for index in by_remainder[:total - sum(counts)]:
        counts[index] += 1
    return counts


# --- Local knowledge, gaps and resources ----------------------------------------------------


LOCAL_KNOWLEDGE: tuple[dict[str, Any], ...] = (
    {
        "key": "bus", "author": CEM, "indicator": "bra_kollektivtilbud",
        "category": Category.ENVIRONMENT, "district": "Fjellgrenda",
        "title": "Siste buss til Fjellgrenda går før treningene starter",
        "text": ("Tallene viser at ungdom er mindre fornøyd med kollektivtilbudet, men ikke "
                 "hvorfor. Etter ruteomleggingen i 2021 går siste buss fra sentrum til "
                 "Fjellgrenda kl. 16.10. Den som vil være med på trening, korps eller "
                 "ungdomsklubb om kvelden, må bli kjørt."),
        "story": ("Datteren min sluttet på håndballen i fjor. Vi har ikke bil hver dag, og det "
                  "ble for mye styr å finne skyss tre kvelder i uka."),
        "status": Moderation.PUBLISHED,
        "response": ("Takk for at du deler dette. Vi har tatt det med i oversikten under miljø, "
                     "og kommunen tar opp en kveldsavgang med fylkeskommunen før neste "
                     "rutetabell."),
    },
    {
        "key": "alone", "author": FRIDA, "indicator": "bor_alene_45",
        "category": Category.POPULATION, "district": "Sjøsida",
        "title": "Mange eldre på Sjøsida sitter alene etter at butikken la ned",
        "text": ("Frivilligsentralen får flere telefoner fra eldre på Sjøsida som ønsker "
                 "besøksvenn. Butikken var stedet der mange traff andre i hverdagen. Det står "
                 "ikke i tallene over hvem som bor alene, men det er det vi merker."),
        "story": ("En av besøksvennene våre forteller om en mann på 84 som ikke hadde snakket "
                  "med noen på ni dager før hun kom."),
        "status": Moderation.PUBLISHED,
        "response": ("Dette er viktig kunnskap. Ensomhet blant eldre er løftet fram som en "
                     "utfordring i oversikten, og vi ser på møteplasser på Sjøsida sammen med "
                     "frivilligsentralen."),
    },
    {
        "key": "youth_club", "author": FRIDA, "indicator": "ensomhet_ungdom",
        "category": Category.QUALITY_OF_LIFE,
        "place": "Ungdomsklubben i kjelleren på Eksempelvik skole",
        "title": "Ungdom som ikke driver med idrett, har få steder å være",
        "text": ("Ungdomsklubben har åpent to kvelder i uka og er full hver gang. De som "
                 "kommer, er ofte ikke med i idrettslaget. Mange sier at de ellers sitter "
                 "hjemme alene med mobilen."),
        "status": Moderation.PUBLISHED,
        "response": ("Takk! Vi ser dette i sammenheng med Ungdata-tallene om ensomhet og har tatt "
                     "det med i kapitlet om livskvalitet."),
    },
    {
        "key": "shortcut", "author": PER, "category": Category.ENVIRONMENT,
        "district": "Nordbyen", "place": "Snarveien bak Nordbyen skole",
        "title": "Snarveien til skolen mangler lys og blir ikke brøytet",
        "text": ("Mange barn går snarveien mellom boligfeltet og Nordbyen skole. Den har ikke "
                 "gatelys og blir ikke brøytet om vinteren, så foreldrene kjører heller. Det gir "
                 "mer trafikk ved skoleporten."),
        "status": Moderation.PUBLISHED,
        "response": ("Snarveien er meldt inn til drift og vedlikehold og tas med i arbeidet med "
                     "trafikksikkerhetsplanen."),
    },
    {
        "key": "equipment", "author": CEM, "indicator": "lavinntekt_barn_0_17",
        "category": Category.UPBRINGING, "district": "Nordbyen",
        "title": "Utstyrssentralen er full av familier fra Nordbyen",
        "text": ("På lørdagene låner mange familier fra Nordbyen ski, skøyter og sykler på "
                 "utstyrssentralen. Flere forteller at barna ellers ikke kunne vært med på "
                 "skidagen."),
        "status": Moderation.PUBLISHED,
        "response": ("Takk! Utstyrssentralen er nevnt som en ressurs i oversikten, og vi vurderer "
                     "å utvide åpningstidene."),
    },
    {
        "key": "slippery", "author": PER, "indicator": "skader_behandlet_sykehus",
        "category": Category.INJURIES, "district": "Sentrum",
        "place": "Fortauet langs Storgata",
        "title": "Glatte fortau i Storgata gir fallulykker",
        "text": ("Legevakten og hjemmetjenesten sier at mange fallskader om vinteren skjer på "
                 "fortauet langs Storgata, der det ikke blir strødd før sent på formiddagen."),
        "status": Moderation.PUBLISHED,
        "response": ("Driftsavdelingen strør fortauet tidligere om morgenen denne vinteren, og vi "
                     "følger med på om det gir færre fall."),
    },
    {
        "key": "ski_track", "author": CEM, "category": Category.BEHAVIOUR,
        "district": "Austmarka", "place": "Lysløypa i Austmarka",
        "title": "Lysløypa i Austmarka slukkes klokka 21",
        "text": ("Lyset i lysløypa slukkes kl. 21. Mange som jobber skift, rekker ikke å gå en "
                 "tur før det er mørkt."),
        "status": Moderation.PENDING,
    },
    {
        "key": "birthdays", "author": FRIDA, "indicator": "lavinntekt_barn_0_17",
        "category": Category.UPBRINGING, "district": "Sentrum",
        "title": "Barn som ikke blir med i bursdager",
        "text": ("Barna i huset ved siden av oss i Storgata 12 blir aldri med i bursdager, fordi "
                 "foreldrene ikke har råd til gaver."),
        "status": Moderation.NEEDS_EDIT,
        "reason": ("Takk for bidraget! Adressen gjør at familien kan kjennes igjen. Kan du skrive "
                   "det uten adressen? Da publiserer vi det."),
    },
)

GAPS: tuple[dict[str, Any], ...] = (
    {
        "key": "lonely_elderly", "title": "Hvordan har eldre som bor alene det?",
        "description": ("Vi vet hvor mange som bor alene, men ikke hvor mange av dem som er "
                        "ensomme eller mangler hjelp i hverdagen."),
        "how_to_learn": ("Ta med spørsmål om ensomhet og sosial støtte i neste "
                         "innbyggerundersøkelse, og samle erfaringer fra hjemmetjenesten og "
                         "frivilligsentralen."),
        "category": Category.QUALITY_OF_LIFE, "indicator": "bor_alene_45",
        "district": "Sjøsida",
    },
    {
        "key": "immigrants", "title": "Helse og levekår blant innvandrere",
        "description": ("Statistikken vi bruker, er ikke delt etter landbakgrunn, og få "
                        "innvandrere svarer på innbyggerundersøkelsen."),
        "how_to_learn": ("Be om tall etter innvandringskategori fra FHI og SSB, og snakke med "
                         "voksenopplæringen og innvandrerforeningene."),
        "category": Category.POPULATION,
    },
    {
        "key": "ungdata_districts", "title": "Ungdata-tall for hver skolekrets",
        "description": ("Ungdata-tallene gjelder hele kommunen. Vi vet ikke om ungdom i "
                        "Fjellgrenda svarer annerledes enn ungdom i Sentrum."),
        "how_to_learn": ("Be om resultater per skolekrets ved neste Ungdata-undersøkelse, der det "
                         "er nok svar til at ingen kan kjennes igjen."),
        "category": Category.ENVIRONMENT, "indicator": "bra_kollektivtilbud",
        "district": "Fjellgrenda",
    },
    {
        "key": "injury_places", "title": "Hvor skjer skadene?",
        "description": ("Sykehustallene forteller hvor mange som skades, men ikke hvor eller "
                        "hvordan skaden skjedde."),
        "how_to_learn": ("Registrere sted og årsak for fallskader på legevakten i ett år, og "
                         "kartlegge farlige steder sammen med eldrerådet."),
        "category": Category.INJURIES, "indicator": "skader_behandlet_sykehus",
    },
)

RESOURCES: tuple[dict[str, Any], ...] = (
    {
        "title": "Eksempelvik frivilligsentral",
        "description": ("Besøksvenner, turgrupper, leksehjelp og middagsfellesskap. Rundt 150 "
                        "frivillige er i aktivitet hver uke."),
        "category": Category.QUALITY_OF_LIFE, "district": "Sentrum",
        "indicator": "bor_alene_45",
    },
    {
        "title": "Eksempelvik idrettslag",
        "description": ("Fotball, håndball, ski og allidrett for barn fra seks år. Familier med "
                        "lav inntekt slipper medlemskontingent."),
        "category": Category.BEHAVIOUR, "indicator": "lite_fysisk_aktive_ungdom",
    },
    {
        "title": "Eksempelvik bibliotek",
        "description": ("Meråpent bibliotek med plass til lekser, spill og kurs: en gratis "
                        "møteplass for alle aldre, åpent til kl. 22 hver dag."),
        "category": Category.ENVIRONMENT, "district": "Sentrum",
    },
    {
        "title": "Turløypene i Austmarka",
        "description": ("Merkede stier og lysløype med gapahuk og grillplass. De første to "
                        "kilometerne passer for barnevogn og rullestol."),
        "category": Category.BEHAVIOUR, "district": "Austmarka",
    },
    {
        "title": "Utstyrssentralen i Nordbyen",
        "description": ("Gratis utlån av ski, skøyter, sykler og telt. Drives av "
                        "frivilligsentralen med støtte fra kommunen."),
        "category": Category.UPBRINGING, "district": "Nordbyen",
        "indicator": "lavinntekt_barn_0_17",
    },
)


def _references(municipality: Municipality, spec: Mapping[str, Any]) -> dict[str, Any]:
    """The indicator and district a spec names, as objects (None when not there)."""
    indicator = (Indicator.objects.filter(code=spec["indicator"]).first()
                 if spec.get("indicator") else None)
    district = (District.objects.filter(municipality=municipality, name=spec["district"]).first()
                if spec.get("district") else None)
    return {"indicator": indicator, "district": district}


def _local_knowledge(municipality: Municipality,
                     users: Mapping[str, Any]) -> dict[str, LocalKnowledge]:
    mira = users.get(MIRA)
    found = {}
    for spec in LOCAL_KNOWLEDGE:
        status = spec["status"]
        moderated = status != Moderation.PENDING
        responded = bool(spec.get("response"))
        item, _created = LocalKnowledge.objects.get_or_create(
            municipality=municipality, title=spec["title"],
            defaults={
                **_references(municipality, spec),
                "author": users.get(spec["author"]), "category": spec.get("category", ""),
                "place": spec.get("place", ""), "text": spec["text"],
                "story": spec.get("story", ""), "status": status,
                "moderation_reason": spec.get("reason", ""),
                "moderated_by": mira if moderated else None,
                "moderated_at": MODERATED_AT if moderated else None,
                "response": spec.get("response", ""),
                "responded_by": mira if responded else None,
                "responded_at": MODERATED_AT if responded else None,
            },
        )
        found[spec["key"]] = item
    return found


def _gaps(municipality: Municipality, users: Mapping[str, Any]) -> dict[str, KnowledgeGap]:
    found = {}
    for spec in GAPS:
        gap, _created = KnowledgeGap.objects.get_or_create(
            municipality=municipality, title=spec["title"],
            defaults={**_references(municipality, spec), "description": spec["description"],
                      "how_to_learn": spec["how_to_learn"], "category": spec["category"],
                      "created_by": users.get(MIRA)},
        )
        found[spec["key"]] = gap
    return found


def _resources(municipality: Municipality, users: Mapping[str, Any]) -> None:
    for spec in RESOURCES:
        CommunityResource.objects.get_or_create(
            municipality=municipality, title=spec["title"],
            defaults={**_references(municipality, spec), "description": spec["description"],
                      "category": spec["category"], "created_by": users.get(PER)},
        )


# --- The draft overview document ------------------------------------------------------------

OVERVIEW_TITLE = "Oversikt over folkehelsen 2024–2027"
OVERVIEW_INTRODUCTION = (
    "Dette er et utkast til oversikt over folkehelsen i Eksempelvik for perioden 2024–2027. "
    "Eksempelvik er en oppdiktet kommune, og alle tall er syntetiske demodata. Oversikten "
    "bygger på statistikk fra Folkehelseinstituttet og SSB, kommunens egen "
    "innbyggerundersøkelse og lokal kunnskap fra innbyggere, frivillige og ansatte. For hvert "
    "område beskriver vi utfordringer og ressurser, årsaker og konsekvenser og sosial ulikhet "
    "i helse, slik forskriften om oversikt over folkehelsen krever."
)

#: Per overview area: the four assessments, and what the section cites.
SECTIONS: dict[str, dict[str, Any]] = {
    Category.POPULATION: {
        "challenges": (
            "Eksempelvik har en aldrende befolkning. Andelen over 80 år er høyere enn i fylket "
            "og landet og vil øke mye fram mot 2040, særlig på Sjøsida og i Fjellgrenda. "
            "Flere over 45 år bor alene enn ellers i landet. Folketallet vokser svakt, og "
            "veksten kommer nesten bare i Sentrum og Nordbyen."),
        "resources": (
            "Mange eldre er friske og aktive og bærer en stor del av frivilligheten. "
            "Barnefamilier som flytter til Nordbyen, gir et yngre innslag i befolkningen."),
        "causes_and_consequences": (
            "Unge voksne flytter ut etter videregående, og få flytter til grendene. Det gir "
            "færre i yrkesaktiv alder per eldre, større behov for helse- og omsorgstjenester "
            "og større fare for ensomhet blant dem som bor alene."),
        "inequality": (
            "Å bo alene henger sammen med lavere inntekt og dårligere selvopplevd helse, "
            "særlig blant menn. Vi mangler tall for innvandrere og for den enkelte bydel."),
        "indicators": ["befolkning", "befolkningsvekst", "andel_over_80_framskrevet",
                       "bor_alene_45"],
        "local_knowledge": ["alone"], "gaps": ["immigrants"],
    },
    Category.UPBRINGING: {
        "challenges": (
            "Andelen barn som vokser opp i familier med lavinntekt, har økt og er høyere enn i "
            "landet. Flere unge voksne mottar uføretrygd enn i fylket. Gjennomføringen i "
            "videregående skole har blitt bedre, men er fortsatt lavere enn landsnivået."),
        "resources": (
            "Utstyrssentralen i Nordbyen og fritidskortet gjør at flere barn kan delta. De "
            "fleste elevene trives på skolen, og valgdeltakelsen er høy."),
        "causes_and_consequences": (
            "Lavinntekt i barndommen henger sammen med svakere skoleresultater, mindre "
            "deltakelse i fritidsaktiviteter og dårligere helse senere i livet. Den som ikke "
            "fullfører videregående, har større risiko for å havne utenfor arbeidslivet."),
        "inequality": (
            "Gradienten er tydelig: elever med foreldre som bare har grunnskole, fullfører "
            "videregående langt sjeldnere enn elever med foreldre med høyere utdanning, og "
            "uføretrygd blant unge voksne er vanligst blant dem med kort utdanning."),
        "indicators": ["lavinntekt_barn_0_17", "gjennomforing_vgs", "uforetrygdede_18_44",
                       "trives_pa_skolen_10"],
        "local_knowledge": ["equipment"], "gaps": [],
    },
    Category.ENVIRONMENT: {
        "challenges": (
            "Ungdom er mindre fornøyd med kollektivtilbudet enn før, og avstanden til landet "
            "har økt etter ruteomleggingen i 2021. Beboere i Nordbyen peker på snarveier uten "
            "lys og brøyting. Deler av kommunen får vann fra små vannverk med svakere "
            "leveringsstabilitet."),
        "resources": (
            "Ungdom føler seg trygge i nærmiljøet, og mange er med i en fritidsorganisasjon. "
            "Biblioteket og frivilligsentralen er gratis møteplasser som brukes mye."),
        "causes_and_consequences": (
            "Et svakt kollektivtilbud gjør ungdom i grendene avhengige av skyss. Mørke og "
            "utrygge gangveier gir mindre aktiv transport til skole og fritid og mer trafikk "
            "ved skolene."),
        "inequality": (
            "Når kveldsbussen mangler, rammes barn i familier uten bil eller med lav inntekt "
            "mest. Det kan forklare en del av forskjellen i deltakelse i organiserte "
            "fritidsaktiviteter."),
        "indicators": ["bra_kollektivtilbud", "trygt_i_naermiljoet", "medlem_fritidsorganisasjon",
                       "god_drikkevannsforsyning"],
        "local_knowledge": ["bus", "shortcut"], "gaps": ["ungdata_districts"],
    },
    Category.INJURIES: {
        "challenges": (
            "Flere blir behandlet i sykehus for skader enn i landet, og hoftebrudd er et "
            "vedvarende problem blant eldre. Innbyggere forteller om fallulykker på glatte "
            "fortau i Sentrum."),
        "resources": (
            "Eldrerådet og hjemmetjenesten vet godt hvor det er farlig å ferdes. Anmeldt vold "
            "er lavere enn i landet."),
        "causes_and_consequences": (
            "En aldrende befolkning, glatte vintre og boliger som ikke er tilrettelagt, gir "
            "flere fall. Et hoftebrudd fører ofte til varig funksjonstap og behov for "
            "tjenester."),
        "inequality": (
            "Eldre som bor alene og har lav inntekt, har høyere risiko for fallskader og "
            "kommer seg saktere etter dem. Vi vet for lite om hvor skadene skjer."),
        "indicators": ["skader_behandlet_sykehus", "hoftebrudd", "anmeldte_voldstilfeller"],
        "local_knowledge": ["slippery"], "gaps": ["injury_places"],
    },
    Category.BEHAVIOUR: {
        "challenges": (
            "Røyking i svangerskapet har gått kraftig ned, men er fortsatt vanligere enn i "
            "landet. Skjermtiden blant ungdom øker, og litt flere ungdommer enn i landet er "
            "lite fysisk aktive."),
        "resources": (
            "Eksempelvik idrettslag og turløypene i Austmarka gir gode muligheter for fysisk "
            "aktivitet i alle aldre. Ungdom drikker mindre alkohol enn for ti år siden."),
        "causes_and_consequences": (
            "Lange avstander og et svakt kollektivtilbud gjør det vanskeligere for ungdom i "
            "grendene å delta i organisert aktivitet. Lys og preparering avgjør om "
            "lysløypene blir brukt om vinteren."),
        "inequality": (
            "Røyking i svangerskapet er mange ganger vanligere blant kvinner med bare "
            "grunnskole enn blant kvinner med høyere utdanning."),
        "indicators": ["royking_kvinner_svangerskap", "skjermtid_over_4t",
                       "lite_fysisk_aktive_ungdom", "beruset_ungdom"],
        "local_knowledge": [], "gaps": [],
    },
    Category.HEALTH: {
        "challenges": (
            "Forventet levealder er litt lavere enn i landet, særlig for menn. Flere unge "
            "voksne søker hjelp for psykiske plager enn før, og flere bruker legemidler mot "
            "type 2-diabetes. Overvekt blant 17-åringer er vanligere enn i landet."),
        "resources": (
            "Vaksinasjonsdekningen er høy, og færre behandles i sykehus for hjerte- og "
            "karsykdom. Skolehelsetjenesten og helsestasjon for ungdom er godt etablert."),
        "causes_and_consequences": (
            "Levevaner, arbeid og inntekt forklarer mye av forskjellene i levealder. Økningen "
            "i psykiske plager blant unge kan henge sammen med ensomhet, skjermbruk og press "
            "i skolen."),
        "inequality": (
            "Forventet levealder er flere år kortere for dem som bare har grunnskole, enn for "
            "dem med høyere utdanning, og forskjellen har ikke blitt mindre de siste femten "
            "årene."),
        "indicators": ["forventet_levealder_menn", "forventet_levealder_kvinner",
                       "psykiske_plager_15_29", "overvekt_17", "diabetes_type2_legemidler"],
        "local_knowledge": [], "gaps": [],
    },
    Category.QUALITY_OF_LIFE: {
        "challenges": (
            "Færre ungdommer enn før opplever høy tilfredshet med livet, og flere er plaget av "
            "ensomhet. I kommunens egen innbyggerundersøkelse har andelen voksne med høy "
            "livskvalitet gått noe ned."),
        "resources": (
            "De fleste ungdommer tror de vil få et godt liv og er fornøyd med lokalmiljøet. "
            "Frivilligsentralen, biblioteket og idrettslaget skaper fellesskap på tvers av "
            "generasjoner."),
        "causes_and_consequences": (
            "Ensomhet og lav livskvalitet henger sammen med å bo alene, dårlig økonomi og få "
            "møteplasser. At butikken på Sjøsida la ned og bussen går sjeldnere, har gjort det "
            "vanskeligere å treffe andre."),
        "inequality": (
            "Livskvaliteten er lavest blant dem med lav inntekt og dårlig helse. Vi vet lite "
            "om livskvaliteten i de enkelte bydelene og blant innvandrere."),
        "indicators": ["hoy_tilfredshet_ungdom", "ensomhet_ungdom",
                       "hoy_livskvalitet_egen_undersokelse", "fornoyd_med_lokalmiljoet"],
        "local_knowledge": ["youth_club", "alone"], "gaps": ["lonely_elderly"],
    },
}


def _overview(municipality: Municipality, author: Any,
              contributions: Mapping[str, LocalKnowledge],
              gaps: Mapping[str, KnowledgeGap]) -> OverviewDocument:
    from samskap.planning.models import Cycle

    document, _created = OverviewDocument.objects.get_or_create(
        municipality=municipality, title=OVERVIEW_TITLE,
        defaults={"cycle": Cycle.objects.current(municipality),
                  "introduction": OVERVIEW_INTRODUCTION, "created_by": author,
                  "status": OverviewDocument.Status.DRAFT},
    )
    for category in Category.values:
        spec = SECTIONS[category]
        section, created = OverviewSection.objects.get_or_create(
            document=document, category=category,
            defaults={key: spec[key] for key in ("challenges", "resources",
                                                 "causes_and_consequences", "inequality")},
        )
        if created:  # staff may have edited the citations of an existing section
            section.indicators.set(Indicator.objects.filter(code__in=spec["indicators"]))
            section.local_knowledge.set([contributions[key] for key in spec["local_knowledge"]])
            section.knowledge_gaps.set([gaps[key] for key in spec["gaps"]])
    return document
