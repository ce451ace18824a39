from django.contrib import admin

from samskap.municipalities.models import District, Municipality


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "population", "language_form", "uses_platform"]
    list_filter = ["uses_platform", "language_form", "county"]
    search_fields = ["name", "number"]
    inlines = [DistrictInline]
