"""A submitted review with answers of every kind, and what a person should read for each stored answer.

Shared by the server-side summary tests and the browser test. The expected text is written out here
from the stored rows, independently of the template tag that renders it, so the two can disagree.
"""

from decimal import Decimal

from assessments.models import Answer, EvidenceLevel, Question, Scorecard, ScorecardReply
from assessments.services import scorecards as services

EVIDENCE_URL = "https://evidence.example.com/plan?quarter=3&year=2026"
REPLY = "We have since named a partner manager for Contoso; see the plan we sent in May."


def _q(scorecard, area, kind) -> Question:
    return Question.objects.get(area__questionnaire=scorecard.questionnaire, area__key=area, kind=kind)


def answer_every_kind(user, scorecard: Scorecard) -> None:
    """Scale, yes/no, number and choice answers, one not applicable, one left unanswered, comments and evidence."""
    given = [
        (
            _q(scorecard, "relationships", "scale"),
            {
                "value": "4",
                "comment": "A quarterly plan <b>agreed</b> & kept",
                "evidence_url": EVIDENCE_URL,
                "evidence_level": EvidenceLevel.DOCUMENT,
            },
        ),
        (_q(scorecard, "relationships", "yes_no"), {"value": "yes"}),
        (_q(scorecard, "community", "scale"), {"not_applicable": True, "comment": "We don't attend their events."}),
        (_q(scorecard, "community", "yes_no"), {"value": "no", "evidence_level": EvidenceLevel.CLAIM}),
        (_q(scorecard, "realism", "scale"), {"value": "2"}),
        # realism yes_no is left unanswered
        (_q(scorecard, "realism", "number"), {"value": "6.5", "comment": "Down from 8 last year."}),
        (_q(scorecard, "mindset", "scale"), {"value": "5"}),
        (_q(scorecard, "mindset", "yes_no"), {"value": "yes", "evidence_url": "https://example.org/case-study"}),
        (
            _q(scorecard, "mindset", "choice"),
            {"value": "always", "evidence_level": EvidenceLevel.VERIFIED, "comment": "Two references called."},
        ),
    ]
    for question, data in given:
        services.answer_save(user=user, scorecard_id=scorecard.pk, question_id=question.pk, **data)


def submitted_review(world) -> Scorecard:
    """Contoso's review of Northwind (shared with it), answered in every way, submitted, with Northwind's reply."""
    scorecard = world.contoso_on_northwind
    answer_every_kind(world.reseller, scorecard)
    scorecard.refresh_from_db()
    services.scorecard_submit(user=world.reseller, scorecard_id=scorecard.pk, version=scorecard.version)
    ScorecardReply.objects.create(scorecard=scorecard, provider=world.northwind, body=REPLY, author=world.provider)
    scorecard.refresh_from_db()
    return scorecard


def _number(value: Decimal) -> str:
    return format(value.normalize(), ",f")


def expected_answer(question: Question, answer: Answer | None) -> str:
    """The answer as a person should read it, from the stored row."""
    if answer is None:
        return "Not answered"
    if answer.not_applicable:
        return "Not applicable"
    if question.kind == "yes_no":
        return "Yes" if answer.value_bool else "No"
    if question.kind == "choice":
        return question.options.get(key=answer.value_choice).label
    if question.kind == "scale":
        point = int(answer.value_number)
        return f"{point} of 5: {question.options.get(key=str(point)).label}"
    return f"{_number(answer.value_number)} {question.unit}".strip()


def expected_rows(scorecard: Scorecard) -> list[dict]:
    """Every question of the scorecard's questionnaire, in page order, with what the summary should say."""
    answers = {a.question_id: a for a in Answer.objects.filter(scorecard=scorecard)}
    rows = []
    questions = Question.objects.filter(area__questionnaire=scorecard.questionnaire).order_by(
        "area__order", "order", "id"
    )
    for question in questions.select_related("area"):
        answer = answers.get(question.pk)
        rows.append(
            {
                "area": question.area.title,
                "text": question.text,
                "answer": expected_answer(question, answer),
                "comment": answer.comment if answer else "",
                "evidence_url": answer.evidence_url if answer else "",
                "evidence_level": answer.get_evidence_level_display() if answer and answer.evidence_level else "",
            }
        )
    return rows
