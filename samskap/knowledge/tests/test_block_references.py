"""A block's references to its indicator, layout and import record (migration 0008).

On PostgreSQL they are kept by statement-level triggers instead of foreign keys (one check
per statement, not per row); these tests hold them to what a foreign key promised. SQLite
keeps its foreign keys.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from samskap.knowledge import storage
from samskap.knowledge.models import ImportBatch, Observation, ObservationBlock, ObservationLayout
from samskap.knowledge.storage import CellRow
from samskap.testing.concurrency import at_once, require_postgresql
from samskap.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def cells_of(indicator: Any, *, batch: ImportBatch | None = None,
             places: tuple[str, ...] = ("9999", "9998")) -> list[CellRow]:
    return [CellRow(indicator.pk, geo, "K", year, year, "0", "0_120", {}, "MEIS",
                    f"{year - 2000}.5", batch_id=batch.pk if batch else None)
            for geo in places for year in (2022, 2023)]


def batch() -> ImportBatch:
    return ImportBatch.objects.create(file_name="a.csv", sha256="0" * 64, format="fhi_cube",
                                      encoding="utf-8", delimiter=";", summary={})


def sql(statement: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def block() -> ObservationBlock:
    require_postgresql("SQLite keeps its foreign keys, which check at commit")
    indicator = IndicatorFactory()
    storage.save_cells(cells_of(indicator, batch=batch()))
    return ObservationBlock.objects.filter(indicator=indicator).first()


def test_sqlite_keeps_its_foreign_keys():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL checks the references with triggers")
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, "knowledge_observationblock")
    assert {column: table for column, (_to, table) in relations.items()} == {
        "indicator_id": "knowledge_indicator", "layout_id": "knowledge_observationlayout",
        "batch_id": "knowledge_importbatch"}


@pytest.mark.parametrize("column", ["indicator_id", "layout_id", "batch_id"])
def test_a_block_referring_to_a_row_that_is_not_there_is_refused(block, column):
    named = {"indicator_id": "indicator", "layout_id": "layout", "batch_id": "import"}[column]
    with pytest.raises(IntegrityError, match=f"violates its references: {named} 999999 is "
                                             "not there"):
        sql(f"INSERT INTO knowledge_observationblock (indicator_id, geo, geo_level, layout_id, "  # noqa: S608
            f"values, flags, flag_names, flag_symbols, batch_id) SELECT "
            f"{'999999' if column == 'indicator_id' else 'indicator_id'}, '9997', geo_level, "
            f"{'999999' if column == 'layout_id' else 'layout_id'}, values, flags, flag_names, "
            f"flag_symbols, {'999999' if column == 'batch_id' else 'batch_id'} "
            f"FROM knowledge_observationblock WHERE id = %s", [block.pk])
    with pytest.raises(IntegrityError, match=f"{named} 999999 is not there"):
        sql(f"UPDATE knowledge_observationblock SET {column} = 999999 WHERE id = %s",  # noqa: S608
            [block.pk])
    assert ObservationBlock.objects.filter(geo="9997").count() == 0


def test_a_block_without_an_import_record_is_fine(block):
    sql("UPDATE knowledge_observationblock SET batch_id = NULL WHERE id = %s", [block.pk])
    block.refresh_from_db()
    assert block.batch_id is None


def test_the_importers_copy_is_checked_too(block):
    """write_table's COPY goes through the same trigger: a batch that is not there fails it."""
    other = IndicatorFactory()
    table_cells = {(other.pk, "9999", 2022, 2022, "0", "0_120", "", "MEIS"):
                   ("1.5", "", "", None, 2)}
    from samskap.knowledge.importers.table import CellTable

    with pytest.raises(IntegrityError, match="violates its references"), transaction.atomic():
        storage.write_table(CellTable.from_cells(table_cells), {"": {}}, batch_id=999999)
    assert not Observation.objects.filter(indicator=other).exists()


def test_deleting_an_indicator_deletes_its_blocks_first(block):
    block.indicator.delete()
    assert not ObservationBlock.objects.filter(pk=block.pk).exists()


def test_an_indicator_that_blocks_refer_to_cannot_be_deleted_behind_djangos_back(block):
    with pytest.raises(IntegrityError, match="blocks still refer to"):
        sql("DELETE FROM knowledge_indicator WHERE id = %s", [block.indicator_id])
    with pytest.raises(IntegrityError, match="blocks still refer to"):
        sql("UPDATE knowledge_indicator SET id = id + 100000 WHERE id = %s", [block.indicator_id])
    # Other changes to the indicator are fine.
    sql("UPDATE knowledge_indicator SET name_en = 'Renamed' WHERE id = %s", [block.indicator_id])
    assert ObservationBlock.objects.filter(pk=block.pk).exists()


def test_deleting_an_import_record_keeps_its_blocks_without_it(block):
    with pytest.raises(IntegrityError, match="blocks still refer to"):
        sql("DELETE FROM knowledge_importbatch WHERE id = %s", [block.batch_id])
    ImportBatch.objects.filter(pk=block.batch_id).delete()
    block.refresh_from_db()
    assert block.batch_id is None
    assert Observation.objects.filter(indicator_id=block.indicator_id).count() == 4


def test_a_layout_in_use_cannot_be_deleted(block):
    with pytest.raises(ProtectedError):
        ObservationLayout.objects.filter(pk=block.layout_id).delete()
    with pytest.raises(IntegrityError, match="blocks still refer to"):
        sql("DELETE FROM knowledge_layoutcell WHERE layout_id = %s; "
            "DELETE FROM knowledge_observationlayout WHERE id = %s",
            [block.layout_id, block.layout_id])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_indicator_deleted_while_its_blocks_are_written_waits_and_fails():
    """As with a foreign key: the writer locks the indicator, the delete waits for it and then
    finds the blocks; nothing is left referring to nothing."""
    require_postgresql()
    indicator = IndicatorFactory()
    written = threading.Event()

    def write() -> None:
        with transaction.atomic():
            storage.save_cells(cells_of(indicator))
            written.set()
            time.sleep(0.5)  # the delete comes while this has not committed

    def delete() -> None:
        assert written.wait(timeout=10)
        sql("DELETE FROM knowledge_indicator WHERE id = %s", [indicator.pk])

    wrote, deleted = at_once(write, delete)
    assert wrote is None
    assert isinstance(deleted, IntegrityError), deleted
    assert Observation.objects.filter(indicator=indicator).count() == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_blocks_written_while_their_indicator_is_deleted_wait_and_fail():
    require_postgresql()
    indicator = IndicatorFactory()
    deleted = threading.Event()

    def delete() -> None:
        with transaction.atomic():
            sql("DELETE FROM knowledge_indicator WHERE id = %s", [indicator.pk])
            deleted.set()
            time.sleep(0.5)  # the writer comes while this has not committed

    def write() -> None:
        assert deleted.wait(timeout=10)
        storage.save_cells(cells_of(indicator))

    gone, wrote = at_once(delete, write)
    assert gone is None
    assert isinstance(wrote, IntegrityError), wrote
    assert not ObservationBlock.objects.filter(indicator_id=indicator.pk).exists()
