"""Recomputing scorecards: one under its row lock (a save's job), or a questionnaire's fleet in
committed batches (a weight change's job), set-based on PostgreSQL (`fleet_sql`); then the
aggregates and partnership scores the submitted ones feed."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments.models import ProviderAggregate, Scorecard, ScorecardAreaScore, ScorecardStatus
from assessments.pipeline import fleet_sql
from assessments.pipeline.aggregates import provider_aggregates_recompute
from assessments.pipeline.marking import aggregate_mark_dirty, aggregate_rows_ensure, partnership_mark_dirty
from assessments.pipeline.partnerships import partnerships_follow
from assessments.pipeline.specs import questionnaire_spec, score_scorecard
from assessments.scoring import ScoreResult


def scorecard_recompute(*, scorecard_id: int, cascade: bool = True) -> Scorecard | None:
    """Recompute one scorecard from scratch; None if it no longer exists.

    With `cascade`, a submitted scorecard marks its provider's aggregate dirty (the sweep
    turns this off and recomputes the aggregates once at the end instead).
    """
    with transaction.atomic():
        scorecard = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("questionnaire")
            .filter(pk=scorecard_id)
            .first()
        )
        if scorecard is None:
            return None
        result = score_scorecard(scorecard)
        _, area_ids = questionnaire_spec(scorecard.questionnaire)
        _write_scorecard_score(scorecard, result, area_ids)
        if cascade and scorecard.status == ScorecardStatus.SUBMITTED:
            if scorecard.provider_id:
                aggregate_mark_dirty(provider_id=scorecard.provider_id, questionnaire_id=scorecard.questionnaire_id)
            partnership_mark_dirty(reseller_id=scorecard.reseller_id, provider_id=scorecard.provider_id)
    return scorecard


def _write_scorecard_score(scorecard: Scorecard, result: ScoreResult, area_ids: dict[str, int]) -> None:
    scorecard.overall = result.overall
    scorecard.completeness = result.completeness or Decimal("0")
    scorecard.evidence_share = result.evidence_share
    scorecard.computed_version = scorecard.data_version
    scorecard.computed_weights_revision = scorecard.questionnaire.weights_revision
    scorecard.computed_at = timezone.now()
    scorecard.dirty_since = None
    Scorecard.objects.filter(pk=scorecard.pk).update(
        overall=scorecard.overall,
        completeness=scorecard.completeness,
        evidence_share=scorecard.evidence_share,
        computed_version=scorecard.computed_version,
        computed_weights_revision=scorecard.computed_weights_revision,
        computed_at=scorecard.computed_at,
        dirty_since=None,
    )
    rows = [
        ScorecardAreaScore(
            scorecard_id=scorecard.pk,
            area_id=area_ids[area.key],
            score=area.score,
            completeness=area.completeness,
            evidence_share=area.evidence_share,
        )
        for area in result.areas
    ]
    ScorecardAreaScore.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["scorecard", "area"],
        update_fields=["score", "completeness", "evidence_share"],
    )


def questionnaire_recompute(*, questionnaire_id: int, batch_size: int = 5000) -> int:
    """Recompute the questionnaire's dirty scorecards in committed batches, then their aggregates and pairs."""
    done, after = 0, 0
    submitted: set[tuple[int, int | None]] = set()
    while True:
        # in id order, each once: one changed while its batch ran keeps its mark for its own job
        ids = list(
            Scorecard.objects.filter(questionnaire_id=questionnaire_id, dirty_since__isnull=False, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        after = ids[-1]
        written, sent = scorecards_batch(questionnaire_id=questionnaire_id, scorecard_ids=ids)
        done += written
        submitted |= sent
    providers = {provider_id for _, provider_id in submitted if provider_id}
    aggregate_rows_ensure(pairs={(p, questionnaire_id) for p in providers})
    provider_aggregates_recompute(
        aggregate_ids=ProviderAggregate.objects.filter(
            provider_id__in=providers, questionnaire_id=questionnaire_id
        ).values_list("pk", flat=True)
    )
    partnerships_follow(submitted=submitted)
    return done


def scorecards_batch(*, questionnaire_id: int, scorecard_ids: list[int]) -> tuple[int, set[tuple[int, int | None]]]:
    """Recompute these scorecards of one questionnaire: set-based on PostgreSQL (one statement, the
    engine's results), one by one elsewhere. Returns how many were written and the (reseller,
    provider) of the submitted ones, whose aggregates and partnership scores follow."""
    if fleet_sql.supported():
        return fleet_sql.scorecards_recompute_batch(questionnaire_id=questionnaire_id, scorecard_ids=scorecard_ids)
    written, submitted = 0, set()
    for scorecard_id in scorecard_ids:
        scorecard = scorecard_recompute(scorecard_id=scorecard_id, cascade=False)
        if scorecard is None:
            continue
        written += 1
        if scorecard.status == ScorecardStatus.SUBMITTED:
            submitted.add((scorecard.reseller_id, scorecard.provider_id))
    return written, submitted
