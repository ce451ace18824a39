"""The indicator catalogue: data files, not code, loaded idempotently by code."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F

from samskap.knowledge.catalogue import (
    INDICATORS_FILE,
    LEGAL_REFERENCES_FILE,
    CatalogueError,
    load_catalogue,
    read_catalogue,
)
from samskap.knowledge.models import Category, DataSource, Indicator, LegalReference, Ring

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    load_catalogue()


def test_the_catalogue_covers_all_seven_overview_areas(catalogue):
    areas = set(Indicator.objects.values_list("category", flat=True))

    assert areas == set(Category.values)
    assert 35 <= Indicator.objects.count() <= 45


def test_the_catalogue_covers_all_four_determinant_rings(catalogue):
    rings = set(Indicator.objects.exclude(ring="").values_list("ring", flat=True))

    assert rings == set(Ring.values)


def test_every_indicator_has_a_name_and_a_definition_in_bokmal_nynorsk_and_english(catalogue):
    for indicator in Indicator.objects.all():
        for language in ("nb", "nn", "en"):
            assert getattr(indicator, f"name_{language}").strip(), (indicator.code, language)
            assert getattr(indicator, f"definition_{language}").strip(), (indicator.code,
                                                                         language)


def test_nynorsk_names_are_translations_not_copies_of_bokmal(catalogue):
    translated = Indicator.objects.exclude(name_nn=F("name_nb")).count()

    assert translated > Indicator.objects.count() / 2


def test_every_indicator_has_a_source_a_unit_and_a_measure_to_show(catalogue):
    for indicator in Indicator.objects.select_related("source"):
        assert indicator.source.code in {"fhi", "ssb", "local"}
        assert indicator.unit
        assert indicator.default_measure


def test_source_tables_are_either_known_ids_or_left_empty(catalogue):
    tables = set(Indicator.objects.exclude(source_table="")
                 .values_list("source_table", flat=True))

    assert all(re.fullmatch(r"(nokkel|ssb):\d+", table) for table in tables)
    assert "nokkel:187" in tables  # Personer som bor alene


def test_the_population_indicator_is_ssb_table_07459_in_persons(catalogue):
    population = Indicator.objects.get(source_table="ssb:07459")

    assert (population.code, population.unit, population.default_measure) == (
        "befolkning", "count", "Personer1")
    assert population.decimals == 0
    assert population.higher_is_better is None


def test_the_three_sources_name_themselves_in_norwegian(catalogue):
    names = dict(DataSource.objects.values_list("code", "name"))

    assert names == {"fhi": "Folkehelseinstituttet", "ssb": "Statistisk sentralbyrå",
                     "local": "Kommunens egne data"}


def test_each_area_of_the_regulation_has_its_own_legal_reference(catalogue):
    areas = set(LegalReference.objects.filter(law="Forskrift om oversikt over folkehelsen")
                .exclude(category="").values_list("category", flat=True))

    assert areas == set(Category.values) - {Category.QUALITY_OF_LIFE}
    causes = LegalReference.objects.get(code="oversiktsforskriften-arsaker-og-konsekvenser")
    assert "årsaksforhold og konsekvenser" in causes.summary
    overview = LegalReference.objects.get(code="folkehelseloven-oversikt")
    assert "Prop. 82 L (2024–2025)" in overview.summary
    assert overview.valid_from is not None


def test_an_indicator_cites_the_provision_of_its_area_and_the_duty_of_overview(catalogue):
    indicator = Indicator.objects.get(code="bor_alene_45")

    codes = set(indicator.legal_references.values_list("code", flat=True))

    assert codes == {"oversiktsforskriften-befolkningssammensetning", "folkehelseloven-oversikt"}
    for other in Indicator.objects.prefetch_related("legal_references"):
        assert other.legal_references.all(), other.code


def test_loading_the_catalogue_twice_changes_nothing(catalogue):
    before = {row["code"]: row for row in Indicator.objects.values()}

    counts = load_catalogue()

    assert (counts.indicators.created, counts.indicators.updated) == (0, 0)
    assert counts.indicators.unchanged == len(before)
    assert (counts.legal_references.created, counts.legal_references.updated) == (0, 0)
    assert {row["code"]: row for row in Indicator.objects.values()} == before


def test_a_reload_brings_a_changed_indicator_back_to_the_catalogue(catalogue):
    Indicator.objects.filter(code="bor_alene_45").update(name_nb="Feil navn", unit="count")

    counts = load_catalogue()

    assert counts.indicators.updated == 1
    indicator = Indicator.objects.get(code="bor_alene_45")
    assert (indicator.name_nb, indicator.unit) == ("Personer som bor alene, 45 år +", "percent")


def test_a_provision_renumbered_in_the_admin_survives_a_reload(catalogue):
    LegalReference.objects.filter(code="folkehelseloven-oversikt").update(provision="§ 7 a")

    load_catalogue()
    assert LegalReference.objects.get(code="folkehelseloven-oversikt").provision == "§ 7 a"

    load_catalogue(update_legal=True)
    assert LegalReference.objects.get(code="folkehelseloven-oversikt").provision == "§ 5"


def test_the_command_prints_what_it_did(db):
    out = io.StringIO()

    call_command("load_catalogue", stdout=out)
    call_command("load_catalogue", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[2].startswith(f"indicators: {Indicator.objects.count()} created")
    assert lines[5] == f"indicators: 0 created, 0 updated, {Indicator.objects.count()} unchanged"


def _broken_copy(tmp_path: Path, change) -> Path:
    data = json.loads(INDICATORS_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_catalogue_with_an_unknown_area_names_the_indicator(tmp_path):
    path = _broken_copy(tmp_path, lambda data: data["indicators"][3].update(category="weather"))

    with pytest.raises(CatalogueError, match=r"bor_alene_45: unknown category 'weather'"):
        read_catalogue(path, LEGAL_REFERENCES_FILE)


def test_a_catalogue_citing_an_unknown_provision_is_refused(tmp_path):
    path = _broken_copy(tmp_path, lambda data: data["indicators"][0].update(
        legal_references=["folkehelseloven-paragraf-99"]))

    with pytest.raises(CatalogueError, match="unknown legal reference folkehelseloven-paragraf-99"):
        read_catalogue(path, LEGAL_REFERENCES_FILE)


def test_a_catalogue_with_a_code_twice_is_refused(tmp_path):
    path = _broken_copy(tmp_path, lambda data: data["indicators"].append(data["indicators"][0]))

    with pytest.raises(CatalogueError, match="'befolkning' appears twice"):
        read_catalogue(path, LEGAL_REFERENCES_FILE)


def test_an_ssb_07459_file_lands_on_the_catalogues_population_indicator(catalogue):
    from samskap.knowledge.tests.importing import run

    result = run("ssb_07459_dense.json")

    assert result.summary["indicators"] == ["befolkning"]
    assert Indicator.objects.get(code="befolkning").observations.filter(
        measure="Personer1").exists()
