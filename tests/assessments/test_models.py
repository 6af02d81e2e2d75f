"""Rules the database itself enforces, whatever code path writes."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Answer, Area, Question, Questionnaire, Scorecard
from commitments.models import Commitment


def _violates(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_weights_cannot_go_below_zero(world):
    area = world.questionnaire.areas.first()
    _violates(lambda: Area.objects.filter(pk=area.pk).update(weight=Decimal("-1")))
    question = area.questions.first()
    _violates(lambda: Question.objects.filter(pk=question.pk).update(weight=Decimal("-0.5")))


def test_one_published_questionnaire_per_kind(world):
    _violates(
        lambda: Questionnaire.objects.create(kind="provider_scorecard", version=2, status="published", title="Again")
    )
    # a draft of the next version is fine
    Questionnaire.objects.create(kind="provider_scorecard", version=2, status="draft", title="Next")


def test_answers_are_unique_per_scorecard_and_question(world):
    question = world.questionnaire.areas.first().questions.first()
    Answer.objects.create(scorecard=world.contoso_on_northwind, question=question, value_number=3)
    _violates(lambda: Answer.objects.create(scorecard=world.contoso_on_northwind, question=question, value_number=4))


def test_one_open_draft_per_reseller_and_provider(world):
    _violates(
        lambda: Scorecard.objects.create(
            reseller=world.contoso, provider=world.northwind, questionnaire=world.questionnaire
        )
    )


def test_number_questions_need_ordered_bounds(world):
    area = world.questionnaire.areas.first()
    _violates(lambda: Question.objects.create(area=area, text="Bad", kind="number", low=5, high=5))


def test_commitment_target_must_be_positive(world):
    from tests.factories import CommitmentFactory

    _violates(lambda: CommitmentFactory(reseller=world.contoso, provider=world.northwind, target=Decimal("0")))
    assert Commitment.objects.count() == 0


@pytest.mark.parametrize(
    "url, level, expected",
    [("", "", False), ("", "claim", False), ("", "document", True), ("", "reference", True),
     ("", "verified", True), ("https://evidence.example/x", "", True), ("https://evidence.example/x", "claim", True)],
)  # fmt: skip
def test_answer_evidenced_column_agrees_with_has_evidence(world, url, level, expected):
    # the database keeps `evidenced` (the set-based recompute reads it); Python asks `has_evidence`
    question = world.questionnaire.areas.get(key="community").questions.get(kind="yes_no")
    answer = Answer.objects.create(
        scorecard=world.contoso_on_northwind, question=question, value_bool=True, evidence_url=url, evidence_level=level
    )
    stored = Answer.objects.get(pk=answer.pk)
    assert stored.has_evidence is expected
    assert stored.evidenced is expected
