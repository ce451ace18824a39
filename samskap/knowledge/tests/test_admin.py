"""The site administrator's pages for the knowledge base: they open, legal references can be
corrected, and statistics cannot be changed by hand."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskap.core.demo import DISTRICTS
from samskap.knowledge.demo import load_knowledge_demo
from samskap.knowledge.models import (
    CommunityResource,
    DataSource,
    ImportBatch,
    Indicator,
    KnowledgeGap,
    LegalReference,
    LocalKnowledge,
    Observation,
    OverviewComment,
    OverviewDocument,
)
from samskap.testing.factories import DistrictFactory

pytestmark = pytest.mark.django_db

MODELS = (DataSource, LegalReference, Indicator, ImportBatch, Observation, LocalKnowledge,
          KnowledgeGap, CommunityResource, OverviewDocument, OverviewComment)


@pytest.fixture
def knowledge(eksempelvik, mira, per, frida, cem, cycle):
    for name, code, population in DISTRICTS:
        DistrictFactory(municipality=eksempelvik, name=name, code=code, population=population)
    load_knowledge_demo(eksempelvik, {user.email: user for user in (mira, per, frida, cem)})
    document = OverviewDocument.objects.get()
    OverviewComment.objects.create(document=document, section=document.sections.first(),
                                   author=cem, text="Husk Fjellgrenda.")


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:knowledge_{model._meta.model_name}_{action}", args=args)


def test_sam_opens_every_list_and_every_detail_of_the_knowledge_base(client, sam, knowledge):
    client.force_login(sam)

    for model in MODELS:
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
        first = model.objects.first()
        assert client.get(admin_url(model, "change", first.pk)).status_code == 200, model


def test_the_list_of_observations_takes_a_bounded_number_of_queries(
        client, sam, knowledge, django_assert_max_num_queries):
    client.force_login(sam)

    with django_assert_max_num_queries(12):
        response = client.get(admin_url(Observation, "changelist") + "?flag=suppressed")

    assert response.status_code == 200


def test_sam_corrects_a_renumbered_provision_in_the_admin(client, sam, knowledge):
    reference = LegalReference.objects.get(code="folkehelseloven-oversikt")
    client.force_login(sam)

    response = client.post(admin_url(LegalReference, "change", reference.pk), {
        "law": reference.law, "provision": "§ 7 a", "summary": reference.summary,
        "url": reference.url, "valid_from": "2012-01-01", "valid_to": "",
        "category": "",
    })

    assert response.status_code == 302
    reference.refresh_from_db()
    assert (reference.provision, reference.code) == ("§ 7 a", "folkehelseloven-oversikt")


def test_observations_and_imports_cannot_be_added_or_changed_by_hand(client, sam, knowledge):
    observation = Observation.objects.first()
    client.force_login(sam)

    assert client.get(admin_url(Observation, "add")).status_code == 403
    response = client.post(admin_url(Observation, "change", observation.pk),
                           {"value": "0", "flag": "suppressed"})
    assert response.status_code == 403
    assert client.get(admin_url(ImportBatch, "add")).status_code == 403
