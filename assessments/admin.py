from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import (
    Area,
    Commitment,
    PortalSettings,
    Question,
    Questionnaire,
    QuestionOption,
    Scorecard,
    Standing,
)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["order", "key", "title", "weight"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "version", "status", "weights_revision", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    inlines = [AreaInline]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "text", "help_text", "kind", "weight", "evidence_expected", "reverse", "low", "high",
              "direction", "unit"]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["title", "questionnaire", "key", "weight", "order"]
    list_filter = ["questionnaire__kind", "questionnaire__status", "key"]
    list_select_related = ["questionnaire"]
    inlines = [QuestionInline]


class OptionInline(admin.TabularInline):
    model = QuestionOption
    extra = 0


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "area", "kind", "weight", "order", "evidence_expected"]
    list_filter = ["area__questionnaire__kind", "area__key", "kind", "evidence_expected"]
    search_fields = ["text"]
    list_select_related = ["area", "area__questionnaire"]
    inlines = [OptionInline]


@admin.register(Standing)
class StandingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "lower", "upper", "colour"]


@admin.register(PortalSettings)
class PortalSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "partnership_provider_share"]


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ["id", "reseller", "provider", "questionnaire", "status", "overall", "completeness", "dirty_since"]
    list_filter = ["status", "questionnaire__kind", "shared_with_provider"]
    search_fields = ["reseller__name", "provider__name"]
    list_select_related = ["reseller", "provider", "questionnaire"]
    readonly_fields = ["overall", "completeness", "evidence_share", "data_version", "computed_version",
                       "dirty_since", "computed_at", "computed_weights_revision"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["id", "reseller", "provider", "side", "kpi", "target", "unit", "status", "attainment"]
    list_filter = ["status", "side", "kpi"]
    search_fields = ["reseller__name", "provider__name", "custom_kpi"]
    list_select_related = ["reseller", "provider"]
