"""The site administrator's view of the knowledge base.

Statistics change only through imports, which are audited and replace whole series, so
observations and import records are read-only here. Legal references are the opposite: they
are data to keep current by hand when a law is amended and its provisions renumbered.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

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
    OverviewSection,
)

#: Web addresses typed without a scheme are https (Django 6's default, chosen now).
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, filter and delete, but neither add nor change."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "licence", "url"]
    formfield_overrides = HTTPS_URLS
    search_fields = ["code", "name"]


@admin.register(LegalReference)
class LegalReferenceAdmin(admin.ModelAdmin):
    list_display = ["law", "provision", "category", "valid_from", "valid_to", "code"]
    list_display_links = ["law", "provision"]
    list_filter = ["law", "category"]
    search_fields = ["law", "provision", "summary", "code"]
    fields = ["law", "provision", "summary", "url", "valid_from", "valid_to", "category", "code"]
    formfield_overrides = HTTPS_URLS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The code ties a reference to the catalogue file; the provision may change freely.
        return ["code"] if obj is not None and obj.code else []


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nb", "category", "ring", "unit", "source", "municipality",
                    "is_active"]
    list_filter = ["category", "ring", "unit", "source", "is_active"]
    list_select_related = ["source", "municipality"]
    search_fields = ["code", "name_nb", "name_nn", "name_en"]
    filter_horizontal = ["legal_references"]
    raw_id_fields = ["municipality"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Imports, exports and the demo find an indicator by its code: never rename one.
        return ["code"] if obj is not None else []


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "file_name", "format", "municipality", "imported_by"]
    list_filter = ["format"]
    list_select_related = ["municipality", "imported_by"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "created_at"


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "geo", "geo_level", "period", "sex", "age", "dimensions_key",
                    "measure", "value", "flag"]
    # Only filters with fixed choices: a filter on a free-text column would scan every row.
    list_filter = ["geo_level", "flag", "sex", "indicator__category"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__code", "=geo"]
    show_full_result_count = False
    raw_id_fields = ["indicator", "batch"]


@admin.register(LocalKnowledge)
class LocalKnowledgeAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "status", "category", "author", "created_at"]
    list_filter = ["status", "category"]
    list_select_related = ["municipality", "author"]
    search_fields = ["title", "text", "place"]
    raw_id_fields = ["municipality", "author", "indicator", "district", "moderated_by",
                     "responded_by"]


@admin.register(KnowledgeGap)
class KnowledgeGapAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "category", "is_closed", "created_at"]
    list_filter = ["is_closed", "category"]
    list_select_related = ["municipality"]
    search_fields = ["title", "description"]
    raw_id_fields = ["municipality", "indicator", "district", "created_by"]


@admin.register(CommunityResource)
class CommunityResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "category", "district"]
    list_filter = ["category"]
    list_select_related = ["municipality", "district"]
    search_fields = ["title", "description"]
    raw_id_fields = ["municipality", "indicator", "district", "created_by"]


class OverviewSectionInline(admin.StackedInline):
    model = OverviewSection
    extra = 0
    fields = ["category", "challenges", "resources", "causes_and_consequences", "inequality"]


@admin.register(OverviewDocument)
class OverviewDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "status", "cycle", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["municipality", "cycle__municipality"]
    search_fields = ["title"]
    raw_id_fields = ["municipality", "cycle", "created_by"]
    readonly_fields = ["adopted_at", "adopted_html"]
    inlines = [OverviewSectionInline]


@admin.register(OverviewComment)
class OverviewCommentAdmin(admin.ModelAdmin):
    list_display = ["document", "section", "author", "created_at"]
    list_select_related = ["document", "section__document", "author"]
    search_fields = ["text"]
    raw_id_fields = ["document", "section", "author"]
