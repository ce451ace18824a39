"""Rows in, pure analysis out: the community's network metrics and its "who is missing" nudges.

A fixed number of queries whatever the size of the community (one per table).
"""

from __future__ import annotations

from collections.abc import Collection

from samskap.actors.models import (
    SECTOR_OF_KIND,
    Actor,
    ActorSettingLink,
    Group,
    NudgeDismissal,
    Sector,
    Setting,
    SettingLink,
)
from samskap.analysis import network, nudges
from samskap.municipalities.models import Municipality


def community(municipality: Municipality) -> network.Community:
    """The municipality's actors, settings and links as plain data (four queries)."""
    actors = [network.Actor(pk, sector or SECTOR_OF_KIND[kind]) for pk, kind, sector in
              Actor.objects.of(municipality).values_list("pk", "kind", "sector")]
    settings = [network.Setting(pk, district) for pk, district in
                Setting.objects.filter(municipality=municipality)
                .values_list("pk", "district_id")]
    links = [network.ActorLink(a, s, network.LinkKind(kind)) for a, s, kind in
             ActorSettingLink.objects.filter(setting__municipality=municipality)
             .values_list("actor_id", "setting_id", "kind")]
    ripples = [network.SettingLink(a, b) for a, b in
               SettingLink.objects.filter(setting_a__municipality=municipality)
               .values_list("setting_a_id", "setting_b_id")]
    return network.Community(actors, settings, links, ripples)


def metrics(municipality: Municipality, **options: int) -> network.NetworkMetrics:
    """Betweenness, bridges across sectors and settings that stand alone."""
    return network.analyse(community(municipality), **options)


def profiles(municipality: Municipality) -> list[nudges.ActorProfile]:
    """The actors as the nudge rules see them (one query)."""
    rows = Actor.objects.of(municipality).values_list(
        "pk", "kind", "sector", "influence", "affected", "obstruction", "groups_reached")
    return [nudges.ActorProfile(pk, sector or SECTOR_OF_KIND[kind], influence, affected,
                                obstruction, frozenset(groups or ()))
            for pk, kind, sector, influence, affected, obstruction, groups in rows]


def resident_groups(municipality: Municipality) -> list[str]:
    """The fixed groups, then one per district of the municipality (one query)."""
    districts = municipality.districts.order_by("pk").values_list("pk", flat=True)
    return [*Group.values, *(f"district:{pk}" for pk in districts)]


def who_is_missing(municipality: Municipality,
                   involved: Collection[int] | None = None) -> nudges.Nudges:
    """The nudges for the community map (``involved`` None) or for a piece of work."""
    dismissed = NudgeDismissal.objects.filter(municipality=municipality).values_list(
        "code", "subject")
    return nudges.who_is_missing(
        profiles(municipality), involved=involved, sectors=Sector.values,
        groups=resident_groups(municipality), dismissed=set(dismissed))
