"""storage.BlockStream: several writes of blocks in one COPY, ended by any other query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from samskap.knowledge import storage
from samskap.knowledge.importers.table import CellTable
from samskap.knowledge.models import ImportBatch, Observation, ObservationBlock
from samskap.testing.concurrency import require_postgresql
from samskap.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def packed(indicator: Any, places: tuple[str, ...] = ("9999", "9998")) -> storage.Packed:
    return storage.pack(CellTable.from_cells({
        (indicator.pk, geo, year, year, "0", "0_120", "", "MEIS"): (
            f"{year - 2000}.5", "", "", None, 0)
        for geo in places for year in (2022, 2023)}))


def test_writes_and_queries_reach_the_database_in_their_order():
    first, second = IndicatorFactory(), IndicatorFactory()
    with transaction.atomic(), storage.BlockStream() as stream:
        storage.write_packed(packed(first), {"": {}}, None, stream=stream)
        # A query after a write sees the blocks written before it...
        assert ObservationBlock.objects.filter(indicator=first).count() == 2
        storage.write_packed(packed(second, ("9999",)), {"": {}}, None, stream=stream)
        storage.write_packed(packed(IndicatorFactory()), {"": {}}, None, stream=stream)
        # ... and the writes after it go on (a COPY of their own).
        assert ObservationBlock.objects.count() == 5
    assert Observation.objects.filter(indicator=second).count() == 2
    assert Observation.objects.get(indicator=first, geo="9998", period_end=2023).value == (
        pytest.approx(23.5))


def test_the_blocks_are_stored_when_the_stream_ends_without_a_query():
    indicator = IndicatorFactory()
    with transaction.atomic(), storage.BlockStream() as stream:
        storage.write_packed(packed(indicator), {"": {}}, None, stream=stream)
        stream.end()
        stream.end()  # (nothing open: nothing to do)
    assert ObservationBlock.objects.filter(indicator=indicator).count() == 2


def test_an_exception_abandons_what_was_sent():
    indicator = IndicatorFactory()
    with pytest.raises(RuntimeError, match="stop"), transaction.atomic(), \
            storage.BlockStream() as stream:
        storage.write_packed(packed(indicator), {"": {}}, None, stream=stream)
        raise RuntimeError("stop")
    assert not ObservationBlock.objects.filter(indicator=indicator).exists()
    # The connection is usable afterwards.
    assert ImportBatch.objects.count() == 0


def test_the_databases_error_comes_with_the_next_query_as_djangos():
    """A line the database refuses (an import record that isn't there) is reported when the
    COPY ends: at the next query, which does not run."""
    require_postgresql("SQLite writes blocks with INSERT, which fails at once")
    indicator = IndicatorFactory()
    with pytest.raises(IntegrityError, match="import 999999 is not there"), transaction.atomic(), \
            storage.BlockStream() as stream:
        storage.write_packed(packed(indicator), {"": {}}, 999_999, stream=stream)
        ImportBatch.objects.count()
    assert not ObservationBlock.objects.filter(indicator=indicator).exists()


def test_without_a_stream_each_write_is_a_copy_of_its_own():
    indicator = IndicatorFactory()
    with transaction.atomic(), storage.BlockStream():
        storage.write_packed(packed(indicator), {"": {}}, None)
        assert ObservationBlock.objects.filter(indicator=indicator).count() == 2


def test_a_stream_inside_another_ends_the_outer_ones_copy_first():
    first, second, third = IndicatorFactory(), IndicatorFactory(), IndicatorFactory()
    layouts: dict[str, int] = {}  # (known layouts: no query between the writes)
    with transaction.atomic(), storage.BlockStream() as outer:
        storage.write_packed(packed(first), {"": {}}, None, layouts=layouts, stream=outer)
        # (storage.save_cells writes through a stream of its own.)
        storage.write_packed(packed(second), {"": {}}, None, layouts=layouts)
        storage.write_packed(packed(third, ("9997",)), {"": {}}, None, layouts=layouts,
                             stream=outer)
    assert ObservationBlock.objects.filter(indicator__in=[first, second]).count() == 4
    assert ObservationBlock.objects.count() == 5


def test_a_write_to_sqlite_is_stored_at_once():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's COPY is what the stream is for")
    indicator = IndicatorFactory()
    with transaction.atomic(), storage.BlockStream() as stream:
        storage.write_packed(packed(indicator), {"": {}}, None, stream=stream)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM knowledge_observationblock")
            assert cursor.fetchone() == (2,)
