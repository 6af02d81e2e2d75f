from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from providers.models import Membership, Organisation, ProviderProfile, ResellerProfile, Tag


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind", "user__is_active"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ProviderProfile)
class ProviderProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "headquarters", "typical_margin_points"]
    list_filter = ["tags"]
    search_fields = ["organisation__name", "headquarters"]
    list_select_related = ["organisation"]
    filter_horizontal = ["tags"]


@admin.register(ResellerProfile)
class ResellerProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "monthly_spend", "seat_count"]
    list_filter = ["tags"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["tags"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]
