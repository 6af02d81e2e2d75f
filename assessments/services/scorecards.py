"""Writes to scorecards and their answers. Each marks the score dirty in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone

from assessments.models import (
    Answer,
    EvidenceLevel,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    Scorecard,
    ScorecardStatus,
)
from assessments.pipeline.marking import scorecard_mark_dirty
from assessments.pipeline.specs import question_spec
from assessments.policies import access_scorecard
from assessments.scoring import AnswerValueError, normalise
from cspeval.errors import Conflict
from cspeval.validation import clean_text, fit_column, parse_version, to_decimal
from providers.models import Organisation

_http_url = URLValidator(schemes=["http", "https"], message="Enter a link that starts with http:// or https://.")


def current_questionnaire(kind: str) -> Questionnaire:
    questionnaire = Questionnaire.objects.published(kind).first()
    if questionnaire is None:
        raise ValidationError({"questionnaire": ["No questionnaire of this kind is published yet."]})
    return questionnaire


def _require_draft(scorecard: Scorecard) -> None:
    if scorecard.status != ScorecardStatus.DRAFT:
        raise Conflict("This scorecard has been submitted; its answers can no longer change.")


# --- Starting ------------------------------------------------------------------------------


@transaction.atomic
def scorecard_start(*, user, reseller: Organisation, provider: Organisation | None) -> tuple[Scorecard, bool]:
    """The open draft of this reseller about this provider (or its readiness), or a new one.

    A new one uses the current published questionnaire and is pre-filled from the reseller's
    last submitted scorecard of the same subject (matched by question, or by area and wording
    across versions).
    """
    if provider is not None and not provider.is_provider:
        raise ValidationError({"provider": ["Choose an indirect provider."]})
    kind = QuestionnaireKind.PROVIDER_SCORECARD if provider is not None else QuestionnaireKind.RESELLER_READINESS
    questionnaire = current_questionnaire(kind)
    existing = Scorecard.objects.filter(
        reseller=reseller, provider=provider, questionnaire=questionnaire, status=ScorecardStatus.DRAFT
    ).first()
    if existing is not None:
        return existing, False
    previous = Scorecard.objects.filter(reseller=reseller, provider=provider).submitted().latest_first().first()
    try:
        with transaction.atomic():
            scorecard = Scorecard.objects.create(
                reseller=reseller,
                provider=provider,
                questionnaire=questionnaire,
                created_by=user,
                based_on=previous,  # a new review starts unshared: sharing is the reseller's explicit act
                dirty_since=timezone.now(),
            )
    except IntegrityError:  # another request opened the same draft a moment ago
        return Scorecard.objects.get(
            reseller=reseller, provider=provider, questionnaire=questionnaire, status=ScorecardStatus.DRAFT
        ), False
    if previous is not None:
        _prefill(scorecard, previous, user)
    scorecard_mark_dirty(scorecard_ids=[scorecard.pk])
    return scorecard, True


def _prefill(scorecard: Scorecard, previous: Scorecard, user) -> None:
    questions = Question.objects.filter(area__questionnaire=scorecard.questionnaire).select_related("area")
    by_id = {q.pk: q for q in questions}
    by_wording = {(q.area.key, q.text.strip().lower()): q for q in questions}
    copies = []
    for old in Answer.objects.filter(scorecard=previous).select_related("question__area"):
        target = by_id.get(old.question_id) or by_wording.get(
            (old.question.area.key, old.question.text.strip().lower())
        )
        if target is None or target.kind != old.question.kind:
            continue
        copies.append(
            Answer(
                scorecard=scorecard,
                question=target,
                value_number=old.value_number,
                value_bool=old.value_bool,
                value_choice=old.value_choice,
                not_applicable=old.not_applicable,
                comment=old.comment,
                evidence_url=old.evidence_url,
                evidence_level=old.evidence_level,
                answered_by=user,
            )
        )
    Answer.objects.bulk_create(copies)


# --- Answering -----------------------------------------------------------------------------


def _parse_value(question: Question, value):
    """The stored columns for a value of this question's kind, or a message naming `value`."""
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        if isinstance(value, str) and value.lower() in {"yes", "true", "no", "false"}:
            value = value.lower() in {"yes", "true"}
        if not isinstance(value, bool):
            raise ValidationError({"value": ["Answer yes or no."]})
        return {"value_bool": value}
    if kind == QuestionKind.CHOICE:
        keys = [o.key for o in question.options.all()]
        if not isinstance(value, str) or value not in keys:
            raise ValidationError({"value": [f"Choose one of: {', '.join(keys)}."]})
        return {"value_choice": value}
    number = to_decimal(value)
    if number is None:
        raise ValidationError({"value": ["Enter a number."]})
    if kind == QuestionKind.SCALE:
        if number != number.to_integral_value() or not 1 <= number <= 5:
            raise ValidationError({"value": ["Choose a whole number from 1 to 5."]})
        return {"value_number": number}
    stored = fit_column(number, Answer._meta.get_field("value_number"))
    if stored is None:
        raise ValidationError({"value": ["Enter a number below 10,000,000,000."]})
    return {"value_number": stored}


def validate_answer(
    question: Question, *, value, not_applicable: bool, comment: str, evidence_url: str, evidence_level: str
) -> dict:
    """Every field checked before anything is written; all messages at once, by field."""
    errors: dict[str, list[str]] = {}
    columns = {"value_number": None, "value_bool": None, "value_choice": ""}
    if not_applicable:
        if value not in (None, ""):
            errors["not_applicable"] = ["An answer marked not applicable cannot also have a value."]
    elif value is None or value == "":
        errors["value"] = ["Give an answer, or mark the question not applicable."]
    else:
        try:
            columns |= _parse_value(question, value)
            normalise(question_spec(question.area.key, question), _engine_value(question, columns))
        except ValidationError as exc:
            errors |= exc.message_dict
        except AnswerValueError as exc:
            errors["value"] = [str(exc)]
    try:
        comment = clean_text(comment, field="comment", label="the comment", limit=2000, multiline=True)
    except ValidationError as exc:
        errors |= exc.message_dict
    try:
        evidence_url = clean_text(evidence_url, field="evidence_url", label="the link", limit=500)
    except ValidationError as exc:
        errors |= exc.message_dict
    else:
        if evidence_url:
            try:
                _http_url(evidence_url)
            except ValidationError:
                errors["evidence_url"] = ["Enter a link that starts with http:// or https://."]
    evidence_level = evidence_level or ""
    if evidence_level and evidence_level not in EvidenceLevel.values:
        errors["evidence_level"] = [f"Choose one of: {', '.join(EvidenceLevel.values)}."]
    if errors:
        raise ValidationError(errors)
    return columns | {
        "not_applicable": bool(not_applicable),
        "comment": comment,
        "evidence_url": evidence_url,
        "evidence_level": evidence_level,
    }


def _engine_value(question: Question, columns: dict):
    if question.kind == QuestionKind.YES_NO:
        return columns["value_bool"]
    if question.kind == QuestionKind.CHOICE:
        return columns["value_choice"]
    return columns["value_number"]


def question_of(scorecard: Scorecard, question_id) -> Question:
    try:
        question = Question.objects.select_related("area").get(
            pk=int(question_id), area__questionnaire_id=scorecard.questionnaire_id
        )
    except (Question.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"question": ["This question is not part of this scorecard's questionnaire."]}) from None
    if question.kind == QuestionKind.CHOICE:  # only a choice's value is checked against its options
        prefetch_related_objects([question], "options")
    return question


@transaction.atomic
def answer_save(
    *,
    user,
    scorecard_id: int,
    question_id: int,
    value=None,
    not_applicable: bool = False,
    comment: str = "",
    evidence_url: str = "",
    evidence_level: str = "",
) -> Answer:
    """Save (upsert) one answer; the score is marked dirty in the same transaction."""
    scorecard = access_scorecard(user, scorecard_id, for_write=True, lock=True)
    _require_draft(scorecard)
    question = question_of(scorecard, question_id)
    columns = validate_answer(
        question,
        value=value,
        not_applicable=not_applicable,
        comment=comment,
        evidence_url=evidence_url,
        evidence_level=evidence_level,
    )
    answer, _ = Answer.objects.update_or_create(
        scorecard=scorecard, question=question, defaults=columns | {"answered_by": user}
    )
    answer.question = question  # already loaded: the caller's payload reads its kind without a query
    Scorecard.objects.filter(pk=scorecard.pk).update(updated_at=timezone.now())
    scorecard_mark_dirty(scorecard_ids=[scorecard.pk])
    return answer


@transaction.atomic
def answer_clear(*, user, scorecard_id: int, question_id: int) -> bool:
    """Remove an answer (back to unanswered); True if there was one."""
    scorecard = access_scorecard(user, scorecard_id, for_write=True, lock=True)
    _require_draft(scorecard)
    question = question_of(scorecard, question_id)
    deleted, _ = Answer.objects.filter(scorecard=scorecard, question=question).delete()
    if deleted:
        scorecard_mark_dirty(scorecard_ids=[scorecard.pk])
    return bool(deleted)


# --- Scorecard-level writes (optimistic lock on `version`) --------------------------------


def _check_version(scorecard: Scorecard, version: int | str | None) -> None:
    """None skips the check; anything but a whole number is refused under `version` (400)."""
    version = parse_version(version)
    if version is not None and version != scorecard.version:
        raise Conflict("Someone else changed this scorecard while you were looking at it; reload to see it.")


@transaction.atomic
def scorecard_submit(*, user, scorecard_id: int, version: int | str | None) -> Scorecard:
    version = parse_version(version)  # bad input is a 400 before anything is locked or compared
    scorecard = access_scorecard(user, scorecard_id, for_write=True, lock=True)
    if scorecard.status == ScorecardStatus.SUBMITTED:
        raise Conflict("This scorecard has already been submitted.")
    _check_version(scorecard, version)
    if not Answer.objects.filter(scorecard=scorecard).exists():
        raise ValidationError({"answers": ["Answer at least one question before submitting."]})
    now = timezone.now()
    Scorecard.objects.filter(pk=scorecard.pk).update(
        status=ScorecardStatus.SUBMITTED, submitted_at=now, submitted_by=user, version=F("version") + 1
    )
    scorecard_mark_dirty(scorecard_ids=[scorecard.pk])
    scorecard.refresh_from_db()
    return scorecard


SUBMIT_BEFORE_SHARING = "Submit it before sharing it: a provider never sees a draft."


@transaction.atomic
def scorecard_share(*, user, scorecard_id: int, shared: bool, version: int | str | None = None) -> Scorecard:
    """Share a provider scorecard with that provider (or stop sharing)."""
    version = parse_version(version)
    scorecard = access_scorecard(user, scorecard_id, for_write=True, lock=True)
    _check_version(scorecard, version)
    if scorecard.provider_id is None:
        raise ValidationError({"shared_with_provider": ["A readiness assessment is shared with chosen providers."]})
    if shared and scorecard.status != ScorecardStatus.SUBMITTED:
        raise ValidationError({"shared_with_provider": [SUBMIT_BEFORE_SHARING]})
    Scorecard.objects.filter(pk=scorecard.pk).update(shared_with_provider=bool(shared), version=F("version") + 1)
    scorecard.refresh_from_db()
    return scorecard


@transaction.atomic
def readiness_share(*, user, scorecard_id: int, provider_ids) -> list[str]:
    """Share a readiness self-assessment with exactly these providers; returns their names."""
    scorecard = access_scorecard(user, scorecard_id, for_write=True, lock=True)
    if scorecard.provider_id is not None:
        raise ValidationError({"providers": ["Only a readiness self-assessment is shared this way."]})
    try:
        wanted = {int(pk) for pk in provider_ids}
    except (TypeError, ValueError):
        raise ValidationError({"providers": ["Choose providers from the list."]}) from None
    if wanted and scorecard.status != ScorecardStatus.SUBMITTED:
        raise ValidationError({"providers": [SUBMIT_BEFORE_SHARING]})
    providers = list(Organisation.objects.filter(pk__in=wanted, kind="provider").order_by("name"))
    if len(providers) != len(wanted):
        raise ValidationError({"providers": ["Choose providers from the list."]})
    scorecard.shared_with.set(providers)
    return [p.name for p in providers]
