"""Packed observations (samskap.knowledge.storage): cells stored as one block per indicator and
place, read back one row per cell through the ``knowledge_observation`` view, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from samskap.knowledge import storage
from samskap.knowledge.importers.table import CellTable
from samskap.knowledge.models import (
    ImportBatch,
    Indicator,
    LayoutCell,
    Observation,
    ObservationBlock,
    ObservationLayout,
)
from samskap.knowledge.storage import CellRow
from samskap.knowledge.tests.importing import cells, living_alone, run
from samskap.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def cell(indicator: Indicator, *, geo: str = "9999", period: tuple[int, int] = (2022, 2024),
         sex: str = "0", age: str = "0_120", measure: str = "MEIS", value: Any = None,
         **fields: Any) -> CellRow:
    return CellRow(indicator_id=indicator.pk, geo=geo,
                   geo_level=fields.pop("geo_level", "K" if len(geo) == 4 else "F"),
                   period_start=period[0], period_end=period[1], sex=sex, age=age,
                   dimensions=fields.pop("dimensions", {}), measure=measure, value=value,
                   **fields)


def stored(**filters: Any) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """{(geo, start, end, sex, measure): (pk, value, flag, flag_symbol)}"""
    return {(o.geo, o.period_start, o.period_end, o.sex, o.measure):
            (o.pk, o.value, o.flag, o.flag_symbol)
            for o in Observation.objects.filter(**filters)}


# --- values, flags and the rules the table's constraints kept ----------------------------------

VALUES = [Decimal("12.34"), Decimal("0"), Decimal("-3.5"), Decimal("123456.123456"),
          Decimal("0.000001"), Decimal("99999999.5")]


def test_a_value_with_twenty_digits_is_kept_exactly_on_postgresql():
    """numeric(20, 6) in the table before; the block keeps the decimal text (not a float)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores numbers as floats (it did before the packing too)")
    indicator = IndicatorFactory()
    value = Decimal("12345678901234.123456")

    created = Observation.objects.create(indicator=indicator, geo="9999", period_start=2024,
                                         period_end=2024, measure="MEIS", value=value)

    assert Observation.objects.get(pk=created.pk).value == value


@pytest.mark.parametrize("value", VALUES)
def test_a_value_created_through_the_manager_round_trips_exactly(value):
    indicator = IndicatorFactory()

    created = Observation.objects.create(indicator=indicator, geo="9999", geo_level="K",
                                         period_start=2024, period_end=2024, measure="MEIS",
                                         value=value)

    read = Observation.objects.get(pk=created.pk)
    assert isinstance(read.value, Decimal)
    assert read.value == value
    assert created.value == value
    assert (read.flag, read.flag_symbol) == ("", "")


def test_values_saved_as_cells_and_bulk_created_round_trip_exactly():
    indicator = IndicatorFactory()
    storage.save_cells([cell(indicator, period=(2000 + k, 2000 + k), value=value)
                        for k, value in enumerate(VALUES)])
    Observation.objects.bulk_create([
        Observation(indicator=indicator, geo="9998", geo_level="K", period_start=2000 + k,
                    period_end=2000 + k, measure="MEIS", value=value)
        for k, value in enumerate(VALUES)])

    for geo in ("9999", "9998"):
        series = Observation.objects.filter(indicator=indicator, geo=geo).order_by(
            "period_start")
        assert [o.value for o in series] == VALUES
    assert ObservationBlock.objects.filter(indicator=indicator).count() == 2


def test_bulk_create_returns_the_stored_observations_with_their_ids():
    indicator = IndicatorFactory()

    created = Observation.objects.bulk_create([
        Observation(indicator=indicator, geo="9999", geo_level="K", period_start=year,
                    period_end=year, measure="MEIS", value=Decimal(year - 2000))
        for year in (2022, 2023, 2024)])

    assert [o.period_start for o in created] == [2022, 2023, 2024]
    assert {o.pk: o.value for o in created} == dict(
        Observation.objects.values_list("pk", "value"))


def test_flagged_cells_read_back_without_a_value_with_their_flag_and_symbol():
    indicator = IndicatorFactory()
    storage.save_cells([
        cell(indicator, sex="0", value=Decimal("4.5")),
        cell(indicator, sex="1", flag="suppressed", flag_symbol=":"),
        cell(indicator, sex="2", flag="missing", flag_symbol=".."),
        cell(indicator, sex="0", measure="RATE", flag="suppressed", flag_symbol=":"),
        cell(indicator, sex="1", measure="RATE", flag="missing", flag_symbol="."),
    ])

    assert {key[3:]: value[1:] for key, value in stored().items()} == {
        ("0", "MEIS"): (Decimal("4.5"), "", ""),
        ("1", "MEIS"): (None, "suppressed", ":"),
        ("2", "MEIS"): (None, "missing", ".."),
        ("0", "RATE"): (None, "suppressed", ":"),
        ("1", "RATE"): (None, "missing", "."),
    }
    assert not Observation.objects.exclude(flag="").filter(value__isnull=False).exists()
    assert Observation.objects.filter(value__isnull=True).count() == 4


def test_a_flagged_cell_with_a_value_is_refused_and_nothing_is_written():
    indicator = IndicatorFactory()
    storage.save_cells([cell(indicator, value=Decimal("1"))])
    before = stored()

    with pytest.raises(IntegrityError, match="flagged_observation_has_no_value"):
        storage.save_cells([cell(indicator, sex="1", value=Decimal("2")),
                            cell(indicator, sex="2", value=Decimal("0"), flag="suppressed",
                                 flag_symbol=":")])
    with pytest.raises(IntegrityError, match="flagged_observation_has_no_value"):
        Observation.objects.create(indicator=indicator, geo="9998", geo_level="K",
                                   period_start=2024, period_end=2024, measure="MEIS",
                                   value=Decimal("0"), flag="suppressed")

    assert stored() == before
    assert ObservationBlock.objects.count() == 1


def test_a_cell_stored_twice_is_refused():
    indicator = IndicatorFactory()
    storage.save_cells([cell(indicator, value=Decimal("1"))])
    before = stored()

    with pytest.raises(IntegrityError, match="one_observation_per_cell"):
        storage.save_cells([cell(indicator, value=Decimal("2"))])
    with pytest.raises(IntegrityError, match="one_observation_per_cell"):
        Observation.objects.create(indicator=indicator, geo="9999", geo_level="K",
                                   period_start=2022, period_end=2024, age="0_120",
                                   measure="MEIS", value=Decimal("3"))
    # The same cell twice in one call, also when only the years averaged differ.
    with pytest.raises(IntegrityError, match="one_observation_per_cell"):
        storage.save_cells([cell(indicator, geo="9998", value=Decimal("1")),
                            cell(indicator, geo="9998", value=Decimal("2"))])
    with pytest.raises(IntegrityError, match="one_observation_per_cell"):
        storage.save_cells([cell(indicator, geo="9998", value=Decimal("1"), n_years=3),
                            cell(indicator, geo="9998", value=Decimal("1"), n_years=1)])

    assert stored() == before


def test_keep_existing_leaves_the_stored_value_and_adds_the_new_cells():
    indicator = IndicatorFactory()
    storage.save_cells([cell(indicator, value=Decimal("1"))])

    storage.save_cells([cell(indicator, value=Decimal("2")),
                        cell(indicator, sex="1", value=Decimal("3"))], keep_existing=True)

    assert {key[3]: value[1] for key, value in stored().items()} == {
        "0": Decimal("1"), "1": Decimal("3")}
    assert ObservationBlock.objects.count() == 1


def test_cells_added_to_a_stored_block_are_merged_with_it():
    indicator = IndicatorFactory()
    first = Observation.objects.create(indicator=indicator, geo="9999", geo_level="K",
                                       period_start=2023, period_end=2023, measure="MEIS",
                                       value=Decimal("1.5"))

    second = Observation.objects.create(indicator=indicator, geo="9999", geo_level="K",
                                        period_start=2024, period_end=2024, measure="MEIS",
                                        value=Decimal("2.5"))
    storage.save_cells([cell(indicator, period=(2022, 2022), flag="missing",
                             flag_symbol="..")])

    series = Observation.objects.series(indicator, "9999")
    assert [(o.period_end, o.value, o.flag) for o in series] == [
        (2022, None, "missing"), (2023, Decimal("1.5"), ""), (2024, Decimal("2.5"), "")]
    assert ObservationBlock.objects.count() == 1
    # The block is written anew, so its cells' ids are new ones (block id × 1,000,000 + place).
    assert first.pk != second.pk
    assert Observation.objects.get(period_end=2024).pk // storage.ID_FACTOR == (
        ObservationBlock.objects.get().pk)


def test_a_period_that_runs_backwards_is_refused():
    indicator = IndicatorFactory()

    with pytest.raises(IntegrityError, match="observation_period_in_order"):
        storage.save_cells([cell(indicator, period=(2024, 2022), value=Decimal("1"))])
    with pytest.raises(IntegrityError, match="observation_period_in_order"):
        Observation.objects.create(indicator=indicator, geo="9999", geo_level="K",
                                   period_start=2024, period_end=2023, measure="MEIS",
                                   value=Decimal("1"))

    assert not ObservationBlock.objects.exists()


def test_dimensions_years_averaged_and_the_level_read_back_as_given():
    indicator = IndicatorFactory()
    storage.save_cells([
        cell(indicator, dimensions={"UTDANN": "2", "INNVKAT": "1"}, value=Decimal("1"),
             n_years=3),
        cell(indicator, value=Decimal("2"), n_years=1, period=(2024, 2024)),
        cell(indicator, geo="999901", geo_level="V", value=Decimal("3")),
    ])
    Observation.objects.create(indicator=indicator, geo="9998", period_start=2024,
                               period_end=2024, measure="MEIS", value=Decimal("4"))

    education = Observation.objects.get(dimensions_key="INNVKAT=1;UTDANN=2")
    assert education.dimensions == {"UTDANN": "2", "INNVKAT": "1"}
    assert (education.value, education.n_years) == (Decimal("1"), 3)
    total = Observation.objects.get(geo="9999", dimensions_key="")
    assert (total.dimensions, total.n_years, total.period) == ({}, 1, "2024")
    assert Observation.objects.get(geo="999901").geo_level == "V"  # as given, not by length
    assert Observation.objects.get(geo="9998").geo_level == "K"  # from the code's length
    assert Observation.objects.get(geo="999901").n_years is None


# --- layouts are shared ------------------------------------------------------------------------

def test_places_with_the_same_cells_share_one_layout_and_other_cells_get_another():
    indicator = IndicatorFactory()
    storage.save_cells([cell(indicator, geo=geo, sex=sex, value=Decimal(k))
                        for k, geo in enumerate(("9999", "9998")) for sex in "012"])
    assert ObservationLayout.objects.count() == 1
    assert LayoutCell.objects.count() == 3

    storage.save_cells([cell(indicator, geo="9997", sex="0", value=Decimal("1"))])

    assert ObservationLayout.objects.count() == 2
    layouts = dict(ObservationBlock.objects.values_list("geo", "layout"))
    assert layouts["9999"] == layouts["9998"] != layouts["9997"]
    assert {o.geo: o.value for o in Observation.objects.filter(sex="2")} == {
        "9999": Decimal("0"), "9998": Decimal("1")}


def test_another_indicator_with_the_same_cells_shares_the_layout_too():
    first, second = IndicatorFactory(), IndicatorFactory()

    storage.save_cells([cell(first, value=Decimal("1")), cell(second, value=Decimal("2"))])

    assert ObservationLayout.objects.count() == 1
    assert {o.indicator_id: o.value for o in Observation.objects.all()} == {
        first.pk: Decimal("1"), second.pk: Decimal("2")}


def test_re_importing_the_same_data_creates_no_new_layout():
    indicator = living_alone()
    run("fhi_every_flag_and_geo.csv", indicator=indicator)
    layouts = set(ObservationLayout.objects.values_list("pk", flat=True))
    layout_cells = LayoutCell.objects.count()
    before = cells()

    run("fhi_every_flag_and_geo.csv", indicator=indicator)

    assert set(ObservationLayout.objects.values_list("pk", flat=True)) == layouts
    assert LayoutCell.objects.count() == layout_cells
    assert cells() == before
    # Eight places, but the nine rows of three kinds of cell make few layouts.
    assert ObservationBlock.objects.count() == 8
    assert len(layouts) < 8


# --- deleting and updating cells ---------------------------------------------------------------

def two_blocks(indicator: Indicator) -> None:
    storage.save_cells([
        cell(indicator, sex="0", value=Decimal("10.5")),
        cell(indicator, sex="1", flag="suppressed", flag_symbol=":"),
        cell(indicator, sex="2", value=Decimal("-1")),
        cell(indicator, geo="9998", sex="0", value=Decimal("20")),
        cell(indicator, geo="9998", sex="1", flag="missing", flag_symbol=".."),
    ])


def test_deleting_part_of_a_block_keeps_the_rest():
    indicator = IndicatorFactory()
    two_blocks(indicator)
    other_place = stored(geo="9998")

    count, _ = Observation.objects.filter(geo="9999", sex="2").delete()

    assert count == 1
    assert {key[3]: value[1:] for key, value in stored(geo="9999").items()} == {
        "0": (Decimal("10.5"), "", ""), "1": (None, "suppressed", ":")}
    assert stored(geo="9998") == other_place  # ids, values and flags unchanged
    assert ObservationBlock.objects.count() == 2


def test_deleting_one_observation_by_itself():
    indicator = IndicatorFactory()
    two_blocks(indicator)
    observation = Observation.objects.get(geo="9999", sex="0")

    observation.delete()

    assert set(Observation.objects.filter(geo="9999").values_list("sex", flat=True)) == {
        "1", "2"}
    assert Observation.objects.count() == 4


def test_deleting_every_cell_of_a_block_removes_the_block():
    indicator = IndicatorFactory()
    two_blocks(indicator)
    other_place = stored(geo="9998")

    count, _ = Observation.objects.filter(geo="9999").delete()

    assert count == 3
    assert list(ObservationBlock.objects.values_list("geo", flat=True)) == ["9998"]
    assert stored() == other_place


def test_deleting_cells_of_several_blocks_at_once():
    indicator = IndicatorFactory()
    two_blocks(indicator)

    count, _ = Observation.objects.filter(sex="0").delete()

    assert count == 2
    assert {(o.geo, o.sex) for o in Observation.objects.all()} == {
        ("9999", "1"), ("9999", "2"), ("9998", "1")}


def test_deleting_nothing_deletes_nothing():
    indicator = IndicatorFactory()
    two_blocks(indicator)
    before = stored()

    assert Observation.objects.filter(geo="1234").delete()[0] == 0
    assert stored() == before


def test_an_update_changes_only_the_cells_selected():
    indicator = IndicatorFactory()
    two_blocks(indicator)
    other_place = stored(geo="9998")

    changed = Observation.objects.filter(geo="9999", sex="2").update(value=Decimal("7.25"))

    assert changed == 1
    assert {key[3]: value[1:] for key, value in stored(geo="9999").items()} == {
        "0": (Decimal("10.5"), "", ""), "1": (None, "suppressed", ":"),
        "2": (Decimal("7.25"), "", "")}
    assert stored(geo="9998") == other_place


def test_an_update_can_flag_a_cell_and_drop_its_value():
    indicator = IndicatorFactory()
    two_blocks(indicator)

    Observation.objects.filter(geo="9999", sex="0").update(value=None, flag="suppressed",
                                                           flag_symbol=":")

    observation = Observation.objects.get(geo="9999", sex="0")
    assert (observation.value, observation.flag, observation.flag_symbol) == (
        None, "suppressed", ":")


def test_a_refused_update_leaves_the_cells_as_they_were():
    """Giving a flagged cell a value is refused, and the cell is not lost on the way."""
    indicator = IndicatorFactory()
    two_blocks(indicator)
    before = stored()

    with pytest.raises(IntegrityError):
        Observation.objects.filter(geo="9999", sex="1").update(value=Decimal("5"))

    assert stored() == before


def test_an_update_that_would_store_a_cell_twice_is_refused_and_loses_nothing():
    indicator = IndicatorFactory()
    two_blocks(indicator)
    before = stored()

    with pytest.raises(IntegrityError, match="one_observation_per_cell"):
        Observation.objects.filter(geo="9999", sex="2").update(sex="0")

    assert stored() == before


def test_flag_symbols_with_quotes_and_backslashes_are_kept():
    indicator = IndicatorFactory()
    symbols = ['"', "\\", "{,}", "a\tb"]

    storage.save_cells([cell(indicator, period=(2020 + k, 2020 + k), flag=f"flag_{k}",
                             flag_symbol=symbol) for k, symbol in enumerate(symbols)])

    assert [o.flag_symbol for o in Observation.objects.order_by("period_start")] == symbols


def test_flag_names_and_symbols_are_stored_as_given_and_read_back_as_lists():
    indicator = IndicatorFactory()
    storage.save_cells([cell(indicator, period=(2020, 2020), flag="a,b", flag_symbol="{x}"),
                        cell(indicator, period=(2021, 2021), value=Decimal("2"))])

    block = ObservationBlock.objects.get(indicator=indicator)
    assert (block.flag_names, block.flag_symbols) == (["a,b"], ["{x}"])
    assert [(o.flag, o.flag_symbol) for o in Observation.objects.filter(
        indicator=indicator).order_by("period_start")] == [("a,b", "{x}"), ("", "")]


def test_a_flag_text_with_the_unit_separator_is_refused_and_nothing_is_stored():
    indicator = IndicatorFactory()

    with pytest.raises(ValueError, match="may not contain"):
        storage.save_cells([cell(indicator, flag="odd", flag_symbol="a\x1fb")])

    assert not ObservationBlock.objects.filter(indicator=indicator).exists()


# --- what happens with an indicator's or an import's deletion ---------------------------------

def test_deleting_an_indicator_removes_its_blocks_and_observations():
    indicator, other = IndicatorFactory(), IndicatorFactory()
    two_blocks(indicator)
    storage.save_cells([cell(other, value=Decimal("1"))])
    kept = stored(indicator=other)

    indicator.delete()

    assert not ObservationBlock.objects.filter(indicator_id=indicator.pk).exists()
    assert not Observation.objects.filter(indicator_id=indicator.pk).exists()
    assert stored() == kept


def test_deleting_an_import_keeps_its_observations_without_a_batch():
    indicator = living_alone()
    result = run("fhi_every_flag_and_geo.csv", indicator=indicator)
    before = cells()
    assert result.batch.observations.count() == 20

    result.batch.delete()

    assert not ImportBatch.objects.exists()
    assert cells() == before
    assert set(Observation.objects.values_list("batch", flat=True)) == {None}
    assert set(ObservationBlock.objects.values_list("batch", flat=True)) == {None}


# --- the importers' way in: write_table ------------------------------------------------------

def test_write_table_writes_one_block_per_indicator_and_place():
    first, second = IndicatorFactory(), IndicatorFactory()
    table_cells = {
        (indicator.pk, geo, 2024, 2024, sex, "0_120", "", "MEIS"): (
            f"{k}.{sex}5", "", "", 1, k)
        for k, (indicator, geo) in enumerate(
            [(first, "9999"), (first, "9998"), (first, "0"),
             (second, "9999"), (second, "9998"), (second, "0")])
        for sex in ("0", "1")}

    written = storage.write_table(CellTable.from_cells(table_cells), {"": {}}, None)

    assert written == ObservationBlock.objects.count() == 6
    assert Observation.objects.count() == 12
    assert Observation.objects.get(indicator=second, geo="0", sex="1").value == Decimal("5.15")
    assert Observation.objects.get(indicator=first, geo="9998", sex="0").value == Decimal(
        "1.05")
    assert set(Observation.objects.filter(geo="0").values_list("geo_level", flat=True)) == {
        "L"}


def test_an_import_writes_one_block_per_indicator_and_place():
    indicator = living_alone()

    run("fhi_every_flag_and_geo.csv", indicator=indicator)

    places = set(Observation.objects.values_list("geo", flat=True))
    assert ObservationBlock.objects.count() == len(places) == 8
    assert set(ObservationBlock.objects.values_list("geo", flat=True)) == places


CHANGED = b"""GEO;AAR;KJONN;ALDER;RATE;MEIS;RATE.n;SPVFLAGG
0;2022_2024;0;45_120;27.4;27.4;3;0
3;2022_2024;0;45_120;30.1;31.5;3;0
301;2022_2024;0;45_120;33.9;34.6;3;0
30101;2022_2024;0;45_120;35.2;35.0;3;0
99;2022_2024;0;45_120;26.0;26.20;3;0
9999;2022_2024;0;45_120;12.5;13.5;3;0
9999;2022_2024;1;45_120;;;3;2
9999;2022_2024;2;45_120;;;3;4
999901;2024;0;45_120;0;0;1;0
9998;2024;0;45_120;1;2;1;0
"""


def test_re_importing_changed_data_replaces_the_series_and_the_dry_run_says_how():
    from samskap.knowledge.actions_import import import_indicators

    indicator = living_alone()
    run("fhi_every_flag_and_geo.csv", indicator=indicator)

    dry = import_indicators(CHANGED, "changed.csv", indicator=indicator, dry_run=True).summary
    # 03 MEIS and both of 9999's sex 0 cells (suppressed before) changed; 0301010101's two
    # cells removed; 9998's two new; the other 15 as they were.
    assert (dry["new"], dry["changed"], dry["unchanged"], dry["removed"]) == (2, 3, 15, 2)
    assert Observation.objects.get(geo="03", measure="MEIS").value == Decimal("30.5")

    result = import_indicators(CHANGED, "changed.csv", indicator=indicator)

    assert (result.summary["new"], result.summary["changed"], result.summary["unchanged"],
            result.summary["removed"]) == (2, 3, 15, 2)
    assert not Observation.objects.filter(geo="0301010101").exists()
    assert Observation.objects.get(geo="03", measure="MEIS").value == Decimal("31.5")
    now = Observation.objects.get(geo="9999", sex="0", measure="MEIS")
    assert (now.value, now.flag, now.flag_symbol) == (Decimal("13.5"), "", "")
    assert Observation.objects.get(geo="9998", measure="RATE").value == Decimal("1")
    assert set(Observation.objects.values_list("batch", flat=True)) == {result.batch.pk}
    assert ObservationBlock.objects.count() == 8
    again = import_indicators(CHANGED, "changed.csv", indicator=indicator,
                              dry_run=True).summary
    assert (again["new"], again["changed"], again["unchanged"], again["removed"]) == (
        0, 0, 20, 0)


def test_a_municipalitys_upload_leaves_other_places_blocks_alone(eksempelvik, mira):
    indicator = living_alone()
    storage.save_cells([cell(indicator, geo="9998", value=Decimal("1")),
                        cell(indicator, geo="0", geo_level="L", value=Decimal("50")),
                        cell(indicator, geo="99", value=Decimal("60")),
                        cell(indicator, value=Decimal("70"))])
    untouched = {block.geo: (block.pk, block.values, block.flags, block.layout_id)
                 for block in ObservationBlock.objects.exclude(geo="9999")}
    others = stored(geo__in=["9998", "0", "99"])

    run("fhi_every_flag_and_geo.csv", indicator=indicator, municipality=eksempelvik,
        user=mira)

    assert {block.geo: (block.pk, block.values, block.flags, block.layout_id)
            for block in ObservationBlock.objects.exclude(geo__startswith="9999")} == untouched
    assert stored(geo__in=["9998", "0", "99"]) == others
    assert set(ObservationBlock.objects.values_list("geo", flat=True)) == {
        "9998", "0", "99", "9999", "999901"}
    assert not Observation.objects.filter(geo="9999", value=Decimal("70")).exists()


def test_a_postgresql_copy_and_the_orm_write_the_same_blocks():
    """write_table's COPY (PostgreSQL) or bulk_create (SQLite) both read back alike."""
    indicator = living_alone()
    run("fhi_every_flag_and_geo.csv", indicator=indicator)

    block = ObservationBlock.objects.get(geo="9999")
    assert len(block.values) == len(block.flags) == 6
    assert {"not_available", "not_computable", "suppressed"} <= set(block.flag_names)
    assert len(block.flag_names) == len(block.flag_symbols)
    assert [block.flag_symbols[block.flag_names.index(name)]
            for name in ("suppressed", "not_computable", "not_available")] == [":", ".", "-"]
    # One character per cell, "1" … for the flag kinds (none is "0").
    assert all(flag != "0" for flag in block.flags)
    assert connection.vendor in {"sqlite", "postgresql"}


def test_writing_blocks_is_atomic_with_the_callers_transaction():
    indicator = IndicatorFactory()
    two_blocks(indicator)
    before = stored()

    with pytest.raises(RuntimeError), transaction.atomic():
        storage.save_cells([cell(indicator, geo="9997", value=Decimal("1"))])
        raise RuntimeError

    assert stored() == before


# --- migration 0007: the rows of the old table packed into blocks ------------------------------

OLD_TABLE_ROWS = [
    # geo, level, start, end, sex, dimensions, measure, value, flag, symbol, n_years
    ("9999", "K", 2022, 2024, "0", {}, "MEIS", Decimal("12.5"), "", "", 3),
    ("9999", "K", 2022, 2024, "1", {}, "MEIS", None, "suppressed", ":", 3),
    ("9999", "K", 2022, 2024, "0", {"UTDANN": "1"}, "MEIS", Decimal("0"), "", "", 3),
    # The same three cells for another place: one layout for both.
    ("9998", "K", 2022, 2024, "0", {}, "MEIS", Decimal("-3.5"), "", "", 3),
    ("9998", "K", 2022, 2024, "1", {}, "MEIS", None, "missing", "..", 3),
    ("9998", "K", 2022, 2024, "0", {"UTDANN": "1"}, "MEIS", Decimal("123456.123456"), "", "",
     3),
    ("0", "L", 2024, 2024, "0", {}, "RATE", Decimal("27.4"), "", "", None),
]
PACKED = "0007_packed_observations"


def _knowledge_leaf(executor: Any) -> tuple[str, str]:
    return next(node for node in executor.loader.graph.leaf_nodes() if node[0] == "knowledge")


def _back_to_0006(executor: Any) -> None:
    """Unapply 0007 by hand: its RunPython steps have no reverse (IrreversibleError)."""
    leaf = _knowledge_leaf(executor)
    if leaf[1] != PACKED:  # later migrations undo themselves
        executor.migrate([("knowledge", PACKED)])
        executor.loader.build_graph()
    loader = executor.loader
    old = loader.project_state(("knowledge", "0006_observation_one_index")).apps
    new = loader.project_state(("knowledge", PACKED)).apps
    with connection.schema_editor() as editor:
        editor.execute("DROP VIEW knowledge_observation")
        for name in ("ObservationBlock", "LayoutCell", "ObservationLayout"):
            editor.delete_model(new.get_model("knowledge", name))
        editor.create_model(old.get_model("knowledge", "Observation"))
    executor.recorder.record_unapplied("knowledge", PACKED)


def _json(value: Any) -> Any:
    """A parameter for a JSON column: jsonb on PostgreSQL, text on SQLite."""
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return json.dumps(value)


def _forward(executor: Any) -> None:
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_0007_packs_the_rows_of_the_old_table():
    from django.db.migrations.executor import MigrationExecutor

    indicator = IndicatorFactory()
    batch = ImportBatch.objects.create(file_name="old.csv", sha256="0" * 64,
                                       format="fhi_cube")
    executor = MigrationExecutor(connection)
    _back_to_0006(executor)
    try:
        with connection.cursor() as cursor:
            for geo, level, start, end, sex, dims, measure, value, flag, symbol, years in (
                    OLD_TABLE_ROWS):
                cursor.execute(
                    "INSERT INTO knowledge_observation (indicator_id, geo, geo_level, "
                    "period_start, period_end, sex, age, dimensions, dimensions_key, measure, "
                    "value, flag, flag_symbol, n_years, batch_id) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    [indicator.pk, geo, level, start, end, sex, "0_120", _json(dims),
                     Observation.key_for(dims), measure, value, flag, symbol, years,
                     batch.pk])
        _forward(executor)
        executor = None
    finally:
        if executor is not None:  # the test failed half-way: leave the schema as it was
            executor.loader.build_graph()
            if ("knowledge", PACKED) not in executor.loader.applied_migrations:
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM knowledge_observation")
            _forward(executor)

    read = {(o.geo, o.geo_level, o.period_start, o.period_end, o.sex, o.dimensions_key,
             o.measure): (o.dimensions, o.value, o.flag, o.flag_symbol, o.n_years, o.batch_id)
            for o in Observation.objects.filter(indicator=indicator)}
    assert read == {
        (geo, level, start, end, sex, Observation.key_for(dims), measure): (
            dims, value, flag, symbol, years, batch.pk)
        for geo, level, start, end, sex, dims, measure, value, flag, symbol, years
        in OLD_TABLE_ROWS}
    assert ObservationBlock.objects.count() == 3
    layouts = dict(ObservationBlock.objects.values_list("geo", "layout"))
    assert layouts["9999"] == layouts["9998"] != layouts["0"]
    assert ObservationLayout.objects.count() == 2

    # What the importers write afterwards finds the migration's layouts again.
    storage.save_cells([cell(indicator, geo="9997", period=(2022, 2024), sex=sex,
                             dimensions=dims, value=Decimal("1"), n_years=3)
                        for sex, dims in (("0", {}), ("1", {}), ("0", {"UTDANN": "1"}))])
    assert ObservationLayout.objects.count() == 2
    assert Observation.objects.filter(geo="9997").count() == 3


# --- two imports at once (PostgreSQL) ----------------------------------------------------------

SAME_CELLS = b"""GEO;AAR;KJONN;ALDER;MEIS;SPVFLAGG
9999;2031;0;0_120;11.5;0
0;2031;0;0_120;10;0
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_needing_the_same_new_layout_both_succeed(monkeypatch):
    """Layouts are shared between indicators, so two imports of different indicators (two
    municipalities uploading, say) may both find a layout missing and both create it."""
    import threading
    import time

    from samskap.knowledge.actions_import import import_indicators
    from samskap.testing.concurrency import at_once, require_postgresql

    require_postgresql("SQLite serialises writers: there is no race to lose")
    first, second = IndicatorFactory(), IndicatorFactory()
    layout_ids = storage._layout_ids
    both_looking = threading.Barrier(2)

    def look_up_together(*args: Any) -> list[int]:
        both_looking.wait(timeout=10)
        found = layout_ids(*args)
        time.sleep(0.3)  # neither has committed when the other looks for the layout
        return found

    monkeypatch.setattr(storage, "_layout_ids", look_up_together)

    results = at_once(
        lambda: import_indicators(SAME_CELLS, "first.csv", indicator=first),
        lambda: import_indicators(SAME_CELLS, "second.csv", indicator=second))

    assert [r for r in results if isinstance(r, Exception)] == []
    assert ObservationLayout.objects.count() == 1
    assert Observation.objects.filter(indicator__in=[first, second]).count() == 4
