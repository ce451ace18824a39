"""Finding a municipality by name or number, whatever the case and the letters æ, ø, å."""

from __future__ import annotations

import pytest

from samskap.municipalities.importer import import_municipalities
from samskap.municipalities.models import Municipality


@pytest.fixture
def register(db) -> None:
    import_municipalities()


def numbers(query: str) -> set[str]:
    return set(Municipality.objects.search(query).values_list("number", flat=True))


def test_it_finds_ålesund_whatever_the_case(register):
    assert numbers("ålesund") == {"1508"}
    assert numbers("ÅLESUND") == {"1508"}
    assert numbers("  Ålesund ") == {"1508"}


def test_it_finds_a_municipality_by_part_of_its_name(register):
    assert "1508" in numbers("lesun")


def test_it_finds_every_municipality_of_the_same_name(register):
    assert numbers("herøy") == {"1515", "1818"}


def test_a_number_without_its_leading_zero_finds_oslo(register):
    assert numbers("301") == {"0301"}
    assert numbers("0301") == {"0301"}


def test_the_start_of_a_number_finds_the_municipalities_it_begins(register):
    found = numbers("150")

    assert "1508" in found
    assert all(number.startswith("150") or number == "0150" for number in found)


def test_an_empty_query_finds_nothing(register):
    assert numbers("") == set()
    assert numbers("   ") == set()


def test_renaming_keeps_the_search_name_in_step(register):
    oslo = Municipality.objects.get(number="0301")
    oslo.name = "Christiania"
    oslo.save(update_fields=["name"])

    assert numbers("christiania") == {"0301"}
    assert numbers("oslo") == set()


def test_on_platform_lists_only_municipalities_using_samskap(register, eksempelvik):
    assert list(Municipality.objects.on_platform()) == [eksempelvik]
