"""What a weight change would do to the ranking, through the pure engine, before anything is saved.

The aggregate follows `assessments.pipeline.aggregates.provider_aggregate_recompute`: the mean overall of the latest
submitted scorecard of each reseller. Both columns ("now" and "after") are computed here from
the answers, so they differ only by the weights. A fixed number of queries, whatever the fleet.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from assessments.models import Answer, Questionnaire, Scorecard
from assessments.pipeline.specs import answer_inputs, questionnaire_spec
from assessments.scoring import QuestionnaireSpec, aggregate_mean, compute_score


def _reweighed(spec: QuestionnaireSpec, areas: dict[str, Decimal], questions: dict[int, Decimal]) -> QuestionnaireSpec:
    """The spec with some area weights (by key) and question weights (by id) replaced."""
    return QuestionnaireSpec(
        areas=tuple(
            replace(
                area,
                weight=areas.get(area.key, area.weight),
                questions=tuple(replace(q, weight=questions.get(q.id, q.weight)) for q in area.questions),
            )
            for area in spec.areas
        )
    )


def _latest_by_subject(questionnaire: Questionnaire) -> dict[int, list[Scorecard]]:
    """Subject (the provider; the reseller itself for readiness) -> latest submitted scorecard of each reseller."""
    submitted = (
        Scorecard.objects.filter(questionnaire=questionnaire)
        .submitted()
        .select_related("provider", "reseller")
        .latest_first("provider_id", "reseller_id")
    )
    latest: dict[tuple[int, int], Scorecard] = {}
    for sc in submitted:
        latest.setdefault((sc.provider_id or sc.reseller_id, sc.reseller_id), sc)
    subjects: dict[int, list[Scorecard]] = {}
    for (subject_id, _), sc in latest.items():
        subjects.setdefault(subject_id, []).append(sc)
    return subjects


def _ranks(values: dict[int, Decimal | None]) -> dict[int, int | None]:
    """Competition ranking, highest first (1, 1, 3); None for no score."""
    scored = sorted((v for v in values.values() if v is not None), reverse=True)
    return {k: (scored.index(v) + 1 if v is not None else None) for k, v in values.items()}


def _mean(overalls: list[Decimal | None]) -> Decimal | None:
    present = [o for o in overalls if o is not None]
    return aggregate_mean(present)  # exact, rounded by the engine's one rule


def weights_preview_for(
    questionnaire: Questionnaire, area_weights: dict[str, Decimal], question_weights: dict[int, Decimal]
) -> list[dict]:
    """Rows of {organisation, name, scorecards, now, after, rank_now, rank_after, moved}, by new rank."""
    spec_now, _ = questionnaire_spec(questionnaire)
    spec_after = _reweighed(spec_now, area_weights, question_weights)
    kinds = {q.id: q.kind for a in spec_now.areas for q in a.questions}
    subjects = _latest_by_subject(questionnaire)
    answers: dict[int, list[Answer]] = {}
    ids = [sc.pk for scorecards in subjects.values() for sc in scorecards]
    for answer in Answer.objects.filter(scorecard_id__in=ids):
        answers.setdefault(answer.scorecard_id, []).append(answer)
    now: dict[int, Decimal | None] = {}
    after: dict[int, Decimal | None] = {}
    organisations = {}
    for subject_id, scorecards in subjects.items():
        inputs = [answer_inputs(answers.get(sc.pk, []), kinds) for sc in scorecards]
        now[subject_id] = _mean([compute_score(spec_now, i).overall for i in inputs])
        after[subject_id] = _mean([compute_score(spec_after, i).overall for i in inputs])
        first = scorecards[0]
        organisations[subject_id] = first.provider if first.provider_id else first.reseller
    rank_now, rank_after = _ranks(now), _ranks(after)
    rows = [
        {
            "organisation": organisations[pk],
            "name": organisations[pk].name,
            "scorecards": len(subjects[pk]),
            "now": now[pk],
            "after": after[pk],
            "rank_now": rank_now[pk],
            "rank_after": rank_after[pk],
            # places gained (positive) or lost (negative); None when either side has no score
            "moved": rank_now[pk] - rank_after[pk] if rank_now[pk] and rank_after[pk] else None,
        }
        for pk in subjects
    ]
    return sorted(rows, key=lambda r: (r["rank_after"] is None, r["rank_after"] or 0, r["name"]))
