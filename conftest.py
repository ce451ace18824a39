"""The test cast (STYLE.md): people of Eksempelvik, and Olav from the neighbouring municipality.

- Ada (admin), Mira (coordinator), Per (planner, staff), Siri (politician),
  Frida (partner, voluntary organisation), Cem (citizen) – all of Eksempelvik (9999);
- Olav, coordinator of Nabovik (9998); Sam, site administrator.
Every persona's password is ``TEST_PASSWORD``.
"""

from __future__ import annotations

import pytest

from samskap.accounts.models import Role, User
from samskap.municipalities.models import LanguageForm, Municipality
from samskap.planning import actions
from samskap.planning.models import Cycle
from samskap.testing.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory, member


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def eksempelvik(db) -> Municipality:
    return MunicipalityFactory(number="9999", name="Eksempelvik")


@pytest.fixture
def nabovik(db) -> Municipality:
    return MunicipalityFactory(number="9998", name="Nabovik", language_form=LanguageForm.NYNORSK)


@pytest.fixture
def ada(eksempelvik) -> User:
    return member(eksempelvik, Role.ADMIN, "ada@eksempelvik.example", "Ada Admin")


@pytest.fixture
def mira(eksempelvik) -> User:
    return member(eksempelvik, Role.COORDINATOR, "mira@eksempelvik.example", "Mira Koordinator")


@pytest.fixture
def per(eksempelvik) -> User:
    return member(eksempelvik, Role.STAFF, "per@eksempelvik.example", "Per Planlegger")


@pytest.fixture
def siri(eksempelvik) -> User:
    return member(eksempelvik, Role.POLITICIAN, "siri@eksempelvik.example", "Siri Politiker")


@pytest.fixture
def frida(eksempelvik) -> User:
    return member(eksempelvik, Role.PARTNER, "frida@frivillig.example", "Frida Frivillig")


@pytest.fixture
def cem(eksempelvik) -> User:
    return member(eksempelvik, Role.CITIZEN, "cem@innbygger.example", "Cem Innbygger")


@pytest.fixture
def olav(nabovik) -> User:
    return member(nabovik, Role.COORDINATOR, "olav@nabovik.example", "Olav Nabo")


@pytest.fixture
def sam(db) -> User:
    user = UserFactory(email="sam@samskap.example", name="Sam Sideadmin")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def cycle(eksempelvik, mira) -> Cycle:
    """Eksempelvik's active cycle 2024–2027, overview in progress."""
    return actions.start_cycle(eksempelvik, 2024, mira)


@pytest.fixture
def other_cycle(nabovik, olav) -> Cycle:
    return actions.start_cycle(nabovik, 2024, olav)
