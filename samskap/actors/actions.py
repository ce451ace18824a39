"""Atomic, audited writes to the community map."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samskap.actors.models import (
    Actor,
    ActorResource,
    ActorSettingLink,
    ContactPerson,
    NudgeDismissal,
    Setting,
    SettingLink,
)
from samskap.audit import log
from samskap.municipalities.models import Municipality

ACTOR_FIELDS = ("name", "kind", "sector", "org_number", "description", "interests",
                "influence", "interest", "affected", "obstruction", "groups_reached")


@transaction.atomic
def save_actor(*, municipality: Municipality, user: Any, data: Mapping[str, Any],
               actor: Actor | None = None,
               resources: Iterable[Mapping[str, str]] | None = None) -> Actor:
    """Create or change an actor (and replace its resources when given); validated, logged.

    Raises ValidationError when a field breaks the model's rules (a bad organisation number, a
    score outside 1–5, an organisation number the municipality already has).
    """
    creating = actor is None
    if actor is None:
        actor = Actor(municipality=municipality)
    elif actor.municipality_id != municipality.pk:
        raise ValueError("the actor belongs to another municipality")
    before = {} if creating else log.snapshot(actor, ACTOR_FIELDS)
    for name in ACTOR_FIELDS:
        if name in data:
            setattr(actor, name, data[name])
    actor.full_clean()  # also normalises the organisation number
    actor.save()
    after = log.snapshot(actor, ACTOR_FIELDS)
    if resources is not None:
        new = [ActorResource(actor=actor, kind=r["kind"], description=r.get("description", ""),
                             amount=r.get("amount", "")) for r in resources]
        for resource in new:
            resource.full_clean(exclude=["actor"])
        actor.resources.all().delete()
        created = ActorResource.objects.bulk_create(new)
        after["resources"] = [[r.kind, r.description, r.amount] for r in created]
    log.record(actor=user, action="actors.create_actor" if creating else "actors.change_actor",
               obj=actor, municipality=municipality, before=before, after=after)
    return actor


@transaction.atomic
def add_contact_person(*, actor: Actor, user: Any, name: str, purpose: str,
                       consent_given_at: Any, email: str = "", phone: str = "") -> ContactPerson:
    """Store a contact person who has consented; the audit log holds no personal data."""
    person = ContactPerson(actor=actor, name=name, email=email, phone=phone, purpose=purpose,
                           consent_given_at=consent_given_at)
    person.full_clean()
    person.save()
    log.record(actor=user, action="actors.add_contact_person", obj=actor,
               municipality=actor.municipality, after={"contact_person": person.pk})
    return person


@transaction.atomic
def remove_contact_person(*, person: ContactPerson, user: Any, reason: str = "") -> None:
    """Delete a contact person. Logged against the actor, by id only: no name, no address."""
    actor, pk = person.actor, person.pk
    person.delete()
    log.record(actor=user, action="actors.remove_contact_person", obj=actor,
               municipality=actor.municipality, before={"contact_person": pk}, reason=reason)


@transaction.atomic
def link_actor_to_setting(*, actor: Actor, setting: Setting, kind: str, user: Any
                          ) -> ActorSettingLink:
    """Record that an actor is present in, runs or reaches a setting (idempotent)."""
    if actor.municipality_id != setting.municipality_id:
        raise ValidationError("The actor and the setting belong to different municipalities.")
    if kind not in ActorSettingLink.Kind.values:
        raise ValidationError(f"Unknown link kind {kind!r}.")
    link, created = ActorSettingLink.objects.get_or_create(actor=actor, setting=setting,
                                                           kind=kind)
    if created:
        log.record(actor=user, action="actors.link_actor_to_setting", obj=link,
                   municipality=setting.municipality,
                   after={"actor": actor.pk, "setting": setting.pk, "kind": kind})
    return link


@transaction.atomic
def link_settings(*, a: Setting, b: Setting, user: Any, description: str = "") -> SettingLink:
    """Record that two settings coordinate activities; one row per unordered pair."""
    if a.pk == b.pk:
        raise ValidationError("A setting cannot be linked to itself.")
    if a.municipality_id != b.municipality_id:
        raise ValidationError("The settings belong to different municipalities.")
    first, second = (a, b) if a.pk < b.pk else (b, a)
    link, created = SettingLink.objects.get_or_create(
        setting_a=first, setting_b=second, defaults={"description": description})
    if not created and description and link.description != description:
        before = {"description": link.description}
        link.description = description
        link.save(update_fields=["description"])
        log.record(actor=user, action="actors.change_setting_link", obj=link,
                   municipality=a.municipality, before=before, after={"description": description})
    elif created:
        log.record(actor=user, action="actors.link_settings", obj=link,
                   municipality=a.municipality,
                   after={"setting_a": first.pk, "setting_b": second.pk,
                          "description": description})
    return link


@transaction.atomic
def save_setting(*, municipality: Municipality, user: Any, data: Mapping[str, Any],
                 setting: Setting | None = None) -> Setting:
    """Create or change a setting; validated and logged."""
    fields = ("name", "kind", "district")
    creating = setting is None
    if setting is None:
        setting = Setting(municipality=municipality)
    before = {} if creating else log.snapshot(setting, fields)
    for name in fields:
        if name in data:
            setattr(setting, name, data[name])
    if setting.district is not None and setting.district.municipality_id != municipality.pk:
        raise ValidationError("The district belongs to another municipality.")
    setting.full_clean()
    setting.save()
    log.record(actor=user,
               action="actors.create_setting" if creating else "actors.change_setting",
               obj=setting, municipality=municipality, before=before,
               after=log.snapshot(setting, fields))
    return setting


@transaction.atomic
def dismiss_nudge(*, municipality: Municipality, code: str, subject: str, reason: str,
                  user: Any) -> NudgeDismissal:
    """Set a nudge aside for a reason, which is required and logged."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("A dismissed nudge needs a reason.")
    dismissal, _created = NudgeDismissal.objects.update_or_create(
        municipality=municipality, code=code, subject=subject,
        defaults={"reason": reason,
                  "dismissed_by": user if getattr(user, "is_authenticated", False) else None})
    log.record(actor=user, action="actors.dismiss_nudge", obj=dismissal,
               municipality=municipality, after={"code": code, "subject": subject},
               reason=reason)
    return dismissal


@transaction.atomic
def delete_actor(*, actor: Actor, user: Any) -> None:
    """Delete an actor with its resources, contact persons and links; logged by its fields."""
    before = log.snapshot(actor, ACTOR_FIELDS)
    before["resources"] = [[r.kind, r.description, r.amount] for r in actor.resources.all()]
    # The log of a deleted actor keeps no contact person: only how many there were.
    before["contact_persons"] = actor.contacts.count()
    log.record(actor=user, action="actors.delete_actor", obj=actor,
               municipality=actor.municipality, before=before)
    actor.delete()


@transaction.atomic
def set_representatives(*, actor: Actor, user: Any, representatives: Iterable[Any]) -> None:
    """Replace who speaks for the actor; each must be a member of the actor's municipality."""
    chosen = list(representatives)
    for person in chosen:
        if person.role_in(actor.municipality) is None:
            raise ValidationError("A representative must be a member of the municipality.")
    before = sorted(str(u) for u in actor.representatives.all())
    actor.representatives.set(chosen)
    after = sorted(str(u) for u in chosen)
    if before != after:
        log.record(actor=user, action="actors.set_representatives", obj=actor,
                   municipality=actor.municipality, before={"representatives": before},
                   after={"representatives": after})


@transaction.atomic
def unlink_actor_from_setting(*, link: ActorSettingLink, user: Any) -> None:
    """Remove one actor–setting link; logged against the link, naming both ends."""
    municipality = link.setting.municipality
    before = {"actor": link.actor_id, "setting": link.setting_id, "kind": link.kind}
    log.record(actor=user, action="actors.unlink_actor_from_setting", obj=link,
               municipality=municipality, before=before)
    link.delete()


@transaction.atomic
def unlink_settings(*, link: SettingLink, user: Any) -> None:
    """Remove the link between two settings."""
    log.record(actor=user, action="actors.unlink_settings", obj=link,
               municipality=link.setting_a.municipality,
               before={"setting_a": link.setting_a_id, "setting_b": link.setting_b_id,
                       "description": link.description})
    link.delete()


@transaction.atomic
def delete_setting(*, setting: Setting, user: Any) -> None:
    """Delete a setting and its links."""
    log.record(actor=user, action="actors.delete_setting", obj=setting,
               municipality=setting.municipality,
               before=log.snapshot(setting, ("name", "kind", "district")))
    setting.delete()
