"""The audit log: who changed what, when, with the state before and after."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

#: Labels for logged keys that are not fields of the logged model.
EXTRA_FIELD_LABELS = {
    "term": _("term"),
    "from": _("from cycle"),
    "items": _("items carried over"),
    "user": _("user"),
    "email": _("e-mail address"),
    # Community contracts (samskap.contracts.actions)
    "parties": _("parties"),
    "contributions": _("contributions"),
    "version": _("version"),
    "party": _("party"),
    "cancelled": _("contributions cancelled"),
}

#: What each action code means, for people reading the log.
ACTION_LABELS = {
    "cycle.start": _("Cycle started"),
    "cycle.close": _("Cycle closed"),
    "cycle.carry_over": _("Conclusions carried over"),
    "step.start": _("Step started"),
    "step.complete": _("Step done"),
    "step.reopen": _("Step reopened"),
    "step.update": _("Step changed"),
    "conclusion.add": _("Conclusion added"),
    "conclusion.delete": _("Conclusion deleted"),
    "district.create": _("District added"),
    "district.update": _("District changed"),
    "district.delete": _("District deleted"),
    "invitation.create": _("Invitation sent"),
    "invitation.revoke": _("Invitation withdrawn"),
    "membership.create": _("Member added"),
    "membership.update": _("Role changed"),
    "membership.delete": _("Member removed"),
    "indicators.import": _("Indicator data imported"),
    "local_knowledge.submit": _("Local knowledge submitted"),
    "local_knowledge.revise": _("Local knowledge changed by its author"),
    "local_knowledge.publish": _("Local knowledge published"),
    "local_knowledge.request_edit": _("Local knowledge sent back for changes"),
    "local_knowledge.reject": _("Local knowledge rejected"),
    "local_knowledge.respond": _("Local knowledge answered"),
    "knowledge_gap.create": _("Knowledge gap added"),
    "knowledge_gap.update": _("Knowledge gap changed"),
    "knowledge_gap.close": _("Knowledge gap closed"),
    "knowledge_gap.reopen": _("Knowledge gap reopened"),
    "community_resource.create": _("Community resource added"),
    "community_resource.update": _("Community resource changed"),
    "conversation.create": _("Conversation created"),
    "conversation.update": _("Conversation changed"),
    "conversation.import_polis": _("Pol.is export imported into a conversation"),
    "statement.seed": _("Seed statement added"),
    "statement.approve": _("Statement shown"),
    "statement.hide": _("Statement hidden"),
    "statement.reject": _("Statement rejected"),
    "actors.create_actor": _("Actor added"),
    "actors.change_actor": _("Actor changed"),
    "actors.delete_actor": _("Actor deleted"),
    "actors.set_representatives": _("Actor's representatives changed"),
    "actors.add_contact_person": _("Contact person added (with consent)"),
    "actors.remove_contact_person": _("Contact person removed"),
    "actors.link_actor_to_setting": _("Actor linked to a setting"),
    "actors.unlink_actor_from_setting": _("Actor's link to a setting removed"),
    "actors.create_setting": _("Setting added"),
    "actors.change_setting": _("Setting changed"),
    "actors.delete_setting": _("Setting deleted"),
    "actors.link_settings": _("Settings linked"),
    "actors.change_setting_link": _("Link between settings changed"),
    "actors.unlink_settings": _("Link between settings removed"),
    "actors.dismiss_nudge": _("Nudge dismissed"),
    "actors.restore_nudge": _("Dismissed nudge shown again"),
    "contracts.create": _("Community contract drafted"),
    "contracts.change": _("Community contract changed"),
    "contracts.change_contributions": _("Contributions to a community contract changed"),
    "contracts.send": _("Community contract sent for acceptance"),
    "contracts.accept": _("Community contract accepted"),
    "contracts.leave": _("Party left a community contract"),
    "contracts.update_contribution": _("Contribution status updated"),
    "contracts.end": _("Community contract ended"),
    "processes.create": _("Co-creation process created"),
    "processes.change": _("Co-creation process changed"),
    "processes.advise": _("Type of co-creation chosen with the advisor"),
    "processes.room": _("Room for action declared"),
    "processes.invite": _("Actor invited to a process"),
    "processes.uninvite": _("Actor's invitation to a process withdrawn"),
    "processes.groups": _("Resident groups of a process changed"),
    "processes.add_phase": _("Phase added to a process"),
    "processes.delete_phase": _("Phase removed from a process"),
    "processes.link_activities": _("Activities linked to a process"),
    "processes.change_state": _("Process state changed"),
    "input.register": _("Input brought into a process"),
    "response.give": _("Input answered"),
    "response.change": _("Answer to an input changed"),
}


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_municipality(self, municipality: object) -> AuditEntryQuerySet:
        return self.filter(municipality=municipality).select_related("actor")

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One change. Rows are only ever added; nothing in the app updates or deletes them."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="audit_entries",
        null=True, blank=True, verbose_name=_("municipality"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    def _field(self, key: str) -> models.Field | None:  # type: ignore[type-arg]
        try:
            field = apps.get_model(self.object_type)._meta.get_field(key)
        except (LookupError, ValueError, FieldDoesNotExist):
            return None
        return field if isinstance(field, models.Field) else None

    def changes(self) -> list[tuple[str, object, object]]:
        """Field-by-field (label, before, after) for the fields that differ, in words."""
        result = []
        for key in sorted(set(self.before) | set(self.after)):
            before, after = self.before.get(key), self.after.get(key)
            if before == after:
                continue
            field = self._field(key)
            if field is None:
                result.append((str(EXTRA_FIELD_LABELS.get(key, key)), before, after))
                continue
            result.append((str(field.verbose_name), _readable(field, before),
                           _readable(field, after)))
        return result


def _readable(field: models.Field, value: object) -> object:  # type: ignore[type-arg]
    """A logged value as people read it: choice labels, dates as dates."""
    if value is None:
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        return parse_datetime(value) or value
    if isinstance(value, str) and isinstance(field, models.DateField):
        return parse_date(value) or value
    return value
