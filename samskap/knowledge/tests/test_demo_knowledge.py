"""The knowledge part of the demo: synthetic statistics, local knowledge and a draft overview
for Eksempelvik, the same every time and loaded only once."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from samskap.core.demo import DISTRICTS
from samskap.knowledge.demo import SERIES, SYNTHETIC_NOTE, load_knowledge_demo
from samskap.knowledge.models import (
    Category,
    CommunityResource,
    Flag,
    ImportBatch,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    Moderation,
    Observation,
    OverviewDocument,
    OverviewSection,
)
from samskap.municipalities.models import District, Municipality
from samskap.testing.factories import DistrictFactory

pytestmark = pytest.mark.django_db

KNOWLEDGE_MODELS = (Indicator, Observation, ImportBatch, LocalKnowledge, KnowledgeGap,
                    CommunityResource, OverviewDocument, OverviewSection)


@pytest.fixture
def demo(eksempelvik, mira, per, frida, cem, cycle) -> Municipality:
    """Eksempelvik with the demo's districts, its cast and its knowledge base."""
    for name, code, population in DISTRICTS:
        DistrictFactory(municipality=eksempelvik, name=name, code=code, population=population)
    users = {user.email: user for user in (mira, per, frida, cem)}
    load_knowledge_demo(eksempelvik, users)
    return eksempelvik


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in KNOWLEDGE_MODELS}


def values(**lookup) -> list[Observation]:
    return list(Observation.objects.filter(**lookup).order_by("period_end"))


def test_the_demo_command_twice_gives_the_same_knowledge_base_once():
    call_command("demo", stdout=io.StringIO())
    before = counts()
    observations = set(Observation.objects.values_list(
        "indicator__code", "geo", "period_start", "period_end", "sex", "age", "dimensions_key",
        "measure", "value", "flag"))

    call_command("demo", stdout=io.StringIO())

    assert counts() == before
    assert before["Observation"] > 5000
    assert set(Observation.objects.values_list(
        "indicator__code", "geo", "period_start", "period_end", "sex", "age", "dimensions_key",
        "measure", "value", "flag")) == observations


def test_every_catalogue_indicator_has_ten_periods_or_more_for_eksempelvik(demo):
    periods = dict(
        Observation.objects.filter(geo="9999", dimensions_key="", sex="0")
        .values("indicator__code").annotate(n=Count("period_end", distinct=True))
        .values_list("indicator__code", "n"))

    assert set(periods) == set(Indicator.objects.values_list("code", flat=True))
    assert set(SERIES) == set(periods)
    assert min(periods.values()) >= 10


def test_eksempelvik_is_compared_with_its_county_and_norway(demo):
    geos = set(Observation.objects.filter(indicator__code="bor_alene_45")
               .values_list("geo", "geo_level"))

    assert geos == {("0", "L"), ("99", "F"), ("9999", "K")}


def test_the_municipalitys_own_survey_has_no_county_or_national_figures(demo):
    geos = set(Observation.objects.filter(indicator__code="hoy_livskvalitet_egen_undersokelse")
               .values_list("geo", flat=True))

    assert geos == {"9999"}


def test_the_levels_are_plausible(demo):
    def latest(code: str, geo: str = "9999") -> Decimal:
        indicator = Indicator.objects.get(code=code)
        return Observation.objects.series(indicator, geo).filter(
            dimensions_key="").last().value

    assert 78 < latest("forventet_levealder_menn") < 82
    assert 82 < latest("forventet_levealder_kvinner") < 86
    assert 5 < latest("tilfredshet_med_livet") < 9
    assert 2 < latest("inntektsulikhet_p90_p10") < 4
    for indicator in Indicator.objects.filter(unit="percent"):
        for observation in Observation.objects.filter(indicator=indicator,
                                                      measure__in=["RATE", "MEIS"],
                                                      value__isnull=False):
            assert -5 < observation.value <= 100, (indicator.code, observation)


def test_numerators_and_denominators_agree_with_the_rate(demo):
    cells: dict[tuple, dict[str, Decimal | None]] = defaultdict(dict)
    for row in Observation.objects.filter(
            measure__in=["RATE", "sumTELLER", "sumNEVNER"]).values(
            "indicator__code", "indicator__unit", "geo", "period_end", "dimensions_key",
            "measure", "value"):
        key = (row["indicator__code"], row["indicator__unit"], row["geo"], row["period_end"],
               row["dimensions_key"])
        cells[key][row["measure"]] = row["value"]
    checked = 0
    for (code, unit, *_rest), measures in cells.items():
        if "sumTELLER" not in measures or measures["RATE"] is None:
            continue
        teller, nevner = measures["sumTELLER"], measures["sumNEVNER"]
        assert 0 <= teller <= nevner, code
        scale = 100 if unit == "percent" else 1000
        assert abs(teller / nevner * scale - measures["RATE"]) < Decimal("0.001"), code
        checked += 1
    assert checked > 1000


def test_some_indicators_show_a_social_gradient_by_education(demo):
    stratified = set(Observation.objects.filter(dimensions_key__startswith="UTDANN=")
                     .values_list("indicator__code", flat=True))
    life = {row.dimensions_key: row.value for row in values(
        indicator__code="forventet_levealder_kvinner", geo="0", period_end=2024,
        measure="MEIS")}
    school = {row.dimensions_key: row.value for row in values(
        indicator__code="gjennomforing_vgs", geo="0", period_end=2024, measure="RATE")}

    assert {"forventet_levealder_menn", "gjennomforing_vgs",
            "royking_kvinner_svangerskap"} <= stratified
    assert life["UTDANN=1"] < life["UTDANN=2"] < life["UTDANN=3"]
    assert school["UTDANN=1"] < school["UTDANN=2"] < school["UTDANN=3"]
    strata = Observation.objects.filter(dimensions_key="UTDANN=2").first()
    assert strata.dimensions == {"UTDANN": "2"}
    assert strata.dimensions_key == Observation.key_for({"UTDANN": "2"})


def test_suppressed_cells_have_no_value_never_zero(demo):
    suppressed = Observation.objects.filter(flag=Flag.SUPPRESSED)
    missing = Observation.objects.filter(flag=Flag.MISSING)

    assert suppressed.count() > 10
    assert missing.exists()
    assert set(suppressed.values_list("value", "flag_symbol")) == {(None, ":")}
    assert set(missing.values_list("value", "flag_symbol")) == {(None, "..")}
    assert not Observation.objects.filter(flag="", value__isnull=True).exists()
    # a suppressed total appears in a municipality's time series, not only in small strata
    assert suppressed.filter(geo="9999", dimensions_key="").exists()


def test_district_population_adds_up_by_sex_and_age(demo):
    codes = [code for _name, code, _population in DISTRICTS]
    rows = Observation.objects.filter(indicator__code="befolkning", measure="Personer1",
                                      period_end=2024)
    totals = dict(rows.filter(geo__in=codes, sex="0", age="").values_list("geo", "value"))
    by_sex_and_age = Counter()
    for geo, value in rows.filter(geo__in=codes).exclude(sex="0").values_list("geo", "value"):
        by_sex_and_age[geo] += value

    assert totals == {code: population for _name, code, population in DISTRICTS}
    assert dict(by_sex_and_age) == totals
    assert rows.get(geo="9999", sex="0", age="").value == sum(totals.values())
    assert set(rows.filter(geo__in=codes).values_list("geo_level", flat=True)) == {"B"}


def test_each_source_has_one_import_marked_as_synthetic(demo):
    batches = list(ImportBatch.objects.filter(municipality=demo))

    assert len(batches) == 3
    for batch in batches:
        assert batch.summary["synthetic"] is True
        assert batch.summary["note"] == SYNTHETIC_NOTE
        assert batch.file_name.startswith("demo data (synthetic)")
        assert batch.observations.exists()
    assert not Observation.objects.filter(batch__isnull=True).exists()


def test_local_knowledge_comes_from_several_people_and_most_is_answered(demo, cem, frida, per):
    items = list(LocalKnowledge.objects.filter(municipality=demo))
    statuses = Counter(item.status for item in items)

    assert len(items) >= 8
    assert {item.author for item in items} == {cem, frida, per}
    assert statuses[Moderation.PENDING] == 1
    assert statuses[Moderation.NEEDS_EDIT] == 1
    assert statuses[Moderation.PUBLISHED] == len(items) - 2
    for item in items:
        if item.status == Moderation.PUBLISHED:
            assert item.response and item.responded_by and item.moderated_by
    sent_back = next(item for item in items if item.status == Moderation.NEEDS_EDIT)
    assert sent_back.moderation_reason
    assert any(item.indicator for item in items)
    assert any(item.district for item in items)
    assert any(item.place for item in items)


def test_there_are_knowledge_gaps_and_community_resources(demo):
    assert KnowledgeGap.objects.filter(municipality=demo).count() >= 4
    assert all(gap.how_to_learn for gap in KnowledgeGap.objects.all())
    resources = set(CommunityResource.objects.filter(municipality=demo)
                    .values_list("title", flat=True))
    assert len(resources) >= 5
    assert "Eksempelvik frivilligsentral" in resources


def test_the_demo_has_a_draft_overview_with_a_section_per_area(demo, cycle):
    document = OverviewDocument.objects.get(municipality=demo)
    sections = list(document.sections.all())

    assert document.status == OverviewDocument.Status.DRAFT
    assert document.cycle == cycle
    assert document.title == "Oversikt over folkehelsen 2024–2027"
    assert [section.category for section in sections] == Category.values
    for section in sections:
        assert section.challenges and section.resources
        assert section.causes_and_consequences and section.inequality
        assert section.indicators.exists(), section.category
    assert sum(section.local_knowledge.count() for section in sections) >= 4
    assert sum(section.knowledge_gaps.count() for section in sections) >= 3


def test_loading_twice_keeps_what_staff_changed_in_the_draft(demo, mira):
    section = OverviewSection.objects.get(category=Category.HEALTH)
    section.challenges = "Skrevet om av Mira."
    section.save(update_fields=["challenges"])
    section.indicators.clear()

    load_knowledge_demo(demo, {mira.email: mira})

    section.refresh_from_db()
    assert section.challenges == "Skrevet om av Mira."
    assert not section.indicators.exists()


def test_a_municipality_without_districts_still_gets_its_series(nabovik, olav):
    load_knowledge_demo(nabovik, {olav.email: olav})

    assert Observation.objects.filter(geo="9998").exists()
    assert not District.objects.filter(municipality=nabovik).exists()
