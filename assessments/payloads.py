"""Plain-dict shapes shared by the API and the pages' JSON (the serializers document them)."""

from assessments.models import Answer, QuestionKind, Scorecard
from assessments.standings import standing_payload


def rounded(value, places: int = 2):
    return None if value is None else round(float(value), places)


def scorecard_payload(sc: Scorecard) -> dict:
    return {
        "id": sc.pk,
        "provider": sc.provider.slug if sc.provider_id else None,
        "reseller": sc.reseller.slug,
        "questionnaire": sc.questionnaire_id,
        "kind": sc.questionnaire.kind,
        "status": sc.status,
        "version": sc.version,
        "shared_with_provider": sc.shared_with_provider,
        "overall": rounded(sc.overall),
        "completeness": rounded(sc.completeness, 4),
        "stale": sc.is_stale,
        "created_at": sc.created_at,
        "updated_at": sc.updated_at,
        "submitted_at": sc.submitted_at,
    }


def answer_payload(answer: Answer) -> dict:
    kind = answer.question.kind
    value = answer.value_for(kind)
    if value is not None and kind == QuestionKind.SCALE:
        value = int(value)  # in JSON a scale answer is a whole number, a number answer a float
    elif value is not None and kind == QuestionKind.NUMBER:
        value = float(value)
    return {
        "question": answer.question_id,
        "value": value,
        "not_applicable": answer.not_applicable,
        "comment": answer.comment,
        "evidence_url": answer.evidence_url,
        "evidence_level": answer.evidence_level,
        "updated_at": answer.updated_at,
    }


def score_payload(sc: Scorecard, area_scores: dict, bands) -> dict:
    return {
        "overall": rounded(sc.overall),
        "areas": {key: rounded(value) for key, value in area_scores.items()},
        "completeness": rounded(sc.completeness, 4),
        "evidence_share": rounded(sc.evidence_share, 4),
        "stale": sc.is_stale,
        "computed_at": sc.computed_at,
        "standing": standing_payload(sc.overall, bands),
    }
