"""The equity monitor: participants of a conversation or process against the population."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samskap.actors.models import Actor, Kind
from samskap.conversations.models import (
    Conversation,
    Demographics,
    Participant,
    Statement,
    StatementState,
    Vote,
)
from samskap.knowledge.models import GeoLevel, Indicator, Observation
from samskap.municipalities.models import District, Municipality
from samskap.participation import monitor
from samskap.processes.models import Process
from samskap.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def population(municipality: Municipality) -> tuple[District, District]:
    """Two districts of 500 residents each; women and men equal; ages 13–17 to 80+."""
    north = District.objects.create(municipality=municipality, name="Nord", code="999901")
    south = District.objects.create(municipality=municipality, name="Sør", code="999902")
    indicator = cast(Indicator, IndicatorFactory(code="befolkning", default_measure="Personer1",
                                                 unit="count"))
    cells = [("999901", GeoLevel.DISTRICT, "0", "", 500),
             ("999902", GeoLevel.DISTRICT, "0", "", 500)]
    for sex in ("1", "2"):
        cells += [("9999", GeoLevel.MUNICIPALITY, sex, age, people) for age, people in (
            ("13_17", 50), ("18_29", 100), ("30_44", 100), ("45_66", 150), ("67_79", 75),
            ("80_120", 25))]
    Observation.objects.bulk_create(
        Observation(indicator=indicator, geo=geo, geo_level=level, period_start=2024,
                    period_end=2024, sex=sex, age=age, measure="Personer1",
                    value=Decimal(people)) for geo, level, sex, age, people in cells)
    return north, south


def conversation(municipality: Municipality, cycle: Any, topic: str = "Turstier") -> Conversation:
    process = Process.objects.create(
        municipality=municipality, cycle=cycle, step=2, title="Turstier for alle",
        purpose="Hvor trengs nye turstier?", authority_role="community_development",
        state="open", published_at=timezone.now())
    return Conversation.objects.create(process=process, topic=topic)


def take_part(conv: Conversation, statement: Statement, count: int, *, value: int,
              district: District | None = None, gender: str = "", age: str = "",
              demographics: bool = True) -> None:
    for _ in range(count):
        participant = Participant.objects.create()
        Vote.objects.create(participant=participant, statement=statement, value=value)
        if demographics:
            Demographics.objects.create(participant=participant,
                                        municipality=conv.process.municipality,
                                        district=district, gender=gender, age_band=age)


@pytest.fixture
def world(eksempelvik: Municipality, cycle: Any) -> dict[str, Any]:
    north, south = population(eksempelvik)
    conv = conversation(eksempelvik, cycle)
    statement = Statement.objects.create(conversation=conv, text="Flere lys langs stien",
                                         fingerprint="a", state=StatementState.VISIBLE)
    # North takes part four times as much; north agrees, south disagrees.
    take_part(conv, statement, 40, value=1, district=north, gender="female", age="45-66")
    take_part(conv, statement, 10, value=-1, district=south, gender="male", age="45-66")
    take_part(conv, statement, 3, value=1, demographics=False)
    return {"conversation": conv, "statement": statement, "north": north, "south": south}


def test_districts_compared_with_the_population(world: dict[str, Any]) -> None:
    result = monitor.for_conversation(world["conversation"])
    assert (result.participants, result.with_demographics) == (53, 50)
    district = next(d for d in result.dimensions if d.key == "district")
    assert district.result is not None and district.result.answered == 50
    rows = {row.label: row for row in district.rows}
    assert rows["Nord"].share.ratio == pytest.approx(0.8 / 0.5)
    assert rows["Sør"].share.ratio == pytest.approx(0.2 / 0.5)
    assert rows["Sør"].share.flagged and not rows["Nord"].share.flagged
    assert district.result.summary == pytest.approx(0.7)
    assert result.summary is not None and result.summary <= 0.7


def test_agreement_is_reweighted_to_the_districts(world: dict[str, Any]) -> None:
    result = monitor.for_conversation(world["conversation"])
    (item,) = result.statements
    assert item.result.votes == 53
    assert item.result.raw == pytest.approx(43 / 53)
    # Re-weighted to half north (all agree), half south (all disagree).
    assert item.result.weighted == pytest.approx(0.5, abs=1e-6)
    assert item.result.weighted_votes == 50


def test_the_age_band_under_18_is_compared_with_teenagers(eksempelvik: Municipality,
                                                         cycle: Any) -> None:
    population(eksempelvik)
    conv = conversation(eksempelvik, cycle)
    statement = Statement.objects.create(conversation=conv, text="Mer ungdomsklubb",
                                         fingerprint="b", state=StatementState.VISIBLE)
    take_part(conv, statement, 10, value=1, age="0-17")
    take_part(conv, statement, 90, value=1, age="45-66")
    age = next(d for d in monitor.for_conversation(conv).dimensions if d.key == "age")
    rows = {row.key: row for row in age.rows}
    assert rows["0-17"].share.population_share == pytest.approx(100 / 1000)
    assert rows["0-17"].share.ratio == pytest.approx(1.0)


def test_small_groups_are_hidden_and_flagged_only_when_certain(eksempelvik: Municipality,
                                                              cycle: Any) -> None:
    north, south = population(eksempelvik)
    conv = conversation(eksempelvik, cycle)
    statement = Statement.objects.create(conversation=conv, text="Benker ved vannet",
                                         fingerprint="c", state=StatementState.VISIBLE)
    take_part(conv, statement, 60, value=1, district=north)
    take_part(conv, statement, 2, value=1, district=south)
    district = next(d for d in monitor.for_conversation(conv).dimensions if d.key == "district")
    south_row = next(row for row in district.rows if row.label == "Sør")
    assert south_row.share.suppressed and south_row.share.participants is None
    assert south_row.share.flagged  # even 4 of 62 would be far below half


def test_actors_who_reach_an_under_represented_district_are_suggested(
        world: dict[str, Any], eksempelvik: Municipality) -> None:
    south = world["south"]
    helper = Actor.objects.create(municipality=eksempelvik, name="Sør idrettslag",
                                  kind=Kind.VOLUNTARY, groups_reached=[f"district:{south.pk}"])
    Actor.objects.create(municipality=eksempelvik, name="Nord kor", kind=Kind.VOLUNTARY,
                         groups_reached=[f"district:{world['north'].pk}"])
    result = monitor.for_conversation(world["conversation"])
    flagged = [(d.key, row.label, row.reached_by) for d, row in result.flagged]
    assert ("district", "Sør", (helper,)) in flagged


def test_fewer_than_k_participants_show_nothing(eksempelvik: Municipality, cycle: Any) -> None:
    population(eksempelvik)
    conv = conversation(eksempelvik, cycle)
    statement = Statement.objects.create(conversation=conv, text="Lys i lysløypa",
                                         fingerprint="d", state=StatementState.VISIBLE)
    take_part(conv, statement, 4, value=1, gender="female")
    result = monitor.for_conversation(conv)
    assert not result.shown and result.statements == ()


def test_without_population_figures_nothing_is_compared(eksempelvik: Municipality,
                                                        cycle: Any) -> None:
    conv = conversation(eksempelvik, cycle)
    statement = Statement.objects.create(conversation=conv, text="Lys i lysløypa",
                                         fingerprint="e", state=StatementState.VISIBLE)
    take_part(conv, statement, 12, value=1, gender="female")
    result = monitor.for_conversation(conv)
    assert all(d.result is None for d in result.dimensions)
    assert result.weights is None and result.summary is None


def test_a_process_counts_each_person_once(world: dict[str, Any]) -> None:
    conv = world["conversation"]
    other = Conversation.objects.create(process=conv.process, topic="Lekeplasser")
    statement = Statement.objects.create(conversation=other, text="Flere lekeplasser",
                                         fingerprint="f", state=StatementState.VISIBLE)
    for participant in Participant.objects.all()[:20]:
        Vote.objects.create(participant=participant, statement=statement, value=1)
    result = monitor.for_process(conv.process)
    assert result.participants == 53
    assert len(result.statements) == 2


# Pages ------------------------------------------------------------------------------------------

def test_the_page_explains_and_suggests(client: Client, world: dict[str, Any], siri: Any,
                                        eksempelvik: Municipality) -> None:
    Actor.objects.create(municipality=eksempelvik, name="Sør idrettslag", kind=Kind.VOLUNTARY,
                         groups_reached=[f"district:{world['south'].pk}"])
    client.force_login(siri)
    response = client.get(reverse("participation:conversation", kwargs={
        "number": "9999", "pk": world["conversation"].pk}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sør idrettslag" in text and "Flere lys langs stien" in text


def test_the_process_page(client: Client, world: dict[str, Any], per: Any) -> None:
    client.force_login(per)
    response = client.get(reverse("participation:process", kwargs={
        "number": "9999", "pk": world["conversation"].process.pk}))
    assert response.status_code == 200
    assert response.context["monitor"].participants == 53


def test_another_municipalitys_conversation_is_a_404(client: Client, world: dict[str, Any],
                                                     olav: Any, nabovik: Municipality) -> None:
    client.force_login(olav)
    url = reverse("participation:conversation",
                  kwargs={"number": "9998", "pk": world["conversation"].pk})
    assert client.get(url).status_code == 404


def test_the_threshold_is_a_setting(world: dict[str, Any], settings: Any) -> None:
    settings.SAMSKAP_REPRESENTATION_THRESHOLD = 0.3
    result = monitor.for_conversation(world["conversation"])
    assert not [row for dimension, row in result.flagged if dimension.key == "district"]


def test_the_demo_compares_education_and_flags_the_less_educated(client: Client) -> None:
    from django.core.management import call_command

    from samskap.accounts.models import User

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = Municipality.objects.get(number="9999")
    conv = Conversation.objects.of(demo).first()
    assert conv is not None
    result = monitor.for_conversation(conv)
    education = next(d for d in result.dimensions if d.key == "education")
    assert education.result is not None and education.result.compared
    flagged = {row.key for row in education.rows if row.share.flagged}
    assert "1" in flagged  # primary school only: under-represented in the demo
    client.force_login(User.objects.get(email="mira@eksempelvik.example"))
    response = client.get(reverse("participation:conversation",
                                  kwargs={"number": "9999", "pk": conv.pk}))
    assert response.status_code == 200
