"""The sweep: recompute whatever stayed marked (beat's periodic job, a batch job, or
`recompute_scores`), scorecards first, in committed batches per questionnaire through the same
path as a weight change, then aggregates, commitments and partnership scores."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from assessments.models import PartnershipScore, ProviderAggregate, Scorecard
from assessments.pipeline.aggregates import provider_aggregates_recompute
from assessments.pipeline.attainment import commitments_recompute
from assessments.pipeline.marking import aggregate_rows_ensure
from assessments.pipeline.partnerships import pairs_with_history_ensure, partnerships_follow, partnerships_recompute
from assessments.pipeline.scorecards import scorecards_batch
from commitments.models import Commitment


def sweep_dirty(*, grace_seconds: int | None = None, batch_size: int = 5000, everything: bool = False) -> dict:
    """Recompute every dirty score (or every score with `everything`), in committed batches per
    questionnaire through the same path as a weight change, then aggregates, commitments, pairs."""
    grace = settings.RECOMPUTE_SWEEP_GRACE_SECONDS if grace_seconds is None else grace_seconds
    cutoff = timezone.now() - timezone.timedelta(seconds=grace)
    counts = {"scorecards": 0, "aggregates": 0}
    scorecards = Scorecard.objects.all() if everything else Scorecard.objects.filter(dirty_since__lte=cutoff)
    by_questionnaire: dict[int, list[int]] = {}
    for pk, questionnaire_id in scorecards.order_by("pk").values_list("pk", "questionnaire_id"):
        by_questionnaire.setdefault(questionnaire_id, []).append(pk)
    touched: set[tuple[int, int]] = set()  # (provider, questionnaire) aggregates to follow
    submitted: set[tuple[int, int | None]] = set()  # (reseller, provider) pairs to follow
    for questionnaire_id, ids in by_questionnaire.items():
        for start in range(0, len(ids), batch_size):
            written, sent = scorecards_batch(
                questionnaire_id=questionnaire_id, scorecard_ids=ids[start : start + batch_size]
            )
            counts["scorecards"] += written
            submitted |= sent
            touched |= {(provider_id, questionnaire_id) for _, provider_id in sent if provider_id}
    aggregate_rows_ensure(pairs=touched)
    aggregates = ProviderAggregate.objects.all()
    if everything:  # from scratch: the per-question means too
        aggregates.filter(questions_dirty=False).update(questions_dirty=True)
    else:
        aggregates = aggregates.filter(Q(dirty_since__isnull=False) | Q(provider_id__in={p for p, _ in touched}))
    counts["aggregates"] = provider_aggregates_recompute(aggregate_ids=aggregates.values_list("pk", flat=True))
    counts["commitments"] = _sweep_commitments(cutoff=cutoff, everything=everything)
    counts["partnerships"] = _sweep_partnerships(everything=everything, submitted=submitted)
    return counts


def _sweep_partnerships(*, everything: bool, submitted: set[tuple[int, int | None]] = frozenset()) -> int:
    """Partnership scores: every pair with `everything` (first making sure each pair with history has
    a row), else the dirty ones and those the just recomputed `submitted` scorecards feed."""
    if not everything:
        return partnerships_follow(submitted=submitted)
    pairs_with_history_ensure()
    return partnerships_recompute(partnership_ids=list(PartnershipScore.objects.values_list("pk", flat=True)))


def _sweep_commitments(*, cutoff, everything: bool) -> int:
    """Commitment attainment: every line with `everything`, else those dirty since before the cutoff."""
    lines = Commitment.objects.all() if everything else Commitment.objects.filter(dirty_since__lte=cutoff)
    return commitments_recompute(commitment_ids=lines.values_list("pk", flat=True))


# --- Fleet recompute (a weight change touches every scorecard of a questionnaire) ------------


def marked_count() -> int:
    """How many stored scores of every kind are marked dirty: what a sweep would recompute."""
    return sum(
        model.objects.filter(dirty_since__isnull=False).count()
        for model in (Scorecard, ProviderAggregate, PartnershipScore, Commitment)
    )
