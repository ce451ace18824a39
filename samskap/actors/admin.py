"""The site administrator's view of the community map."""

from __future__ import annotations

from django.contrib import admin

from samskap.actors.models import (
    Actor,
    ActorResource,
    ActorSettingLink,
    ContactPerson,
    NudgeDismissal,
    Setting,
    SettingLink,
)


class ResourceInline(admin.TabularInline):
    model = ActorResource
    extra = 0


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    # Removing a contact person goes through actions.remove_contact_person, which records
    # the removal in the audit log without the personal data; the admin must not bypass it.
    can_delete = False


class ActorSettingInline(admin.TabularInline):
    model = ActorSettingLink
    extra = 0
    autocomplete_fields = ["setting"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "org_number", "municipality", "influence",
                    "interest", "affected", "obstruction"]
    list_filter = ["kind", "sector", "municipality"]
    search_fields = ["name", "org_number"]
    list_select_related = ["municipality"]
    inlines = [ResourceInline, ContactInline, ActorSettingInline]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]
    list_select_related = ["municipality", "district"]


@admin.register(SettingLink)
class SettingLinkAdmin(admin.ModelAdmin):
    list_display = ["setting_a", "setting_b", "description"]
    list_select_related = ["setting_a", "setting_b"]
    autocomplete_fields = ["setting_a", "setting_b"]


@admin.register(NudgeDismissal)
class NudgeDismissalAdmin(admin.ModelAdmin):
    list_display = ["code", "subject", "municipality", "dismissed_by", "dismissed_at"]
    list_filter = ["code", "municipality"]
    readonly_fields = ["dismissed_at"]
