"""An actor's change log in words: the audit entries about the actor, its resources, contact
persons, representatives and settings, for the municipality's staff.

Contact persons are logged by id only (samskap.actors.actions), so the log says that one was
added or removed, never who.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from samskap.actors.actions import ACTOR_FIELDS
from samskap.actors.models import Actor, ActorResource, ActorSettingLink, Setting
from samskap.actors.views.common import group_label
from samskap.audit.models import AuditEntry

#: How many entries the actor page shows.
LOG_LENGTH = 50


@dataclass
class Change:
    entry: AuditEntry
    details: list[str] = field(default_factory=list)


def entries_about(actor: Actor) -> Any:
    """The audit entries about one actor, newest first."""
    links = Q(object_type="actors.actorsettinglink") & (Q(after__actor=actor.pk)
                                                        | Q(before__actor=actor.pk))
    return (AuditEntry.objects.for_municipality(actor.municipality)
            .filter(Q(object_type="actors.actor", object_id=str(actor.pk)) | links))


def _value(name: str, value: Any, districts: dict[int, str]) -> str:
    if value in (None, "", []):
        return "–"
    if name in ("kind", "sector"):
        choices = dict(Actor._meta.get_field(name).choices or [])  # type: ignore[union-attr]
        return str(choices.get(value, value))
    if name == "groups_reached":
        return ", ".join(group_label(code, districts) for code in value)
    if name == "resources":
        kinds = dict(ActorResource.Kind.choices)
        return "; ".join(" – ".join(filter(None, [str(kinds.get(k, k)), d, a]))
                         for k, d, a in value)
    if name == "representatives":
        return ", ".join(value)
    return str(value)


def _label(name: str) -> str:
    if name == "resources":
        return _("resources")
    if name == "representatives":
        return _("representatives")
    return str(Actor._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def _details(entry: AuditEntry, settings: dict[int, str], districts: dict[int, str]
             ) -> list[str]:
    if entry.object_type == "actors.actorsettinglink":
        data = entry.after or entry.before
        kinds = dict(ActorSettingLink.Kind.choices)
        return [_("%(setting)s (%(how)s)") % {
            "setting": settings.get(data.get("setting"), _("a deleted setting")),
            "how": kinds.get(data.get("kind"), data.get("kind"))}]
    if entry.action in ("actors.add_contact_person", "actors.remove_contact_person"):
        return []  # by design: no personal data in the log
    keys = [k for k in (*ACTOR_FIELDS, "resources", "representatives")
            if entry.before.get(k) != entry.after.get(k)]
    lines = []
    for key in keys:
        before, after = entry.before.get(key), entry.after.get(key)
        if entry.action == "actors.create_actor":
            if after in (None, "", []):
                continue
            lines.append(f"{_label(key)}: {_value(key, after, districts)}")
        elif entry.action == "actors.delete_actor":
            continue
        else:
            lines.append(_("%(field)s: %(before)s → %(after)s") % {
                "field": _label(key), "before": _value(key, before, districts),
                "after": _value(key, after, districts)})
    return lines


def change_log(actor: Actor, limit: int = LOG_LENGTH) -> list[Change]:
    """The newest entries about the actor, each with its changes in words (three queries)."""
    entries: Iterable[AuditEntry] = list(entries_about(actor)[:limit])
    settings = dict(Setting.objects.filter(municipality=actor.municipality)
                    .values_list("pk", "name"))
    districts = dict(actor.municipality.districts.values_list("pk", "name"))
    return [Change(entry, _details(entry, settings, districts)) for entry in entries]
