"""What a provider may learn of resellers' reviews: the one rule, in one place.

Resellers are candid because of these rules; every provider-facing selector, page, API payload,
chart, export and notice goes through this module, and nothing else decides them:

- A provider scorecard (its answers, comments, evidence and score) reaches its provider only when
  it is submitted and shared with that provider; a draft never, whatever its flag says.
- A readiness self-assessment reaches a provider only when it is submitted and shared with that
  provider; of the replies to it, each provider sees only its own.
- An aggregate figure (a mean, a median, a quarter of a trend, an area, a single question) is
  shown only when it rests on at least `AGGREGATE_MIN_SCORECARDS` distinct resellers' latest
  submitted scorecards, the threshold applied to each figure on its own. Portal staff see every
  figure (they keep the threshold honest); nobody else does, resellers included.
- A partnership score, as its provider sees it: the provider half only when the scorecard behind
  it is shared with it, the readiness part only when that readiness is shared with it, and the
  reseller half and the combination only when every part they rest on is shown (each could
  otherwise be worked back to a hidden part); "not shared" stands in the place of each hidden
  one whether or not it holds a figure; the delivery part, which both sides record, stays.

The functions here run no query: selectors load what they need (`scorecards_shown_to_providers_q`
is the same rule as a filter) and pass it in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from assessments.models import ProviderAggregate, ScorecardStatus
from providers.policies import user_context


def minimum_resellers() -> int:
    """How many distinct resellers an aggregate figure must rest on before anybody sees it."""
    return settings.AGGREGATE_MIN_SCORECARDS


def _is_staff(user) -> bool:
    """Portal staff see every figure; `user` None stands for anybody at all (a figure built for
    everyone, such as the market median)."""
    return user is not None and user_context(user).is_admin


# --- Individual reviews -----------------------------------------------------------------------


def scorecards_shown_to_providers_q(provider_ids) -> Q:
    """Scorecards these providers may read: submitted ones shared with them (a provider
    scorecard of theirs with its flag set, or a readiness shared with them)."""
    provider_ids = list(provider_ids)
    if not provider_ids:
        return Q(pk__in=[])
    shared = Q(provider_id__in=provider_ids, shared_with_provider=True) | Q(
        provider__isnull=True, shared_with__in=provider_ids
    )
    return Q(status=ScorecardStatus.SUBMITTED) & shared


def scorecard_shown_to_provider(scorecard, provider_id: int, *, readiness_shared_with=()) -> bool:
    """Does this provider see this scorecard? `readiness_shared_with`: the providers a readiness
    is shared with (ids), loaded by the caller."""
    if scorecard.status != ScorecardStatus.SUBMITTED:
        return False
    if scorecard.provider_id is None:
        return provider_id in set(readiness_shared_with)
    return scorecard.provider_id == provider_id and scorecard.shared_with_provider


def replies_shown(user, scorecard, replies) -> list:
    """The replies to a scorecard this user may read: all of them for the reseller that wrote it
    (and portal staff), otherwise only the replies of the user's own providers."""
    ctx = user_context(user)
    if ctx.is_admin or ctx.belongs_to(scorecard.reseller_id):
        return list(replies)
    return [reply for reply in replies if reply.provider_id in ctx.provider_ids]


# --- Aggregates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendQuarter:
    quarter: str
    resellers: int
    mean: Decimal | None  # None when fewer resellers than the threshold stand behind it


@dataclass(frozen=True)
class DisclosedAggregate:
    """A provider's aggregate with only the figures this user may see; hidden ones are None or
    left out of the mappings."""

    submitted_count: int  # distinct resellers with a submitted scorecard of the provider
    visible: bool  # the overall figures (mean, median) are shown
    mean_overall: Decimal | None = None
    median_overall: Decimal | None = None
    area_means: dict[str, Decimal] = field(default_factory=dict)
    question_means: dict[int, Decimal] = field(default_factory=dict)
    trend: tuple[TrendQuarter, ...] = ()
    stale: bool = False
    computed_at: datetime | None = None
    needed: int = 0  # more resellers needed before the overall figures may be shown

    @property
    def withheld(self) -> bool:
        """Shown only because the viewer is portal staff: below the threshold for everyone else."""
        return self.visible and self.submitted_count < minimum_resellers()


def disclose_aggregate(user, aggregate: ProviderAggregate | None) -> DisclosedAggregate:
    """The figures of a provider's aggregate this user may see (None: anybody), each shown only
    when it rests on `minimum_resellers()` distinct resellers (portal staff see them all)."""
    minimum = minimum_resellers()
    staff = _is_staff(user)  # asked once whatever the figures, so a page's queries do not depend on them
    if aggregate is None:
        return DisclosedAggregate(submitted_count=0, visible=False, needed=minimum)

    def shown(resellers: int) -> bool:
        return staff or resellers >= minimum

    count = aggregate.submitted_count
    overall = shown(aggregate.overall_count) and aggregate.mean_overall is not None
    area_counts = aggregate.area_counts or {}
    question_counts = aggregate.question_counts or {}
    return DisclosedAggregate(
        submitted_count=count,
        visible=overall,
        mean_overall=aggregate.mean_overall if overall else None,
        median_overall=aggregate.median_overall if overall else None,
        area_means={
            key: Decimal(value) for key, value in (aggregate.area_means or {}).items() if shown(area_counts.get(key, 0))
        },
        question_means={
            int(key): Decimal(value)
            for key, value in (aggregate.question_means or {}).items()
            if shown(question_counts.get(key, 0))
        },
        trend=tuple(
            TrendQuarter(
                quarter=quarter,
                resellers=row["count"],
                mean=Decimal(row["mean"]) if shown(row["count"]) else None,
            )
            for quarter, row in sorted((aggregate.trend or {}).items())
        ),
        stale=aggregate.is_stale,
        computed_at=aggregate.computed_at,
        needed=max(0, minimum - count),
    )


# --- Partnership scores -----------------------------------------------------------------------

NOT_SHARED = "not shared"


@dataclass(frozen=True)
class PartnershipView:
    """A partnership score as one viewer may see it: each figure a Decimal, None (nothing to
    measure yet) or NOT_SHARED (there is a figure, and it was not shared with this viewer)."""

    reseller: object
    provider: object
    provider_side: Decimal | str | None
    readiness: Decimal | str | None
    delivery: Decimal | None
    reseller_side: Decimal | str | None
    combined: Decimal | str | None
    stale: bool
    computed_at: datetime | None

    @property
    def withholds(self) -> bool:
        return NOT_SHARED in (self.provider_side, self.readiness, self.reseller_side, self.combined)


def partnership_for_viewer(user, partnership, *, readiness_shared_with=()) -> PartnershipView:
    """The pair's score as this user sees it. The reseller's own staff (and portal staff) see every
    part; the provider's staff see what the rule above allows. `partnership.scorecard` must be
    loaded (select_related); `readiness_shared_with`: the providers the pair's readiness is
    shared with (ids)."""
    ctx = user_context(user)
    full = ctx.is_admin or ctx.belongs_to(partnership.reseller_id)
    scorecard_shown = full or (
        partnership.scorecard is not None
        and scorecard_shown_to_provider(partnership.scorecard, partnership.provider_id)
    )
    readiness_shown = full or partnership.provider_id in set(readiness_shared_with)

    def part(value, shown):
        # Not shared stands in whether or not there is a figure: a dash for a missing one would tell
        # the provider that a review exists, or that an unshared readiness has no score.
        return value if shown else NOT_SHARED

    provider_side = part(partnership.provider_side, scorecard_shown)
    readiness = part(partnership.readiness_score, readiness_shown)
    # The reseller half is the mean of the readiness and delivery parts, and the combination rests
    # on both halves: either would give a hidden part away, so each needs all of its parts shown.
    reseller_side = part(partnership.reseller_side, readiness_shown)
    combined = part(partnership.combined, scorecard_shown and readiness_shown)
    return PartnershipView(
        reseller=partnership.reseller,
        provider=partnership.provider,
        provider_side=provider_side,
        readiness=readiness,
        delivery=partnership.delivery,
        reseller_side=reseller_side,
        combined=combined,
        stale=partnership.is_stale,
        computed_at=partnership.computed_at,
    )
