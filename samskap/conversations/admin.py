from django.contrib import admin

from samskap.conversations.models import ComputedMap, Conversation, Statement


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["topic", "process", "moderation", "requires_login", "opens_on", "closes_on"]
    list_select_related = ["process"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["text", "conversation", "state", "is_seed", "created_at"]
    list_filter = ["state", "is_seed"]
    readonly_fields = ["fingerprint", "author"]


@admin.register(ComputedMap)
class ComputedMapAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["conversation", "computed_at", "vote_count", "participant_count", "seconds"]
    readonly_fields = ["result"]
