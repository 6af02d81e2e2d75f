"""The recompute pipeline: writers mark, workers compute (RELIABILITY.md).

1. A writer calls `scorecard_mark_dirty` (or `aggregate_mark_dirty`) inside its own
   transaction: the target's `data_version` goes up and `dirty_since` is set, in the
   same commit as the change. The database is the truth.
2. After commit the job is enqueued by name through `assessments.jobs`: at once after a
   quiet spell, or at the end of a short throttle window during a burst, with at most
   one job pending per target (a Redis `SET NX` guard). A broker error is logged
   and swallowed: the save stands and the mark stays for the sweep.
3. The job locks the target row, recomputes from scratch through the pure engine and
   writes the score with the version it read; under the row lock nobody can bump the
   version meanwhile, so clearing the mark is a compare-and-set. (A fleet batch takes no
   lock: its one statement writes only where the version is still the one it read.)
4. `sweep_dirty` recomputes whatever stayed dirty (beat, or `recompute_scores --dirty`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from assessments.jobs import enqueue_on_commit
from assessments.models import (
    Answer,
    Area,
    Commitment,
    PartnershipScore,
    ProviderAggregate,
    QuestionKind,
    Questionnaire,
    Scorecard,
    ScorecardAreaScore,
    ScorecardStatus,
    stored_value,
)
from assessments.scoring import (
    AnswerInput,
    AreaSpec,
    QuestionnaireSpec,
    QuestionSpec,
    ScoreResult,
    aggregate_mean,
    aggregate_median,
    compute_score,
    normalise,
    quantize,
)
from assessments.services import derived_sql, fleet_sql
from assessments.services.commitments import commitments_recompute
from assessments.services.partnerships import (
    pairs_q,
    partnership_ids_fed_by,
    partnership_mark_dirty,
    partnership_rows_ensure,
    partnerships_recompute,
)
from cspeval.quarters import quarter_label

logger = logging.getLogger(__name__)

# --- Model rows to the pure engine's specs ------------------------------------------------

_spec_cache: dict[tuple[int, int], tuple[QuestionnaireSpec, dict[str, int]]] = {}


def questionnaire_spec(questionnaire: Questionnaire) -> tuple[QuestionnaireSpec, dict[str, int]]:
    """The engine's spec of a questionnaire and its area ids by key, cached per weights revision."""
    key = (questionnaire.pk, questionnaire.weights_revision)
    cached = _spec_cache.get(key)
    if cached is not None:
        return cached
    areas = list(
        Area.objects.filter(questionnaire=questionnaire).order_by("order", "id").prefetch_related("questions__options")
    )
    spec = QuestionnaireSpec(
        areas=tuple(
            AreaSpec(
                key=area.key,
                weight=area.weight,
                questions=tuple(question_spec(area.key, q) for q in sorted(area.questions.all(), key=_by_order)),
            )
            for area in areas
        )
    )
    result = (spec, {area.key: area.pk for area in areas})
    if len(_spec_cache) > 64:
        _spec_cache.clear()
    _spec_cache[key] = result
    return result


def spec_cache_clear() -> None:
    """Forget the cached specs (ids repeat between test databases)."""
    _spec_cache.clear()


def _by_order(question) -> tuple[int, int]:
    return (question.order, question.pk)


def question_spec(area_key: str, q) -> QuestionSpec:
    return QuestionSpec(
        id=q.pk,
        area_key=area_key,
        kind=q.kind,
        weight=q.weight,
        reverse=q.reverse,
        low=q.low,
        high=q.high,
        direction=q.direction,
        options=tuple((o.key, o.points) for o in q.options.all()) if q.kind == QuestionKind.CHOICE else (),
        evidence_expected=q.evidence_expected,
    )


def answer_inputs(answers: Iterable[Answer], kinds: dict[int, str]) -> list[AnswerInput]:
    inputs = []
    for a in answers:
        kind = kinds.get(a.question_id)
        if kind is None:
            continue
        value = a.value_for(kind)
        if value is None and not a.not_applicable:
            continue  # an empty row is the same as no answer
        inputs.append(
            AnswerInput(
                question_id=a.question_id, value=value, not_applicable=a.not_applicable, has_evidence=a.has_evidence
            )
        )
    return inputs


def score_scorecard(scorecard: Scorecard, answers: Iterable[Answer] | None = None) -> ScoreResult:
    """A from-scratch score of a scorecard through the pure engine (reads, never writes)."""
    spec, _ = questionnaire_spec(scorecard.questionnaire)
    kinds = {q.id: q.kind for a in spec.areas for q in a.questions}
    if answers is None:
        answers = Answer.objects.filter(scorecard_id=scorecard.pk)
    return compute_score(spec, answer_inputs(answers, kinds))


# --- Marking (writers call these inside their transaction) --------------------------------


DIRTY = {"data_version": F("data_version") + 1, "dirty_since": Coalesce(F("dirty_since"), Now())}
# an aggregate whose answers may have changed (anything but a weight): its per-question means too
AGGREGATE_DIRTY = DIRTY | {"questions_dirty": True}


def scorecard_mark_dirty(*, scorecard_ids: Iterable[int]) -> None:
    """Mark these scorecards, and whatever their submitted ones feed (level-triggered to the end:
    a derived figure is stale from the same commit as what it derives from)."""
    ids = list(scorecard_ids)
    if not ids:
        return
    Scorecard.objects.filter(pk__in=ids).update(**DIRTY)
    fed = Scorecard.objects.filter(pk__in=ids, status=ScorecardStatus.SUBMITTED)
    derived_mark_dirty(feeds=set(fed.values_list("reseller_id", "provider_id", "questionnaire_id")))
    for scorecard_id in ids:
        enqueue_on_commit("assessments.tasks.recompute_scorecard", scorecard_id)


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
    now = timezone.now()
    aggregate_rows_ensure(pairs=aggregates, dirty=True)
    PartnershipScore.objects.bulk_create(
        [PartnershipScore(reseller_id=r, provider_id=p, dirty_since=now) for r, p in sorted(pairs)],
        ignore_conflicts=True,
    )
    if aggregates:
        by_pair = Q()
        for provider_id, questionnaire_id in aggregates:
            by_pair |= Q(provider_id=provider_id, questionnaire_id=questionnaire_id)
        ProviderAggregate.objects.filter(by_pair).update(**AGGREGATE_DIRTY)
    PartnershipScore.objects.filter(pairs_q(pairs) | Q(reseller_id__in=whole)).update(**DIRTY)


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
    ProviderAggregate.objects.filter(pk=aggregate.pk).update(**AGGREGATE_DIRTY)
    enqueue_on_commit("assessments.tasks.recompute_provider_aggregate", aggregate.pk)


# --- Computing (the jobs call these) -------------------------------------------------------


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


# --- The sweep -----------------------------------------------------------------------------


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
            written, sent = _scorecards_batch(
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
        dirty = set(PartnershipScore.objects.filter(dirty_since__isnull=False).values_list("pk", flat=True))
        return partnerships_recompute(partnership_ids=dirty | partnership_ids_fed_by(submitted))
    partnership_rows_ensure()
    return partnerships_recompute(partnership_ids=list(PartnershipScore.objects.values_list("pk", flat=True)))


def _sweep_commitments(*, cutoff, everything: bool) -> int:
    """Commitment attainment: every line with `everything`, else those dirty since before the cutoff."""
    lines = Commitment.objects.all() if everything else Commitment.objects.filter(dirty_since__lte=cutoff)
    return commitments_recompute(commitment_ids=lines.values_list("pk", flat=True))


# --- Fleet recompute (a weight change touches every scorecard of a questionnaire) ------------


def questionnaire_mark_dirty(*, questionnaire_id: int, weights_only: bool = False) -> int:
    """Mark every scorecard of the questionnaire in one statement, and in the same transaction
    every aggregate and partnership score its submitted scorecards feed (so that a worker lost
    between the fleet's steps leaves marks, never a wrong figure that says it is current); then
    queue one fleet job. `weights_only` (a weight change): the aggregates' per-question means,
    which no weight changes, are kept."""
    scorecards = Scorecard.objects.filter(questionnaire_id=questionnaire_id)
    marked = scorecards.update(**DIRTY)
    submitted = scorecards.filter(status=ScorecardStatus.SUBMITTED)
    providers = submitted.filter(provider__isnull=False).values("provider_id").distinct()
    aggregate_rows_ensure(
        pairs={(provider_id, questionnaire_id) for provider_id in providers.values_list("provider_id", flat=True)},
        dirty=True,
    )
    ProviderAggregate.objects.filter(questionnaire_id=questionnaire_id).update(
        **(DIRTY if weights_only else AGGREGATE_DIRTY)
    )
    fed = submitted.filter(reseller_id=OuterRef("reseller_id")).filter(
        Q(provider_id=OuterRef("provider_id")) | Q(provider__isnull=True)
    )
    PartnershipScore.objects.filter(Exists(fed)).update(**DIRTY)
    enqueue_on_commit("assessments.tasks.recompute_questionnaire", questionnaire_id)
    return marked


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
        written, sent = _scorecards_batch(questionnaire_id=questionnaire_id, scorecard_ids=ids)
        done += written
        submitted |= sent
    providers = {provider_id for _, provider_id in submitted if provider_id}
    aggregate_rows_ensure(pairs={(p, questionnaire_id) for p in providers})
    provider_aggregates_recompute(
        aggregate_ids=ProviderAggregate.objects.filter(
            provider_id__in=providers, questionnaire_id=questionnaire_id
        ).values_list("pk", flat=True)
    )
    _sweep_partnerships(everything=False, submitted=submitted)
    return done


def _scorecards_batch(*, questionnaire_id: int, scorecard_ids: list[int]) -> tuple[int, set[tuple[int, int | None]]]:
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


def stale_count(*, questionnaire_id: int) -> int:
    return Scorecard.objects.filter(questionnaire_id=questionnaire_id).stale().count()
