"""The set-based recompute gives exactly the pure engine's results, on random data (PostgreSQL)."""

import random
from decimal import Decimal

import pytest

from assessments.models import Answer, Area, Question, QuestionOption, Scorecard, ScorecardAreaScore
from assessments.pipeline import fleet_sql
from assessments.pipeline.specs import score_scorecard

pytestmark = pytest.mark.services


def _random_questionnaire(world, rng):
    q = world.questionnaire
    Area.objects.filter(questionnaire=q).update(weight=0)
    for area in q.areas.all():
        area.weight = rng.choice([Decimal("0"), Decimal("10"), Decimal("25.5"), Decimal("40")])
        area.save(update_fields=["weight"])
        for i in range(4):
            kind = rng.choice(["scale", "yes_no", "number", "choice"])
            question = Question.objects.create(
                area=area,
                text=f"{area.key} {i}",
                kind=kind,
                order=10 + i,
                weight=rng.choice([Decimal("0"), Decimal("1"), Decimal("2.5"), Decimal("3")]),
                reverse=rng.random() < 0.3,
                low=0 if kind == "number" else None,
                high=rng.choice([7, 12, 100]) if kind == "number" else None,
                direction=rng.choice(["higher_better", "lower_better"]),
            )
            if kind == "choice":
                for j, points in enumerate(rng.sample([0, 1, 2, 3, 5], 3)):
                    QuestionOption.objects.create(question=question, key=f"o{j}", label=f"O{j}", points=points)
    return q


def _random_answers(scorecard, rng):
    for question in Question.objects.filter(area__questionnaire=scorecard.questionnaire).prefetch_related("options"):
        roll = rng.random()
        if roll < 0.2:
            continue  # unanswered
        answer = Answer(scorecard=scorecard, question=question)
        if roll < 0.3:
            answer.not_applicable = True
        elif question.kind == "scale":
            answer.value_number = rng.randint(1, 5)
        elif question.kind == "yes_no":
            answer.value_bool = rng.random() < 0.5
        elif question.kind == "number":
            answer.value_number = Decimal(rng.randint(-20, 130)) / 4
        else:
            answer.value_choice = rng.choice([o.key for o in question.options.all()])
        if rng.random() < 0.4:
            answer.evidence_url = "https://evidence.example/x"
        elif rng.random() < 0.3:
            answer.evidence_level = rng.choice(["claim", "document"])
        answer.save()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_fleet_sql_equals_the_pure_engine_on_random_data(world, postgres, seed):
    # given a questionnaire with random weights (zeros included) and 30 scorecards of random answers
    questionnaire, scorecards = _random_fleet(world, seed)
    # when they are recomputed set-based (consecutive ids: the answers are read by id range)
    written, _ = fleet_sql.scorecards_recompute_batch(
        questionnaire_id=questionnaire.pk, scorecard_ids=[s.pk for s in scorecards]
    )
    # then every stored figure equals the engine's
    assert written == len(scorecards)
    _assert_engine_figures(questionnaire, scorecards)


def test_fleet_sql_sparse_batch_equals_the_engine_and_leaves_the_others(world, postgres):
    # given 30 scorecards of random answers, and a batch of four far apart (as the sweep finds them)
    questionnaire, scorecards = _random_fleet(world, 5)
    batch = [scorecards[0], scorecards[11], scorecards[22], scorecards[29]]
    assert batch[-1].pk - batch[0].pk + 1 > fleet_sql.DENSE_SPREAD * len(batch)
    # when only those are recomputed (each one's answers probed on its own)
    written, _ = fleet_sql.scorecards_recompute_batch(
        questionnaire_id=questionnaire.pk, scorecard_ids=[s.pk for s in batch]
    )
    # then they equal the engine, and the scorecards between them were not touched
    assert written == 4
    _assert_engine_figures(questionnaire, batch)
    others = Scorecard.objects.filter(pk__in=[s.pk for s in scorecards if s not in batch])
    assert not others.filter(computed_version__gt=0).exists()
    assert not ScorecardAreaScore.objects.filter(scorecard__in=others).exists()


def _random_fleet(world, seed):
    rng = random.Random(seed)
    questionnaire = _random_questionnaire(world, rng)
    scorecards = [world.contoso_on_northwind, world.contoso_on_fabrikam, world.tailspin_on_northwind]
    from tests.factories import OrganisationFactory

    for i in range(27):
        scorecards.append(
            Scorecard.objects.create(
                reseller=OrganisationFactory(name=f"R{seed}-{i}"), provider=world.northwind, questionnaire=questionnaire
            )
        )
    for sc in scorecards:
        _random_answers(sc, rng)
    return questionnaire, scorecards


def _assert_engine_figures(questionnaire, scorecards):
    areas = {a.key: a.pk for a in questionnaire.areas.all()}
    for sc in Scorecard.objects.filter(pk__in=[s.pk for s in scorecards]).select_related("questionnaire"):
        expected = score_scorecard(sc)
        assert (sc.overall, sc.completeness, sc.evidence_share) == (
            expected.overall,
            expected.completeness or 0,
            expected.evidence_share,
        ), sc.pk
        stored = {r.area_id: r for r in ScorecardAreaScore.objects.filter(scorecard=sc)}
        for area in expected.areas:
            row = stored[areas[area.key]]
            assert (row.score, row.completeness, row.evidence_share) == (
                area.score,
                area.completeness,
                area.evidence_share,
            ), (sc.pk, area.key)
        assert sc.dirty_since is None and sc.computed_version == sc.data_version
