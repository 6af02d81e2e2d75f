"""Reads about organisations, the provider directory and the provider profile."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from assessments.disclosure import DisclosedAggregate, disclose_aggregate
from assessments.models import (
    AreaKey,
    ProviderAggregate,
    Questionnaire,
    Scorecard,
    ScorecardStatus,
)
from assessments.policies import can_start_scorecard
from assessments.scoring import quantize
from assessments.selectors import MarketMedian, current_bands, market_median
from cspeval.errors import NotFound
from providers.filters import ProviderFilter
from providers.models import Organisation, OrganisationKind, Tag
from providers.policies import user_context


def _current_scorecard_questionnaire_id() -> int | None:
    return Questionnaire.objects.published().values_list("id", flat=True).first()


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


def aggregate_for_user(user, provider: Organisation) -> DisclosedAggregate:
    """The provider's aggregate as this user may see it (the disclosure rule, figure by figure)."""
    rows = getattr(provider, "current_aggregates", None) or []
    return disclose_aggregate(user, rows[0] if rows else None)


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
        raise NotFound("No such provider.")
    provider.aggregate = aggregate_for_user(user, provider)
    return provider


def tags_of(provider: Organisation, kind: str) -> list[Tag]:
    profile = getattr(provider, "provider_profile", None)
    if profile is None:
        return []
    return [t for t in profile.tags.all() if t.kind == kind]


TAG_GROUPS = [(Tag.Kind.REGION, "Regions"), (Tag.Kind.PRODUCT, "Products"), (Tag.Kind.PROGRAMME, "Programmes")]


def tag_groups_of(provider: Organisation) -> list[tuple[str, list[Tag]]]:
    """(heading, tags) per kind that the provider has a tag of, in the directory's order."""
    groups = [(heading, tags_of(provider, kind)) for kind, heading in TAG_GROUPS]
    return [(heading, tags) for heading, tags in groups if tags]


# --- The directory ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderDirectory:
    providers: list[Organisation]  # each with `.aggregate` and `.tag_groups`
    filterset: ProviderFilter
    bands: tuple
    min_reviews: int


def _sort_key(sort: str):
    if sort == "score":
        # what this user may see, highest first; hidden (or empty) aggregates last
        def key(p):
            shown = p.aggregate.visible and p.aggregate.mean_overall is not None
            return (not shown, -(p.aggregate.mean_overall or 0), p.name.casefold())

        return key
    if sort == "reviews":
        return lambda p: (-p.aggregate.submitted_count, p.name.casefold())
    return lambda p: p.name.casefold()


def provider_directory_for_user(user, params) -> ProviderDirectory:
    """The directory as filtered, searched and sorted by `params` (a QueryDict).

    Queries, however many providers and tags: the current questionnaire's id, the tags in use
    (the form's choices), the providers with their profiles, their tags, their aggregates, the
    user's memberships (the aggregate rule) and the standings: seven.
    """
    tags = list(Tag.objects.filter(providers__isnull=False).distinct().order_by("kind", "name"))
    filterset = ProviderFilter(params, tags=tags, queryset=provider_queryset(_current_scorecard_questionnaire_id()))
    providers = list(filterset.qs)
    for provider in providers:
        provider.aggregate = aggregate_for_user(user, provider)
        provider.tag_groups = tag_groups_of(provider)
    providers.sort(key=_sort_key(filterset.sort_value))
    return ProviderDirectory(
        providers=providers,
        filterset=filterset,
        bands=current_bands(),
        min_reviews=settings.AGGREGATE_MIN_SCORECARDS,
    )


# --- The profile ------------------------------------------------------------------------------


def open_scorecard_for(user, provider: Organisation) -> Scorecard | None:
    """The draft of this provider that the user's reseller has open on the current questionnaire.

    One query for a reseller member, none for anybody else (only members may continue a draft).
    """
    reseller = user_context(user).member_reseller
    if reseller is None:
        return None
    return (
        Scorecard.objects.filter(
            reseller=reseller,
            provider=provider,
            status=ScorecardStatus.DRAFT,
            questionnaire__in=Questionnaire.objects.published(),
        )
        .order_by("-updated_at", "-id")
        .first()
    )


def last_submitted_scorecard_for(user, provider: Organisation) -> Scorecard | None:
    """The latest scorecard of this provider that one of the user's resellers submitted: one query
    for reseller staff (members and viewers alike may read it), none for anybody else."""
    reseller_ids = user_context(user).reseller_ids
    if not reseller_ids:
        return None
    return Scorecard.objects.filter(reseller_id__in=reseller_ids, provider=provider).submitted().latest_first().first()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class AreaRow:
    key: str
    title: str
    score: Decimal | None
    median: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        return None if self.score is None or self.median is None else self.score - self.median

    @property
    def gap(self) -> Decimal | None:
        return None if self.difference is None else abs(self.difference)


@dataclass(frozen=True)
class OwnStanding:
    """What the provider's own staff see of themselves against the market."""

    visible: bool
    needed: int
    market: MarketMedian | None = None
    rows: list[AreaRow] = field(default_factory=list)
    overall_row: AreaRow | None = None


@dataclass(frozen=True)
class ProviderPage:
    provider: Organisation  # with `.aggregate` and `.tag_groups`
    profile: object  # its ProviderProfile, or None
    margin_points: str | None  # the typical margin for people: 2.50 -> "2.5"
    bands: tuple
    min_reviews: int
    area_rows: list[AreaRow]  # the aggregate per area, when this user may see it
    chart: dict | None  # the radar chart's data (the same figures as `area_rows`)
    can_start: bool
    draft: Scorecard | None
    last_submitted: Scorecard | None
    own: OwnStanding | None  # only for the provider's own staff


def _area_scores(agg: DisclosedAggregate) -> dict[str, Decimal | None]:
    return {key: agg.area_means.get(key) for key in AreaKey.values}


def _own_standing(agg: DisclosedAggregate) -> OwnStanding:
    if not agg.visible:
        return OwnStanding(visible=False, needed=agg.needed)
    market = market_median()
    scores = _area_scores(agg)
    rows = [AreaRow(key, label, scores[key], market.areas.get(key)) for key, label in AreaKey.choices]
    overall = AreaRow("overall", "Overall", _decimal(agg.mean_overall), market.overall)
    return OwnStanding(visible=True, needed=0, market=market, rows=rows, overall_row=overall)


def provider_page_for_user(user, slug: str) -> ProviderPage:
    """The provider's profile as this user may see it; 404 for an unknown slug.

    Queries: those of `provider_get` (the questionnaire's id, the provider with its profile, its
    tags, its aggregates, the user's memberships) and the standings; then the draft and the last
    submitted scorecard for reseller staff, or the market median for the provider's own staff
    when its aggregate may be shown.
    """
    provider = provider_get(user, slug)
    provider.tag_groups = tag_groups_of(provider)
    profile = getattr(provider, "provider_profile", None)
    agg = provider.aggregate
    scores = _area_scores(agg) if agg.visible else {}
    area_rows = [AreaRow(key, label, scores[key]) for key, label in AreaKey.choices] if agg.visible else []
    chart = None
    if any(row.score is not None for row in area_rows):
        chart = {
            "label": f"{provider.name}: mean of {agg.submitted_count} reviews",
            "labels": [row.title for row in area_rows],
            "values": [None if row.score is None else float(quantize(row.score, 2)) for row in area_rows],
        }
    can_start = can_start_scorecard(user)
    own = _own_standing(agg) if user_context(user).belongs_to(provider.id) else None
    return ProviderPage(
        provider=provider,
        profile=profile,
        margin_points=_plain(profile.typical_margin_points) if profile else None,
        bands=current_bands(),
        min_reviews=settings.AGGREGATE_MIN_SCORECARDS,
        area_rows=area_rows,
        chart=chart,
        can_start=can_start,
        draft=open_scorecard_for(user, provider) if can_start else None,
        last_submitted=last_submitted_scorecard_for(user, provider),
        own=own,
    )
