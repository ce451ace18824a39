"""What the actor and setting pages share: fetching with the tenant check, and group names."""

from __future__ import annotations

from collections.abc import Mapping

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samskap.actors.models import DISTRICT_GROUP, Actor, Group, Setting
from samskap.municipalities.models import Municipality


def actor_of(municipality: Municipality, pk: int) -> Actor:
    """One of the municipality's actors; another municipality's is a 404."""
    return get_object_or_404(Actor.objects.of(municipality), pk=pk)


def setting_of(municipality: Municipality, pk: int) -> Setting:
    return get_object_or_404(
        Setting.objects.filter(municipality=municipality).select_related("district"), pk=pk)


def group_label(code: str, districts: Mapping[int, str]) -> str:
    """A resident group as people say it: "Youth", "District Nordbyen"."""
    match = DISTRICT_GROUP.fullmatch(code)
    if match:
        name = districts.get(int(match.group(1)))
        return _("District %(name)s") % {"name": name} if name else _("A deleted district")
    labels = dict(Group.choices)
    return str(labels.get(code, code))


def district_names(municipality: Municipality) -> dict[int, str]:
    return dict(municipality.districts.values_list("pk", "name"))
