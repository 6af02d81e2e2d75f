"""Reads for the admin weights and standings pages (each a fixed number of queries)."""

from django.db.models import Prefetch

from assessments.models import (
    Area,
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    Scorecard,
    Standing,
)


def weights_questionnaires() -> list[Questionnaire]:
    """The current questionnaires of both kinds: published ones first, then drafts."""
    rows = Questionnaire.objects.filter(status__in=[QuestionnaireStatus.PUBLISHED, QuestionnaireStatus.DRAFT])
    order = {QuestionnaireStatus.PUBLISHED: 0, QuestionnaireStatus.DRAFT: 1}
    kinds = {k: i for i, k in enumerate(QuestionnaireKind.values)}
    return sorted(rows, key=lambda q: (order[q.status], kinds.get(q.kind, 9), -q.version))


def weights_default_questionnaire(questionnaires: list[Questionnaire]) -> Questionnaire | None:
    return questionnaires[0] if questionnaires else None


def weights_questionnaire_get(questionnaire_id: int) -> Questionnaire | None:
    """The questionnaire with its areas and their questions in order (3 queries)."""
    questions = Question.objects.order_by("order", "id")
    areas = Area.objects.order_by("order", "id").prefetch_related(Prefetch("questions", queryset=questions))
    return Questionnaire.objects.filter(pk=questionnaire_id).prefetch_related(Prefetch("areas", queryset=areas)).first()


def standings_rows() -> list[Standing]:
    return list(Standing.objects.order_by("lower", "upper"))


def question_get(question_id: int) -> Question | None:
    return Question.objects.select_related("area__questionnaire").filter(pk=question_id).first()


def area_get(area_id: int) -> Area | None:
    return Area.objects.select_related("questionnaire").filter(pk=area_id).first()


def stale_count(*, questionnaire_id: int) -> int:
    """How many of the questionnaire's scorecards are being recomputed."""
    return Scorecard.objects.filter(questionnaire_id=questionnaire_id).stale().count()
