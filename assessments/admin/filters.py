"""List filters shared by the admins of stored scores."""

from django.contrib import admin


class StaleFilter(admin.SimpleListFilter):
    title = "freshness"
    parameter_name = "fresh"

    def lookups(self, request, model_admin):
        return [("stale", "Being recalculated"), ("fresh", "Up to date")]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "fresh":
            return queryset.fresh()
        return queryset
