"""Marking: what every writer calls inside its own transaction (services, admin, demo, seeding).

A figure is stale from the same commit as the change it derives from, to the last derived score:
a scorecard's mark carries to the provider aggregate and the partnership scores its submitted
version feeds, a commitment's to its pair's partnership score. The jobs that recompute them are
queued by name after commit (`assessments.jobs`). Nothing here computes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from assessments import jobs
from assessments.models import PartnershipScore, ProviderAggregate, Scorecard, ScorecardStatus
from commitments.models import Commitment, CommitmentSide

# an aggregate whose answers may have changed (anything but a weight): its per-question means too
ANSWERS_CHANGED = {"questions_dirty": True}


def mark(rows, *, task: str | None = None, ids: Iterable[int] | None = None, **also) -> int:
    """The one mark: these rows are stale from this commit on (`RecomputableQuerySet.mark_dirty`,
    with `also` set in the same statement), and with `task` each row's job is queued after commit
    (`ids`: the rows' ids when the caller knows them, else they are read first)."""
    if task is not None and ids is None:
        ids = list(rows.values_list("pk", flat=True))
    marked = rows.mark_dirty(**also)
    for pk in ids or ():
        jobs.enqueue_on_commit(task, pk)
    return marked


# --- Scorecards and what they feed ----------------------------------------------------------


def scorecard_mark_dirty(*, scorecard_ids: Iterable[int]) -> None:
    """Mark these scorecards, and whatever their submitted ones feed."""
    ids = list(scorecard_ids)
    if not ids:
        return
    mark(Scorecard.objects.filter(pk__in=ids), task=jobs.SCORECARD, ids=ids)
    fed = Scorecard.objects.filter(pk__in=ids, status=ScorecardStatus.SUBMITTED)
    derived_mark_dirty(feeds=set(fed.values_list("reseller_id", "provider_id", "questionnaire_id")))


def derived_mark_dirty(*, feeds: set[tuple[int, int | None, int]]) -> None:
    """Mark (creating them when new) the provider aggregates and partnership scores that submitted
    scorecards of these (reseller, provider, questionnaire) feed: a provider scorecard its
    provider's aggregate on that questionnaire and its own pair, a readiness (provider None) every
    pair of its reseller. No job is queued: each follows its inputs' recompute (or the sweep)."""
    if not feeds:
        return
    aggregates = {(provider_id, questionnaire_id) for _, provider_id, questionnaire_id in feeds if provider_id}
    pairs = {(reseller_id, provider_id) for reseller_id, provider_id, _ in feeds if provider_id}
    whole = {reseller_id for reseller_id, provider_id, _ in feeds if provider_id is None}
    aggregate_rows_ensure(pairs=aggregates, dirty=True)
    partnership_rows_ensure(pairs=pairs, dirty=True)
    if aggregates:
        by_pair = Q()
        for provider_id, questionnaire_id in aggregates:
            by_pair |= Q(provider_id=provider_id, questionnaire_id=questionnaire_id)
        mark(ProviderAggregate.objects.filter(by_pair), **ANSWERS_CHANGED)
    mark(PartnershipScore.objects.filter(pairs_q(pairs) | Q(reseller_id__in=whole)))


def questionnaire_mark_dirty(*, questionnaire_id: int, weights_only: bool = False) -> int:
    """Mark every scorecard of the questionnaire in one statement, and in the same transaction
    every aggregate and partnership score its submitted scorecards feed (so that a worker lost
    between the fleet's steps leaves marks, never a wrong figure that says it is current); then
    queue one fleet job. `weights_only` (a weight change): the aggregates' per-question means,
    which no weight changes, are kept."""
    scorecards = Scorecard.objects.filter(questionnaire_id=questionnaire_id)
    marked = mark(scorecards)
    submitted = scorecards.filter(status=ScorecardStatus.SUBMITTED)
    providers = submitted.filter(provider__isnull=False).values("provider_id").distinct()
    aggregate_rows_ensure(
        pairs={(provider_id, questionnaire_id) for provider_id in providers.values_list("provider_id", flat=True)},
        dirty=True,
    )
    mark(
        ProviderAggregate.objects.filter(questionnaire_id=questionnaire_id), **({} if weights_only else ANSWERS_CHANGED)
    )
    fed = submitted.filter(reseller_id=OuterRef("reseller_id")).filter(
        Q(provider_id=OuterRef("provider_id")) | Q(provider__isnull=True)
    )
    mark(PartnershipScore.objects.filter(Exists(fed)))
    jobs.enqueue_on_commit(jobs.QUESTIONNAIRE, questionnaire_id)
    return marked


# --- Provider aggregates --------------------------------------------------------------------


def aggregate_rows_ensure(*, pairs, dirty: bool = False) -> None:
    """A row for each (provider, questionnaire) aggregate that has none yet, in one statement (new
    rows marked dirty with `dirty`)."""
    now = timezone.now() if dirty else None
    ProviderAggregate.objects.bulk_create(
        [ProviderAggregate(provider_id=p, questionnaire_id=q, dirty_since=now) for p, q in sorted(set(pairs))],
        ignore_conflicts=True,
    )


def aggregate_mark_dirty(*, provider_id: int, questionnaire_id: int) -> None:
    aggregate, _ = ProviderAggregate.objects.get_or_create(provider_id=provider_id, questionnaire_id=questionnaire_id)
    mark(ProviderAggregate.objects.filter(pk=aggregate.pk), task=jobs.AGGREGATE, ids=[aggregate.pk], **ANSWERS_CHANGED)


# --- Partnership scores ---------------------------------------------------------------------


def pairs_q(pairs) -> Q:
    """The rows of these (reseller, provider) pairs."""
    match = Q(pk__in=[])
    for reseller_id, provider_id in pairs:
        match |= Q(reseller_id=reseller_id, provider_id=provider_id)
    return match


def partnership_rows_ensure(*, pairs, dirty: bool = False) -> None:
    """A row for each (reseller, provider) pair that has none yet, in one statement (new rows
    marked dirty with `dirty`)."""
    now = timezone.now() if dirty else None
    PartnershipScore.objects.bulk_create(
        [PartnershipScore(reseller_id=r, provider_id=p, dirty_since=now) for r, p in sorted(set(pairs))],
        ignore_conflicts=True,
    )


def partnership_mark_dirty(*, reseller_id: int, provider_id: int | None = None) -> None:
    """Mark the pair (or every pair of the reseller, when its readiness changed) and queue their jobs."""
    if provider_id is not None:
        partnerships_mark_dirty(pairs={(reseller_id, provider_id)})
        return
    mark(PartnershipScore.objects.filter(reseller_id=reseller_id), task=jobs.PARTNERSHIP)


def partnerships_mark_dirty(*, pairs) -> None:
    """Mark these (reseller, provider) pairs, their rows created when new, and queue each pair's
    job: three statements whatever the number of pairs."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    partnership_rows_ensure(pairs=pairs)
    mark(PartnershipScore.objects.filter(pairs_q(pairs)), task=jobs.PARTNERSHIP)


def partnerships_mark_all() -> int:
    """Mark every partnership score (the admin changed the balance of its two sides) and queue one
    batch job for all of them. Returns how many were marked."""
    marked = mark(PartnershipScore.objects.all())
    if marked:
        jobs.enqueue_on_commit(jobs.MARKED, 0)
    return marked


# --- Commitments ----------------------------------------------------------------------------


def commitment_mark_dirty(*, commitment: Commitment, **also) -> None:
    """Mark the line (a transition or a progress entry changed its attainment, `also` set in the same
    statement) and what follows from it: a reseller-side line's attainment is half of its side of
    the partnership score, stale from this commit on; then the line's job is queued."""
    mark(Commitment.objects.filter(pk=commitment.pk), **also)
    if commitment.side == CommitmentSide.RESELLER:
        partnership_mark_dirty(reseller_id=commitment.reseller_id, provider_id=commitment.provider_id)
    jobs.enqueue_on_commit(jobs.COMMITMENT, commitment.pk)
