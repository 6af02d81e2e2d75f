"""The admin of scorecards, standings and the portal settings.

Standings are edited on the standings page (/weights/standings/), where the whole band set is
validated at once; here they are read-only, with their history and a link to that page.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.admin.filters import StaleFilter
from assessments.models import PortalSettings, Scorecard, Standing
from assessments.services.questionnaires import portal_settings_set


@admin.register(Standing)
class StandingAdmin(SimpleHistoryAdmin):
    """Read-only: a band can't be checked alone (no gaps, no overlaps), so the standings page edits the set."""

    list_display = ["name", "lower", "upper", "colour"]
    change_list_template = "admin/assessments/standing/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PortalSettings)
class PortalSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "partnership_provider_share"]
    fields = ["partnership_provider_share"]

    def has_add_permission(self, request):
        return not PortalSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the service: every partnership score is marked and recomputed with the new share.
        portal_settings_set(
            user=request.user, partnership_provider_share=form.cleaned_data["partnership_provider_share"]
        )
        saved = PortalSettings.objects.get(pk=1)
        obj.pk, obj.partnership_provider_share = saved.pk, saved.partnership_provider_share


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "reseller",
        "provider",
        "questionnaire",
        "status",
        "overall",
        "completeness",
        "submitted_at",
        "dirty_since",
    ]
    list_filter = ["status", "questionnaire__kind", "questionnaire__status", "shared_with_provider", StaleFilter]
    search_fields = ["reseller__name", "provider__name"]
    list_select_related = ["reseller", "provider", "questionnaire"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "overall",
        "completeness",
        "evidence_share",
        "data_version",
        "computed_version",
        "dirty_since",
        "computed_at",
        "computed_weights_revision",
    ]
    raw_id_fields = ["based_on", "created_by", "submitted_by"]
    autocomplete_fields = ["reseller", "provider"]
