"""Plain-dict shapes shared by the API and the pages' JSON (the serializers document them)."""

from assessments.models import Answer, QuestionKind, Scorecard
from assessments.standings import standing_payload


def rounded(value, places: int = 2):
    return None if value is None else round(float(value), places)


def is_stale(scorecard: Scorecard) -> bool:
    return (
        scorecard.computed_version < scorecard.data_version
        or scorecard.computed_weights_revision < scorecard.questionnaire.weights_revision
    )


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
        "stale": is_stale(sc),
        "created_at": sc.created_at,
        "updated_at": sc.updated_at,
        "submitted_at": sc.submitted_at,
    }


def answer_payload(answer: Answer) -> dict:
    kind = answer.question.kind
    if answer.not_applicable:
        value = None
    elif kind == QuestionKind.YES_NO:
        value = answer.value_bool
    elif kind == QuestionKind.CHOICE:
        value = answer.value_choice or None
    elif kind == QuestionKind.SCALE:
        value = None if answer.value_number is None else int(answer.value_number)
    else:
        value = None if answer.value_number is None else float(answer.value_number)
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
        "stale": is_stale(sc),
        "computed_at": sc.computed_at,
        "standing": standing_payload(sc.overall, bands),
    }
