"""Recomputing provider aggregates from the latest submitted scorecard of each reseller: set-based
on PostgreSQL (`derived_sql`), row by row elsewhere, the same figures either way."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from assessments.models import (
    Answer,
    ProviderAggregate,
    Questionnaire,
    Scorecard,
    ScorecardAreaScore,
    ScorecardStatus,
    stored_value,
)
from assessments.pipeline import derived_sql
from assessments.pipeline.specs import questionnaire_spec
from assessments.scoring import aggregate_mean, aggregate_median, normalise, quantize
from cspeval.quarters import quarter_label


def provider_aggregates_recompute(*, aggregate_ids: Iterable[int]) -> int:
    """Recompute these aggregates; returns how many were written. On PostgreSQL all at once,
    set-based (`derived_sql`: the answers are read once for all of them), else one by one."""
    ids = sorted(set(aggregate_ids))
    if derived_sql.supported():
        return derived_sql.provider_aggregates_recompute(aggregate_ids=ids)
    return sum(provider_aggregate_recompute(aggregate_id=pk) for pk in ids)


def provider_aggregate_recompute(*, aggregate_id: int) -> bool:
    """Recompute a provider's aggregate from the latest submitted scorecard of each reseller: in one
    statement on PostgreSQL (`derived_sql`), here elsewhere; the same figures either way. False
    when it is gone or keeps its mark (an input still dirty, or its version moved meanwhile)."""
    if derived_sql.supported():
        return derived_sql.provider_aggregates_recompute(aggregate_ids=[aggregate_id]) == 1
    with transaction.atomic():
        aggregate = (
            ProviderAggregate.objects.select_for_update(of=("self",))
            .select_related("questionnaire")
            .filter(pk=aggregate_id)
            .first()
        )
        if aggregate is None:
            return False
        inputs = Scorecard.objects.filter(
            provider_id=aggregate.provider_id,
            questionnaire_id=aggregate.questionnaire_id,
            status=ScorecardStatus.SUBMITTED,
        )
        if inputs.filter(dirty_since__isnull=False).exists():
            # A scorecard it rests on is still being recomputed: its own job marks this again
            # when done (or the sweep finds the mark); clearing it now would pass off old figures.
            return False
        submitted = list(  # plain rows: a provider may have thousands
            inputs.latest_first("reseller_id").values_list("id", "reseller_id", "overall", "submitted_at", named=True)
        )
        latest: dict[int, tuple] = {}
        for sc in submitted:
            latest.setdefault(sc.reseller_id, sc)
        overalls = [sc.overall for sc in latest.values() if sc.overall is not None]
        area_values: dict[str, list[Decimal]] = {}
        for key, score in ScorecardAreaScore.objects.filter(
            scorecard_id__in=[sc.id for sc in latest.values()], score__isnull=False
        ).values_list("area__key", "score"):
            area_values.setdefault(key, []).append(score)
        aggregate.submitted_count = len(latest)
        aggregate.overall_count = len(overalls)
        aggregate.mean_overall = aggregate_mean(overalls)
        aggregate.median_overall = aggregate_median(overalls)
        aggregate.area_means = {k: str(aggregate_mean(v)) for k, v in sorted(area_values.items())}
        aggregate.area_counts = {k: len(v) for k, v in sorted(area_values.items())}
        aggregate.question_means, aggregate.question_counts = _question_means(
            aggregate.questionnaire, [sc.id for sc in latest.values()]
        )
        aggregate.trend = _trend(submitted)
        aggregate.questions_dirty = False
        aggregate.computed_version = aggregate.data_version
        aggregate.computed_at = timezone.now()
        aggregate.dirty_since = None
        aggregate.save(
            update_fields=[
                *ProviderAggregate.FIGURES,
                "questions_dirty",
                "computed_version",
                "computed_at",
                "dirty_since",
            ]
        )
    return True


def _question_means(questionnaire: Questionnaire, scorecard_ids: list[int]) -> tuple[dict, dict]:
    """Mean normalised answer per question (0..1) over these scorecards, each answer normalised by
    the pure engine (as its score's explanation shows it) and kept to 4 places, and how many
    answers each mean rests on (one per reseller: these are each reseller's latest scorecard).

    A normalised answer depends on the answer and its question only, never on weights, so the
    database counts each distinct (question, value) and each is normalised once."""
    if not scorecard_ids:
        return {}, {}
    spec, _ = questionnaire_spec(questionnaire)
    questions = {q.id: q for area in spec.areas for q in area.questions}
    totals: dict[int, list] = {}  # question id -> [sum of normalised values, how many]
    rows = (
        Answer.objects.filter(scorecard_id__in=scorecard_ids, not_applicable=False)
        .values_list("question_id", "value_number", "value_bool", "value_choice")
        .annotate(answers=Count("id"))
        .order_by()
    )
    for question_id, number, flag, choice, answers in rows:
        question = questions.get(question_id)
        if question is None:
            continue
        value = stored_value(question.kind, number=number, flag=flag, choice=choice)
        if value is None:
            continue
        total = totals.setdefault(question_id, [Decimal(0), 0])
        total[0] += quantize(normalise(question, value)) * answers
        total[1] += answers
    ordered = sorted(totals.items())
    return (
        {str(qid): str(quantize(Fraction(points) / count)) for qid, (points, count) in ordered},
        {str(qid): count for qid, (_, count) in ordered},
    )


def _trend(submitted: list) -> dict[str, dict]:
    """By calendar quarter of submission, the latest scorecard each reseller submitted in it: how
    many resellers, and the mean of their overalls. Re-reviews by one reseller count once, so
    that a quarter's mean never rests on fewer resellers than its count says. `submitted` is
    ordered by reseller, latest first."""
    quarters: dict[str, dict[int, Decimal]] = {}
    for sc in submitted:
        if sc.submitted_at is None or sc.overall is None:
            continue
        local = timezone.localtime(sc.submitted_at)
        quarters.setdefault(quarter_label(local), {}).setdefault(sc.reseller_id, sc.overall)
    return {k: {"count": len(v), "mean": str(aggregate_mean(v.values()))} for k, v in sorted(quarters.items())}
