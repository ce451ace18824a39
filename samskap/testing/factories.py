"""factory_boy factories for tests (and only tests)."""

from __future__ import annotations

import factory

from samskap.accounts.models import Membership, Role, User
from samskap.municipalities.models import District, LanguageForm, Municipality

TEST_PASSWORD = "correct-horse-battery"  # noqa: S105


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{9000 + n % 900:04d}")
    name = factory.Sequence(lambda n: f"Testvik {n}")
    county_number = "99"
    county = "Eksempel fylke"
    population = 10000
    language_form = LanguageForm.BOKMAL
    uses_platform = True
    is_fictional = True


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Distrikt {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="no_NO")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            self.save()  # type: ignore[attr-defined]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.CITIZEN


def member(municipality: Municipality, role: str, email: str, name: str) -> User:
    """A user with ``role`` in ``municipality``."""
    user: User = UserFactory(email=email, name=name)  # type: ignore[assignment]
    MembershipFactory(user=user, municipality=municipality, role=role)
    return user


# Step 1: the knowledge base ------------------------------------------------------------------

class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.DataSource"
        django_get_or_create = ("code",)

    code = "fhi"
    name = "Folkehelseinstituttet"
    licence = "CC BY 4.0"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.Indicator"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"indikator_{n}")
    name_nb = factory.Sequence(lambda n: f"Indikator {n}")
    name_nn = factory.Sequence(lambda n: f"Indikator {n} (nn)")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    definition_nb = "Andel personer, i prosent."
    category = "upbringing"
    ring = "living_conditions"
    unit = "percent"
    source = factory.SubFactory(DataSourceFactory)
    default_measure = "MEIS"
    higher_is_better = False


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.Observation"

    indicator = factory.SubFactory(IndicatorFactory)
    geo = "9999"
    geo_level = "K"
    period_start = 2022
    period_end = 2024
    sex = "0"
    age = "0_120"
    measure = "MEIS"
    value = factory.Faker("pydecimal", left_digits=2, right_digits=1, positive=True)


class LocalKnowledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledge.LocalKnowledge"

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Lokal kunnskap {n}")
    text = "Tallene viser ikke at busstilbudet forsvant i 2021."


# Actors and settings (the community map) ------------------------------------------------------

class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.Actor"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Aktør {n}")
    kind = "voluntary"


class SettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actors.Setting"

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Arena {n}")
    kind = "school"
