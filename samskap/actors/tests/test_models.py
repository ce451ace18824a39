"""The database keeps the community map honest: scores 1–5, consent, organisation numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from samskap.actors.models import Actor, ContactPerson, Kind, SettingLink
from samskap.testing.factories import ActorFactory, SettingFactory

pytestmark = pytest.mark.django_db

VALID = "974760673"  # Brønnøysundregistrene's own number


@pytest.mark.parametrize("score", ["influence", "interest", "affected", "obstruction"])
@pytest.mark.parametrize("value", [0, 6])
def test_the_database_refuses_a_score_outside_one_to_five(eksempelvik, score, value):
    with pytest.raises(IntegrityError):
        ActorFactory(municipality=eksempelvik, **{score: value})


def test_scores_may_be_unknown_or_one_to_five(eksempelvik):
    actor = ActorFactory(municipality=eksempelvik, influence=None, interest=1, affected=5)
    actor.full_clean()


def test_a_contact_person_needs_consent_in_the_database(eksempelvik):
    actor = ActorFactory(municipality=eksempelvik)
    with pytest.raises(IntegrityError):
        ContactPerson.objects.create(actor=actor, name="Kari", purpose="Invitations",
                                     consent_given_at=None)


def test_a_contact_person_with_consent_and_purpose_is_stored(eksempelvik):
    actor = ActorFactory(municipality=eksempelvik)
    ContactPerson.objects.create(actor=actor, name="Kari", purpose="Invitations",
                                 consent_given_at=timezone.now())
    assert actor.contacts.count() == 1


def test_the_model_rejects_an_org_number_with_a_wrong_check_digit(eksempelvik):
    actor = Actor(municipality=eksempelvik, name="Lag", kind=Kind.VOLUNTARY,
                  org_number="974760674")
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "org_number" in error.value.error_dict


def test_an_org_number_is_unique_within_a_municipality(eksempelvik, nabovik):
    ActorFactory(municipality=eksempelvik, org_number=VALID)
    ActorFactory(municipality=nabovik, org_number=VALID)  # another municipality's register
    ActorFactory(municipality=eksempelvik, org_number="")  # many without a number
    ActorFactory(municipality=eksempelvik, org_number="")
    with pytest.raises(IntegrityError):
        ActorFactory(municipality=eksempelvik, org_number=VALID)


def test_the_sector_follows_from_the_kind_unless_chosen(eksempelvik):
    assert ActorFactory(municipality=eksempelvik, kind=Kind.BUSINESS).effective_sector == \
        "private"
    assert ActorFactory(municipality=eksempelvik, kind=Kind.SOCIAL_ENTREPRENEUR,
                        sector="voluntary").effective_sector == "voluntary"


def test_groups_reached_must_be_known_groups_or_districts(eksempelvik):
    actor = ActorFactory.build(municipality=eksempelvik, groups_reached=["youth", "district:3"])
    actor.full_clean()
    actor.groups_reached = ["youth", "aliens"]
    with pytest.raises(ValidationError):
        actor.full_clean()


def test_a_setting_link_is_stored_smaller_id_first(eksempelvik):
    a, b = SettingFactory(municipality=eksempelvik), SettingFactory(municipality=eksempelvik)
    with pytest.raises(IntegrityError):
        SettingLink.objects.create(setting_a=b, setting_b=a)


def test_an_org_number_typed_with_spaces_is_stored_as_nine_digits(eksempelvik):
    actor = Actor(municipality=eksempelvik, name="Lag", kind=Kind.VOLUNTARY,
                  org_number="974 760 673")
    actor.full_clean()
    assert actor.org_number == VALID


def test_a_duplicate_org_number_is_a_validation_error_with_its_own_code(eksempelvik):
    ActorFactory(municipality=eksempelvik, org_number=VALID)
    actor = Actor(municipality=eksempelvik, name="Lag", kind=Kind.VOLUNTARY, org_number=VALID)
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert [e.code for e in error.value.error_dict["__all__"]] == ["duplicate_org_number"]
