from django.contrib import admin

from triage.choices import GUT_CHECK_ANSWERS
from triage.models import Decision, GutCheck, OwnerSettings, Task, TimeLog


@admin.register(OwnerSettings)
class OwnerSettingsAdmin(admin.ModelAdmin):
    list_display = ["owner", "currency", "time_zone", "mga_hourly_value", "default_contractor_rate"]
    search_fields = ["owner__username"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "owner",
        "category",
        "is_mga",
        "estimated_minutes_per_week",
        "archived",
    ]
    list_filter = ["category", "is_mga", "archived"]
    search_fields = ["title", "owner__username"]
    list_select_related = ["owner"]


@admin.register(TimeLog)
class TimeLogAdmin(admin.ModelAdmin):
    list_display = ["task", "owner", "start", "end", "note"]
    list_filter = ["task__category"]
    search_fields = ["task__title", "owner__username", "note"]
    date_hierarchy = "start"
    list_select_related = ["task", "owner"]
    raw_id_fields = ["task"]


@admin.register(GutCheck)
class GutCheckAdmin(admin.ModelAdmin):
    list_display = ["task", "owner", "checked_at", *GUT_CHECK_ANSWERS]
    list_filter = ["feeling", "overwhelm", "is_mga"]
    search_fields = ["task__title", "owner__username"]
    list_select_related = ["task", "owner"]
    raw_id_fields = ["task"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = [
        "task",
        "owner",
        "kind",
        "status",
        "decided_on",
        "contractor",
        "contractor_rate",
        "contractor_hours_per_week",
        "baseline_hours_per_week",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["task__title", "owner__username", "contractor__name"]
    list_select_related = ["task", "owner"]
    raw_id_fields = ["task", "gut_check"]
