"""Reads for the comparison page: stored aggregates and the reseller's own reviews, side by side.

Nothing is recomputed from answers here: the page reads the stored ProviderAggregate rows (shown
under the directory's rule, `aggregate_for_user`) and the reseller's latest submitted scorecard
of each provider, and re-weighs their area scores with the reseller's area weights:
overall = Σ W·area / Σ W over the areas a provider has a score in (the engine's rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, Subquery

from assessments.disclosure import DisclosedAggregate
from assessments.models import Area, ProviderAggregate, Questionnaire, Scorecard, ScorecardAreaScore
from assessments.scoring import SensitivityResult, quantize, sensitivity
from compare.models import WeightProfile
from compare.policies import compare_reseller
from compare.weights import (
    WEIGHT_FIELD,
    default_weights,
    profile_weights,
    weights_clean,
    weights_from,
)
from providers.models import Organisation, OrganisationKind
from providers.selectors import aggregate_for_user

MIN_PROVIDERS, MAX_PROVIDERS = 2, 4


class ComparisonProblem(ValueError):
    """The chosen providers cannot be compared; the message is fit to show the user."""


# --- Shapes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRow:
    key: str
    title: str
    weight: Decimal
    share: Decimal  # of the total weight, 0..1

    @property
    def field(self) -> str:
        return WEIGHT_FIELD.format(self.key)

    @property
    def weight_text(self) -> str:
        """The weight as typed: 30, 12.5 (no trailing zeros, no exponent)."""
        return plain(self.weight)

    @property
    def share_text(self) -> str:
        return percent(self.share)


@dataclass(frozen=True)
class OwnReview:
    scorecard_id: int
    overall: Decimal | None  # stored, with the portal's weights
    area_scores: dict[str, Decimal | None]
    submitted_at: object
    computed_at: object
    stale: bool


@dataclass
class Column:
    provider: Organisation
    aggregate: DisclosedAggregate
    review: OwnReview | None
    basis: str  # "all" (everyone's reviews), "yours" (your review only) or "" (nothing to show)
    scores: dict[str, Decimal | None]  # the area scores the ranking uses
    overall: Decimal | None = None  # with the weights in force
    review_overall: Decimal | None = None  # your review, with the weights in force
    rank: int | None = None
    joint: bool = False

    @property
    def portal_overall(self) -> Decimal | None:
        """The stored overall with the portal's weights: the mean of all reviews, else yours."""
        if self.basis == "all":
            return self.aggregate.mean_overall
        return self.review.overall if self.review else None

    @property
    def freshness(self) -> tuple[object, bool] | None:
        """(computed_at, stale) of the scores the column shows."""
        if self.basis == "all":
            return self.aggregate.computed_at, self.aggregate.stale
        return (self.review.computed_at, self.review.stale) if self.basis == "yours" else None

    @property
    def rank_label(self) -> str:
        if self.rank is None:
            return "Not ranked"
        return f"Joint {ordinal(self.rank)}" if self.joint else ordinal(self.rank)


@dataclass(frozen=True)
class SensitivityLine:
    area_key: str
    text: str


@dataclass
class Comparison:
    areas: list[AreaRow]
    weights: dict[str, Decimal]
    columns: list[Column]
    ranking: list[Column] = field(default_factory=list)
    sensitivity: list[SensitivityLine] = field(default_factory=list)

    @property
    def slugs(self) -> list[str]:
        return [c.provider.slug for c in self.columns]

    def chart_data(self) -> dict:
        """What compare.js needs to re-rank and redraw as the sliders move."""
        return {
            "areas": [{"key": a.key, "title": a.title} for a in self.areas],
            "weights": {key: float(w) for key, w in self.weights.items()},
            "providers": [
                {
                    "slug": c.provider.slug,
                    "name": c.provider.name,
                    "basis": c.basis,
                    "scores": _floats(c.scores),
                    "review": _floats(c.review.area_scores) if c.review and c.basis == "all" else None,
                }
                for c in self.columns
            ],
        }


# --- Small helpers -----------------------------------------------------------------------------


def _floats(scores: Mapping[str, Decimal | None]) -> dict[str, float | None]:
    return {key: None if s is None else float(s) for key, s in scores.items()}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(share: Decimal | Fraction) -> str:
    """A share of 0..1 as an en-GB percentage to at most one decimal place: 0.2857 -> '28.6%'."""
    text = f"{quantize(Fraction(share) * 100, 1):f}".removesuffix(".0")
    return f"{text}%"


def _decimal(value) -> Decimal | None:
    """An area mean as stored ("72.5"); None for none (or anything that is not a number)."""
    try:
        return None if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        return None


def weighted_overall(weights: Mapping[str, Decimal], scores: Mapping[str, Decimal | None]) -> Fraction | None:
    """Σ W·s / Σ W over the areas of positive weight that have a score; None when there are none."""
    pairs = [(Fraction(weights[k]), Fraction(s)) for k, s in scores.items() if s is not None and weights.get(k)]
    total = sum(w for w, _ in pairs)
    return sum(w * s for w, s in pairs) / total if total else None


# --- Reads ------------------------------------------------------------------------------------


def provider_choices() -> list[Organisation]:
    """Every provider, by name, for the picker (one query)."""
    return list(Organisation.objects.filter(kind=OrganisationKind.PROVIDER).only("id", "name", "slug", "kind"))


def weight_profile_for(reseller: Organisation | None) -> WeightProfile | None:
    if reseller is None:
        return None
    return WeightProfile.objects.filter(organisation=reseller).first()


def parse_slugs(values: Sequence[str]) -> list[str]:
    """`?providers=a,b` or `?providers=a&providers=b` as a list of slugs, in order, without repeats."""
    slugs: list[str] = []
    for value in values:
        for slug in value.split(","):
            slug = slug.strip().lower()
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


def resolve_providers(slugs: Sequence[str], providers: Sequence[Organisation]) -> list[Organisation]:
    """The chosen providers in the order given; ComparisonProblem when they can't be compared."""
    by_slug = {p.slug: p for p in providers}
    unknown = [s for s in slugs if s not in by_slug]
    if unknown:
        names = ", ".join(f"“{s[:60]}”" for s in unknown[:4])
        raise ComparisonProblem(f"There is no provider {names} in the directory. Choose again from the list.")
    if len(slugs) < MIN_PROVIDERS:
        raise ComparisonProblem(f"Choose at least {MIN_PROVIDERS} providers to compare (you chose {len(slugs)}).")
    if len(slugs) > MAX_PROVIDERS:
        raise ComparisonProblem(f"Choose at most {MAX_PROVIDERS} providers to compare (you chose {len(slugs)}).")
    return [by_slug[s] for s in slugs]


def _aggregates(questionnaire_id: int, provider_ids: list[int]) -> dict[int, ProviderAggregate]:
    rows = ProviderAggregate.objects.filter(questionnaire_id=questionnaire_id, provider_id__in=provider_ids)
    return {row.provider_id: row for row in rows}


def _own_reviews(reseller: Organisation | None, provider_ids: list[int]) -> dict[int, OwnReview]:
    """The reseller's latest submitted scorecard of each provider, with its area scores (two queries)."""
    if reseller is None:
        return {}
    submitted = Scorecard.objects.filter(reseller_id=reseller.pk).submitted()
    latest = submitted.filter(provider_id=OuterRef("provider_id")).latest_first().values("pk")[:1]
    scorecards = (
        submitted.filter(provider_id__in=provider_ids, pk=Subquery(latest))
        .select_related("questionnaire")
        .prefetch_related(Prefetch("area_scores", queryset=ScorecardAreaScore.objects.select_related("area")))
    )
    return {
        sc.provider_id: OwnReview(
            scorecard_id=sc.pk,
            overall=sc.overall,
            area_scores={row.area.key: row.score for row in sc.area_scores.all()},
            submitted_at=sc.submitted_at,
            computed_at=sc.computed_at,
            stale=sc.is_stale,
        )
        for sc in scorecards
    }


def _column(user, provider: Organisation, agg: ProviderAggregate | None, review: OwnReview | None, keys) -> Column:
    provider.current_aggregates = [agg] if agg else []  # the shape aggregate_for_user reads
    aggregate = aggregate_for_user(user, provider)
    if aggregate.visible:
        means = aggregate.area_means or {}
        basis, scores = "all", {key: _decimal(means.get(key)) for key in keys}
    elif review is not None:
        basis, scores = "yours", {key: review.area_scores.get(key) for key in keys}
    else:
        basis, scores = "", dict.fromkeys(keys)
    return Column(provider=provider, aggregate=aggregate, review=review, basis=basis, scores=scores)


def _rank(columns: list[Column], weights: Mapping[str, Decimal]) -> list[Column]:
    """Set each column's overall and rank (ties share a rank); the ranked columns, best first."""
    exact = {}
    for column in columns:
        overall = weighted_overall(weights, column.scores)
        column.overall = quantize(overall) if overall is not None else None
        if column.review:
            mine = weighted_overall(weights, column.review.area_scores)
            column.review_overall = quantize(mine) if mine is not None else None
        if overall is not None:
            exact[column.provider.slug] = overall
    # The order of the sensitivity engine: best first, then by name.
    ranked = sorted(
        (c for c in columns if c.provider.slug in exact), key=lambda c: (-exact[c.provider.slug], c.provider.name)
    )
    for column in ranked:
        same = [j for j, other in enumerate(ranked) if exact[other.provider.slug] == exact[column.provider.slug]]
        column.rank, column.joint = same[0] + 1, len(same) > 1
    return ranked


def sensitivity_lines(areas: list[AreaRow], ranked: list[Column]) -> list[SensitivityLine]:
    """In words, per area: the shares within which the ranking holds, and who overtakes whom outside."""
    if len(ranked) < 2:
        return []
    weights = {a.key: a.weight for a in areas}
    results: dict[str, SensitivityResult] = {
        r.area_key: r for r in sensitivity(weights, {c.provider.name: c.scores for c in ranked})
    }
    lines = []
    for area in areas:
        result = results.get(area.key)
        if result is None:
            text = f"{area.title} has no weight now, so it does not count towards the ranking."
            lines.append(SensitivityLine(area.key, text))
            continue
        now, low, high = percent(result.current_share), percent(result.min_share), percent(result.max_share)
        if result.swap_above is None and result.swap_below is None:
            lines.append(SensitivityLine(area.key, f"{area.title} at {now}: the ranking holds at any weight."))
            continue
        if result.min_share == result.max_share:
            parts = [f"{area.title} at {now}: the ranking holds only at exactly this weight"]
        else:
            parts = [f"{area.title} at {now}: the ranking holds from {low} to {high}"]
        if result.swap_above:
            parts.append(f"above {high} {result.swap_above[0]} overtakes {result.swap_above[1]}")
        if result.swap_below:
            parts.append(f"below {low} {result.swap_below[0]} overtakes {result.swap_below[1]}")
        lines.append(SensitivityLine(area.key, "; ".join(parts) + "."))
    return lines


def area_rows(areas: Sequence[Area], weights: Mapping[str, Decimal]) -> list[AreaRow]:
    total = sum(weights.values())
    return [
        AreaRow(
            key=a.key,
            title=a.title,
            weight=weights[a.key],
            share=quantize(Fraction(weights[a.key]) / Fraction(total)) if total else Decimal(0),
        )
        for a in areas
    ]


def comparison_for_user(
    user,
    slugs: Sequence[str],
    weights: Mapping[str, Decimal] | None = None,
    *,
    areas: Sequence[Area] | None = None,
    providers: Sequence[Organisation] | None = None,
    reseller: Organisation | None = None,
) -> Comparison:
    """The chosen providers side by side, ranked with `weights` (default: the reseller's saved ones,
    else the admin's); ComparisonProblem for fewer than 2, more than 4 or unknown providers.
    Queries: aggregates, own scorecards, their area scores (+ what the caller did not pass in)."""
    reseller = reseller or compare_reseller(user)
    areas = list(areas) if areas is not None else current_scorecard_areas()
    if not areas:
        raise ComparisonProblem("No scorecard questionnaire is published yet, so there is nothing to compare.")
    if weights is None:
        weights = profile_weights(weight_profile_for(reseller), areas) or default_weights(areas)
    chosen = resolve_providers(slugs, providers if providers is not None else provider_choices())
    ids = [p.pk for p in chosen]
    aggregates = _aggregates(areas[0].questionnaire_id, ids)
    reviews = _own_reviews(reseller, ids)
    keys = [a.key for a in areas]
    columns = [_column(user, p, aggregates.get(p.pk), reviews.get(p.pk), keys) for p in chosen]
    rows = area_rows(areas, weights)
    ranked = _rank(columns, weights)
    return Comparison(
        areas=rows, weights=dict(weights), columns=columns, ranking=ranked, sensitivity=sensitivity_lines(rows, ranked)
    )


# --- The whole page ---------------------------------------------------------------------------


@dataclass
class ComparePage:
    providers: list[Organisation]  # every provider, for the picker
    chosen: list[str]  # the slugs asked for
    weight_source: str  # "query" (this view), "saved" (the organisation's) or "default" (the admin's)
    weights: dict[str, Decimal] = field(default_factory=dict)
    saved_weights: dict[str, Decimal] | None = None
    default_weights: dict[str, Decimal] = field(default_factory=dict)
    weight_errors: dict[str, list[str]] = field(default_factory=dict)
    problem: str = ""
    areas: list[AreaRow] = field(default_factory=list)
    comparison: Comparison | None = None


def compare_page_for_user(user, params) -> ComparePage:
    """Everything /compare/ shows for a query (`providers`, `weight_<key>`), in a fixed number of
    queries: areas, weight profile, providers, aggregates, own scorecards (+ their area scores)."""
    reseller = compare_reseller(user)
    areas = current_scorecard_areas()
    saved = profile_weights(weight_profile_for(reseller), areas)
    defaults = default_weights(areas)
    page = ComparePage(
        providers=provider_choices(),
        chosen=parse_slugs(params.getlist("providers")),
        weight_source="saved" if saved else "default",
        weights=saved or defaults,
        saved_weights=saved,
        default_weights=defaults,
    )
    raw = weights_from(params, areas)
    if raw is not None:
        try:
            page.weights, page.weight_source = weights_clean(areas, raw), "query"
        except ValidationError as exc:
            page.weight_errors = exc.message_dict
    if not areas:
        page.problem = "No scorecard questionnaire is published yet, so there is nothing to compare."
        return page
    page.areas = area_rows(areas, page.weights)
    if page.chosen:
        try:
            page.comparison = comparison_for_user(
                user, page.chosen, page.weights, areas=areas, providers=page.providers, reseller=reseller
            )
        except ComparisonProblem as problem:
            page.problem = str(problem)
    return page


def current_scorecard_areas() -> list[Area]:
    """The areas of the published provider-scorecard questionnaire, in order (one query)."""
    return list(Area.objects.filter(questionnaire__in=Questionnaire.objects.published()).order_by("order", "id"))
