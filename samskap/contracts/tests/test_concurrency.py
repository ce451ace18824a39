"""Two clicks at once: the row lock on the contract keeps acceptances and versions straight.

PostgreSQL only (SQLite serialises writers). Run with ``DATABASE_URL=postgres://… pytest -m
postgres``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from samskap.contracts import actions
from samskap.contracts.models import Acceptance
from samskap.contracts.tests.conftest import TERMS, party_of
from samskap.testing.concurrency import at_once, require_postgresql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    require_postgresql("needs PostgreSQL's row locks")


def test_accepting_twice_at_once_records_one_acceptance(sent, frida, frivilligsentral):
    party = party_of(sent, frivilligsentral)

    results = at_once(lambda: actions.accept(party, frida, version_number=1),
                      lambda: actions.accept(party, frida, version_number=1))

    assert sum(isinstance(r, Acceptance) for r in results) == 1
    assert sum(isinstance(r, actions.ContractRuleError) for r in results) == 1
    assert Acceptance.objects.filter(party=party).count() == 1


def test_an_acceptance_racing_a_change_never_lands_on_text_nobody_read(
        sent, mira, frida, ivar, frivilligsentral, idrettslag):
    actions.accept(party_of(sent, idrettslag), ivar, version_number=1)
    party = party_of(sent, frivilligsentral)

    results = at_once(
        lambda: actions.accept(party, frida, version_number=1),
        lambda: actions.change_contract(sent, mira, data={**TERMS, "ends_on": dt.date(2027, 1, 1)},
                                        actors=[frivilligsentral, idrettslag]))

    assert not any(isinstance(r, Exception) and not isinstance(r, actions.ContractRuleError)
                   for r in results), results
    assert sent.versions.count() == 2
    # Either Frida accepted version 1 before the change, or she was told to read version 2.
    assert not Acceptance.objects.filter(party=party, version__number=2).exists()
