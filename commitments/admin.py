"""The admin of commitment lines, with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.admin.filters import StaleFilter
from commitments.models import Commitment


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["id", "reseller", "provider", "side", "kpi", "target", "unit", "status", "attainment", "period_end"]
    list_filter = ["status", "side", "kpi", StaleFilter]
    search_fields = ["reseller__name", "provider__name", "custom_kpi", "note"]
    list_select_related = ["reseller", "provider"]
    date_hierarchy = "period_end"
    raw_id_fields = ["proposed_by"]
    autocomplete_fields = ["reseller", "provider"]
