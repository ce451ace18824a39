"""Writes on municipalities and districts, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samskap.audit import log
from samskap.municipalities.models import District

DISTRICT_FIELDS = ("name", "code", "population", "description")


@transaction.atomic
def save_district(district: District, actor: Any) -> District:
    """Create or update a district (already validated by its form)."""
    before = {}
    if district.pk:
        before = log.snapshot(District.objects.get(pk=district.pk), DISTRICT_FIELDS)
    created = district.pk is None
    district.save()
    log.record(actor=actor, action="district.create" if created else "district.update",
               obj=district, municipality=district.municipality,
               before=before, after=log.snapshot(district, DISTRICT_FIELDS))
    return district


@transaction.atomic
def delete_district(district: District, actor: Any) -> None:
    log.record(actor=actor, action="district.delete", obj=district,
               municipality=district.municipality,
               before=log.snapshot(district, DISTRICT_FIELDS))
    district.delete()
