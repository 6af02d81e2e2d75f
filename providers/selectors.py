"""Reads about organisations and the provider directory."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from assessments.models import ProviderAggregate, Questionnaire, QuestionnaireKind, QuestionnaireStatus
from assessments.policies import can_see_provider_aggregate
from providers.models import Organisation, OrganisationKind, Tag


@dataclass(frozen=True)
class VisibleAggregate:
    submitted_count: int
    visible: bool
    mean_overall: object = None
    median_overall: object = None
    area_means: dict | None = None
    stale: bool = False
    computed_at: object = None
    needed: int = 0  # more submitted scorecards needed before it may be shown


def _current_scorecard_questionnaire_id() -> int | None:
    return (
        Questionnaire.objects.filter(kind=QuestionnaireKind.PROVIDER_SCORECARD, status=QuestionnaireStatus.PUBLISHED)
        .values_list("id", flat=True)
        .first()
    )


def provider_queryset(questionnaire_id: int | None) -> QuerySet[Organisation]:
    aggregates = ProviderAggregate.objects.filter(questionnaire_id=questionnaire_id)
    return (
        Organisation.objects.filter(kind=OrganisationKind.PROVIDER)
        .select_related("provider_profile")
        .prefetch_related(
            Prefetch("provider_profile__tags", queryset=Tag.objects.order_by("kind", "name")),
            Prefetch("aggregates", queryset=aggregates, to_attr="current_aggregates"),
        )
        .order_by("name")
    )


def aggregate_for_user(user, provider: Organisation) -> VisibleAggregate:
    """The provider's aggregate as this user may see it (hidden below the threshold)."""
    minimum = settings.AGGREGATE_MIN_SCORECARDS
    rows = getattr(provider, "current_aggregates", None) or []
    agg = rows[0] if rows else None
    count = agg.submitted_count if agg else 0
    if agg is None or not can_see_provider_aggregate(user, count, minimum):
        return VisibleAggregate(submitted_count=count, visible=False, needed=max(0, minimum - count))
    return VisibleAggregate(
        submitted_count=count,
        visible=True,
        mean_overall=agg.mean_overall,
        median_overall=agg.median_overall,
        area_means=agg.area_means,
        stale=agg.is_stale,
        computed_at=agg.computed_at,
    )


def provider_list_for_user(user) -> list[Organisation]:
    """Every provider, each with `.aggregate` set to what this user may see. Four queries in all."""
    providers = list(provider_queryset(_current_scorecard_questionnaire_id()))
    for provider in providers:
        provider.aggregate = aggregate_for_user(user, provider)
    return providers


def provider_get(user, slug: str) -> Organisation:
    """One provider by slug, with `.aggregate`; any signed-in user may read the directory."""
    provider = provider_queryset(_current_scorecard_questionnaire_id()).filter(slug=slug).first()
    if provider is None:
        raise Http404("No such provider.")
    provider.aggregate = aggregate_for_user(user, provider)
    return provider


def tags_of(provider: Organisation, kind: str) -> list[Tag]:
    profile = getattr(provider, "provider_profile", None)
    if profile is None:
        return []
    return [t for t in profile.tags.all() if t.kind == kind]
