"""Model rows to the pure engine's specs and inputs (`assessments.scoring`), and a from-scratch score."""

from __future__ import annotations

from collections.abc import Iterable

from assessments.models import Answer, Area, QuestionKind, Questionnaire, Scorecard
from assessments.scoring import AnswerInput, AreaSpec, QuestionnaireSpec, QuestionSpec, ScoreResult, compute_score

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
