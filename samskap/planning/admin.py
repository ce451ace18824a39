from django.contrib import admin

from samskap.planning.models import Cycle, CycleStep


class CycleStepInline(admin.TabularInline):
    model = CycleStep
    extra = 0
    can_delete = False


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["municipality", "start_year", "end_year", "status"]
    list_filter = ["status"]
    inlines = [CycleStepInline]
