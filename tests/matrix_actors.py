"""Who may use the actor register, its settings and its import and export.

Every member of Eksempelvik reads the register (partners and citizens its public part);
strangers get a 404 and visitors the login page. Staff change it. Frida, a partner, represents
the volunteer centre ("actors.actor"): she may change its profile and resources, and nothing of
the sports club ("actors.other_actor") or of any setting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samskap.actors.models import (
    Actor,
    ActorResource,
    ActorSettingLink,
    ContactPerson,
    Setting,
    SettingLink,
)
from tests.authorization_world import World
from tests.matrix_kit import STAFF, Check, Entry, members_only, of_memo, town

#: Every member of the municipality (samskap.view_actors).
MEMBERS = members_only("cem", "frida", "siri", "per", "mira", "ada")
#: One actor's profile and resources (samskap.edit_actor): staff, or its representative.
STAFF_OR_REPRESENTATIVE = members_only("frida", "per", "mira", "ada")


def make_actor(w: World) -> Actor:
    actor = Actor.objects.create(municipality=w.eksempelvik, name="Eksempelvik frivilligsentral",
                                 kind="voluntary", description="Møteplass", influence=3)
    actor.representatives.add(w.users["frida"])
    ActorResource.objects.create(actor=actor, kind="volunteers", description="Besøksvenner")
    return actor


def make_other_actor(w: World) -> Actor:
    return Actor.objects.create(municipality=w.eksempelvik, name="Nordbyen idrettslag",
                                kind="voluntary")


def make_setting(w: World) -> Setting:
    return Setting.objects.create(municipality=w.eksempelvik, name="Nordbyhallen",
                                  kind="sports_club", district=w.district)


def make_other_setting(w: World) -> Setting:
    return Setting.objects.create(municipality=w.eksempelvik, name="Nordbyen skole",
                                  kind="school", district=w.district)


def make_contact(w: World) -> ContactPerson:
    return ContactPerson.objects.create(actor=w.memo("actors.actor"), name="Kari Kontakt",
                                        purpose="Leksehjelpen", consent_given_at=timezone.now())


def make_link(w: World) -> ActorSettingLink:
    return ActorSettingLink.objects.create(actor=w.memo("actors.actor"),
                                           setting=w.memo("actors.setting"), kind="present")


def make_setting_link(w: World) -> SettingLink:
    a, b = sorted([w.memo("actors.setting"), w.memo("actors.other_setting")],
                  key=lambda s: s.pk)
    return SettingLink.objects.create(setting_a=a, setting_b=b)


MAKERS: dict[str, Callable[[World], Any]] = {
    "actors.actor": make_actor,
    "actors.other_actor": make_other_actor,
    "actors.setting": make_setting,
    "actors.other_setting": make_other_setting,
    "actors.contact": make_contact,
    "actors.link": make_link,
    "actors.setting_link": make_setting_link,
}


def actors_of(w: World) -> Any:
    return sorted(Actor.objects.filter(municipality=w.eksempelvik).values_list("name", flat=True))


def settings_of(w: World) -> Any:
    return sorted(Setting.objects.filter(municipality=w.eksempelvik)
                  .values_list("name", "kind", "district"))


def actor_row(key: str) -> Callable[[World], Any]:
    return lambda w: Actor.objects.filter(pk=w.memo(key).pk).values_list(
        "name", "description", "influence", "obstruction").first()


def resources_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(ActorResource.objects.filter(actor=w.memo(key))
                            .values_list("kind", "description"))


def links_of(w: World) -> Any:
    return sorted(ActorSettingLink.objects.filter(setting__municipality=w.eksempelvik)
                  .values_list("actor__name", "setting__name", "kind"))


def ripples_of(w: World) -> Any:
    return SettingLink.objects.filter(setting_a__municipality=w.eksempelvik).count()


def actor_data(w: World) -> dict[str, Any]:
    """Valid for the staff form and the representative's (which ignores the other fields)."""
    return {"name": "Eksempelvik frivilligsentral", "kind": "voluntary", "sector": "",
            "org_number": "", "description": "Oppdatert av matrisen", "interests": "",
            "influence": "3", "interest": "", "affected": "", "obstruction": "5"}


def resource_data(w: World) -> dict[str, Any]:
    return {"resources-TOTAL_FORMS": "1", "resources-INITIAL_FORMS": "0",
            "resources-0-kind": "premises", "resources-0-description": "Kafélokale",
            "resources-0-amount": ""}


def upload(w: World) -> dict[str, Any]:
    text = "name;kind;sector;org_number\nSjøsida kystlag;faith_culture;;\n"
    return {"file": SimpleUploadedFile("aktorer.csv", text.encode(), "text/csv"),
            "dry_run": ""}


ENTRIES: dict[str, Entry] = {
    "actors:list": Entry(town, get=Check(MEMBERS)),
    "actors:new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {**actor_data(w), "name": "Sjøsida kystlag"},
                   effect=actors_of)),
    "actors:detail": Entry(of_memo("actors.actor"), get=Check(MEMBERS)),
    "actors:edit": Entry(
        of_memo("actors.actor"), get=Check(STAFF_OR_REPRESENTATIVE),
        post=Check(STAFF_OR_REPRESENTATIVE, data=actor_data, effect=actor_row("actors.actor"))),
    "actors:edit#other": Entry(
        of_memo("actors.other_actor"), get=Check(STAFF),
        post=Check(STAFF, data=actor_data, effect=actor_row("actors.other_actor"))),
    "actors:resources": Entry(
        of_memo("actors.actor"), get=Check(STAFF_OR_REPRESENTATIVE),
        post=Check(STAFF_OR_REPRESENTATIVE, data=resource_data,
                   effect=resources_of("actors.actor"))),
    "actors:resources#other": Entry(
        of_memo("actors.other_actor"), get=Check(STAFF),
        post=Check(STAFF, data=resource_data, effect=resources_of("actors.other_actor"))),
    "actors:delete": Entry(
        of_memo("actors.other_actor"), get=Check(STAFF),
        post=Check(STAFF, effect=actors_of)),
    "actors:representatives": Entry(
        of_memo("actors.actor"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"representatives": [w.users["cem"].pk]},
                   effect=lambda w: sorted(w.memo("actors.actor").representatives
                                           .values_list("email", flat=True)))),
    "actors:contact_new": Entry(
        of_memo("actors.actor"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"name": "Kari Kontakt", "purpose": "Leksehjelpen",
                                          "consent": "on"},
                   effect=lambda w: ContactPerson.objects.count())),
    "actors:contact_remove": Entry(
        lambda w: {"number": w.eksempelvik.number, "pk": w.memo("actors.actor").pk,
                   "contact": w.memo("actors.contact").pk},
        get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"reason": "trakk samtykket"},
                   effect=lambda w: ContactPerson.objects.count())),
    "actors:link": Entry(
        of_memo("actors.actor"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"setting": w.memo("actors.setting").pk,
                                          "kind": "runs"}, effect=links_of)),
    "actors:unlink": Entry(
        lambda w: {"number": w.eksempelvik.number, "pk": w.memo("actors.actor").pk,
                   "link": w.memo("actors.link").pk},
        post=Check(STAFF, effect=links_of)),
    "actors:settings": Entry(town, get=Check(MEMBERS)),
    "actors:setting_new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"name": "Biblioteket", "kind": "library",
                                          "district": ""}, effect=settings_of)),
    "actors:setting_detail": Entry(of_memo("actors.setting"), get=Check(MEMBERS)),
    "actors:setting_edit": Entry(
        of_memo("actors.setting"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"name": "Nordbyhallen", "kind": "other",
                                          "district": ""}, effect=settings_of)),
    "actors:setting_delete": Entry(
        of_memo("actors.setting"), get=Check(STAFF), post=Check(STAFF, effect=settings_of)),
    "actors:setting_link": Entry(
        of_memo("actors.setting"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"other": w.memo("actors.other_setting").pk,
                                          "description": "Felles dugnad"},
                   effect=ripples_of)),
    "actors:setting_unlink": Entry(
        lambda w: {"number": w.eksempelvik.number, "pk": w.memo("actors.setting").pk,
                   "link": w.memo("actors.setting_link").pk},
        post=Check(STAFF, effect=ripples_of)),
    "actors:setting_add_actor": Entry(
        of_memo("actors.setting"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"actor": w.memo("actors.other_actor").pk,
                                          "kind": "present"}, effect=links_of)),
    "actors:import": Entry(town, get=Check(STAFF),
                           post=Check(STAFF, data=upload, effect=actors_of)),
    "actors:export": Entry(lambda w: {"number": w.eksempelvik.number, "name": "actors.csv"},
                           get=Check(STAFF)),
}
