"""The set-based provider aggregates and partnership scores give exactly what the Python path gives
(the path SQLite runs), on random data, and keep their marks the same way (PostgreSQL)."""

import random
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from assessments.models import (
    Answer,
    PartnershipScore,
    PortalSettings,
    ProviderAggregate,
    Scorecard,
    ScorecardAreaScore,
)
from assessments.pipeline import derived_sql
from assessments.pipeline.aggregates import provider_aggregate_recompute
from assessments.pipeline.marking import questionnaire_mark_dirty, scorecard_mark_dirty
from assessments.pipeline.partnerships import partnerships_recompute
from assessments.pipeline.scorecards import questionnaire_recompute, scorecard_recompute
from assessments.pipeline.sweep import sweep_dirty
from commitments.models import Commitment
from tests.assessments.lock_support import blocked_on_a_lock
from tests.assessments.test_fleet_sql import _random_answers, _random_questionnaire
from tests.factories import OrganisationFactory, ProviderFactory, SubmittedScorecardFactory

pytestmark = pytest.mark.services

AGGREGATE_FIELDS = ProviderAggregate.FIGURES
PAIR_FIELDS = (
    "provider_side",
    "reseller_side",
    "combined",
    "readiness_score",
    "delivery",
    "scorecard_id",
    "readiness_id",
)

# Around the turn of a quarter in London: 23:30 UTC on 31 March is already April there (BST)
QUARTER_EDGES = [datetime(2026, 3, 31, 23, 30, tzinfo=UTC), datetime(2025, 12, 31, 23, 59, tzinfo=UTC)]


def _random_world(world, seed: int):
    """Random weights and questions; 40 resellers reviewing 4 providers (some several times, across
    quarters, some with nothing answered), readiness self-assessments, commitments with
    attainments; every score computed, then some overall and area scores set by hand to values
    whose means and medians fall exactly on a half (where rounding rules differ)."""
    rng = random.Random(seed)
    questionnaire = _random_questionnaire(world, rng)
    Scorecard.objects.all().delete()
    providers = [world.northwind, world.fabrikam] + [ProviderFactory(name=f"P{seed}-{i}") for i in range(2)]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(40):
        reseller = OrganisationFactory(name=f"R{seed}-{i}")
        for provider in rng.sample(providers, rng.randint(1, 4)):
            for _ in range(rng.choice([1, 1, 1, 2, 3])):  # re-reviews: only the latest counts
                when = (
                    rng.choice(QUARTER_EDGES) if rng.random() < 0.1 else start + timedelta(hours=rng.randint(0, 14000))
                )
                sc = SubmittedScorecardFactory(
                    reseller=reseller, provider=provider, questionnaire=questionnaire,
                    submitted_at=when,
        dirty_since=None,
    )  # fmt: skip
                if rng.random() < 0.9:
                    _random_answers(sc, rng)
            if rng.random() < 0.3:
                Scorecard.objects.create(reseller=reseller, provider=provider, questionnaire=questionnaire)  # a draft
            if rng.random() < 0.5:
                commitment = Commitment.objects.create(
                    reseller=reseller, provider=provider, kpi="seat_adds", target=Decimal("100"), unit="seats",
                    period_start=start.date(), period_end=start.date(), status=rng.choice(["accepted", "proposed"]),
                )  # fmt: skip
                for _ in range(rng.randint(0, 2)):  # several lines to the same provider
                    Commitment.objects.create(
                        reseller=reseller, provider=provider, kpi="events", target=Decimal("3"), unit="events",
                        period_start=start.date(), period_end=start.date(), status="accepted",
                    )  # fmt: skip
                del commitment
        if rng.random() < 0.6:
            readiness = SubmittedScorecardFactory(
                reseller=reseller, provider=None, questionnaire=world.readiness_questionnaire,
                submitted_at=start + timedelta(days=rng.randint(0, 500)),
        dirty_since=None,
    )  # fmt: skip
            _random_answers(readiness, rng)
    PortalSettings.objects.update_or_create(
        pk=1, defaults={"partnership_provider_share": rng.choice([Decimal("0.5"), Decimal("0.7"), Decimal("0.333")])}
    )
    sweep_dirty(grace_seconds=0, everything=True)
    # hand-set figures: pairs of overalls summing to an odd number of ten-thousandths (a median or a
    # mean of two exactly on a half), attainments over and under 1 in threes (thirds do not end)
    for sc in Scorecard.objects.filter(status="submitted", overall__isnull=False):
        if rng.random() < 0.5:
            Scorecard.objects.filter(pk=sc.pk).update(overall=Decimal(rng.randint(0, 1_000_000)) / 10_000)
    for row in ScorecardAreaScore.objects.filter(score__isnull=False):
        if rng.random() < 0.3:
            ScorecardAreaScore.objects.filter(pk=row.pk).update(score=Decimal(rng.randint(0, 1_000_000)) / 10_000)
    for line in Commitment.objects.filter(status="accepted"):
        attainment = rng.choice([None, Decimal("0.3333"), Decimal("1.25"), Decimal(rng.randint(0, 15000)) / 10_000])
        Commitment.objects.filter(pk=line.pk).update(attainment=attainment)
    return questionnaire


def _aggregates() -> dict:
    return {a.pk: {f: getattr(a, f) for f in AGGREGATE_FIELDS} for a in ProviderAggregate.objects.all()}


def _pairs() -> dict:
    return {p.pk: {f: getattr(p, f) for f in PAIR_FIELDS} for p in PartnershipScore.objects.all()}


def _by_python(monkeypatch):
    """Recompute every aggregate and pair through the Python path (as on SQLite)."""
    with monkeypatch.context() as m:
        m.setattr(derived_sql, "supported", lambda: False)
        for pk in ProviderAggregate.objects.values_list("pk", flat=True):
            assert provider_aggregate_recompute(aggregate_id=pk)
        ids = list(PartnershipScore.objects.values_list("pk", flat=True))
        assert partnerships_recompute(partnership_ids=ids) == len(ids)


def _by_sql():
    aggregate_ids = list(ProviderAggregate.objects.values_list("pk", flat=True))
    assert derived_sql.provider_aggregates_recompute(aggregate_ids=aggregate_ids) == len(aggregate_ids)
    ids = list(PartnershipScore.objects.values_list("pk", flat=True))
    assert derived_sql.partnerships_recompute(partnership_ids=ids) == len(ids)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_derived_sql_equals_the_python_path_on_random_data(world, postgres, monkeypatch, seed):
    # given random reviews, readiness, commitments and hand-set figures, every score computed
    _random_world(world, seed)
    # when every aggregate and pair is computed through the Python path, then set-based
    _by_python(monkeypatch)
    python = _aggregates(), _pairs()
    ProviderAggregate.objects.update(mean_overall=None, trend={}, question_means={}, questions_dirty=True)
    PartnershipScore.objects.update(combined=None, delivery=None, scorecard_id=None)
    _by_sql()
    sql = _aggregates(), _pairs()
    # then both give the same figures, field by field
    for pk, fields in python[0].items():
        assert sql[0][pk] == fields, pk
    for pk, fields in python[1].items():
        assert sql[1][pk] == fields, pk
    # and the data did reach the cases the rules are about
    assert any(len(a["trend"]) > 3 for a in python[0].values())
    assert any(p["delivery"] is not None and p["combined"] is not None for p in python[1].values())
    assert all(not a.is_stale for a in ProviderAggregate.objects.all())
    assert all(not p.is_stale for p in PartnershipScore.objects.all())


def _weight_change(questionnaire) -> None:
    """An area weight and a question weight changed, as the admin's service changes them."""
    from django.db.models import F

    from assessments.models import Area, Question, Questionnaire

    area = Area.objects.filter(questionnaire=questionnaire).order_by("pk").first()
    with transaction.atomic():
        Area.objects.filter(pk=area.pk).update(weight=F("weight") + Decimal("7"))
        Question.objects.filter(
            pk=Question.objects.filter(area__questionnaire=questionnaire).order_by("pk")[0].pk
        ).update(weight=F("weight") + Decimal("2"))
        Questionnaire.objects.filter(pk=questionnaire.pk).update(weights_revision=F("weights_revision") + 1)
        questionnaire_mark_dirty(questionnaire_id=questionnaire.pk, weights_only=True)


def test_a_weight_change_keeps_the_question_means_and_every_figure_equals_one_from_scratch(
    world, postgres, monkeypatch
):
    # given every figure fresh, then a weight change recomputed through the fleet path, which keeps
    # the per-question means (no weight changes a normalised answer) rather than reading every answer
    questionnaire = _random_world(world, 4)
    _by_sql()
    _weight_change(questionnaire)
    assert not ProviderAggregate.objects.filter(questions_dirty=True).exists()
    questionnaire_recompute(questionnaire_id=questionnaire.pk)
    after_change = _aggregates(), _pairs()
    # when every figure is computed again from scratch through the Python path
    _by_python(monkeypatch)
    # then the figures are the same, field by field, and the means moved with the weights
    assert after_change == (_aggregates(), _pairs())
    assert all(not a.is_stale for a in ProviderAggregate.objects.all())


def test_an_answer_changed_after_a_weight_change_reaches_the_question_means(world, postgres, monkeypatch):
    # given a weight change whose aggregates keep their per-question means
    questionnaire = _random_world(world, 5)
    _by_sql()
    _weight_change(questionnaire)
    # when, before the worker got to it, an answer changes (with its mark) in the latest scorecard
    # of a reseller that reviewed Northwind once
    from django.db.models import Count

    once = (
        Scorecard.objects.filter(status="submitted", provider=world.northwind)
        .values("reseller_id")
        .annotate(n=Count("id"))
        .filter(n=1)
        .values("reseller_id")
    )
    answer = (
        Answer.objects.filter(
            scorecard__status="submitted",
            scorecard__provider=world.northwind,
            scorecard__reseller_id__in=once,
            question__kind="scale",
            not_applicable=False,
        )
        .exclude(value_number=None)
        .exclude(value_number=3)
        .first()
    )
    question_id = str(answer.question_id)
    before = ProviderAggregate.objects.get(provider=world.northwind).question_means[question_id]
    with transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(value_number=6 - answer.value_number)
        scorecard_mark_dirty(scorecard_ids=[answer.scorecard_id])
    sweep_dirty(grace_seconds=0)
    questionnaire_recompute(questionnaire_id=questionnaire.pk)
    aggregate = ProviderAggregate.objects.get(provider=world.northwind, questionnaire=questionnaire)
    stored = aggregate.question_means.get(question_id)
    # then the stored mean moved, and is the one a computation from scratch gives
    assert stored != before
    _by_python(monkeypatch)
    aggregate.refresh_from_db()
    assert stored == aggregate.question_means.get(question_id)
    assert not aggregate.is_stale and not aggregate.questions_dirty


def test_derived_sql_leaves_the_mark_of_a_figure_whose_input_is_dirty(world, postgres):
    # given every figure fresh
    _random_world(world, 7)
    aggregate = ProviderAggregate.objects.filter(provider=world.northwind).get()
    scorecard = Scorecard.objects.filter(provider=world.northwind, status="submitted").first()
    pair = PartnershipScore.objects.get(reseller=scorecard.reseller, provider=world.northwind)
    # when one of Northwind's scorecards is marked (with what it feeds) and everything is recomputed
    with transaction.atomic():
        scorecard_mark_dirty(scorecard_ids=[scorecard.pk])
    written = derived_sql.provider_aggregates_recompute(
        aggregate_ids=ProviderAggregate.objects.values_list("pk", flat=True)
    )
    derived_sql.partnerships_recompute(partnership_ids=PartnershipScore.objects.values_list("pk", flat=True))
    # then Northwind's aggregate and the scorecard's pair keep their marks, and the others were written
    assert written == ProviderAggregate.objects.count() - 1
    aggregate.refresh_from_db()
    pair.refresh_from_db()
    assert aggregate.is_stale and aggregate.dirty_since is not None
    assert pair.is_stale and pair.dirty_since is not None
    # and once the scorecard is recomputed, they are written
    scorecard_recompute(scorecard_id=scorecard.pk, cascade=False)
    assert derived_sql.provider_aggregates_recompute(aggregate_ids=[aggregate.pk]) == 1
    assert derived_sql.partnerships_recompute(partnership_ids=[pair.pk]) == 1


def _small_world(world) -> Scorecard:
    """Contoso's and Tailspin's submitted reviews of Northwind, answered, every figure fresh."""
    for sc in (world.contoso_on_northwind, world.tailspin_on_northwind):
        scale = sc.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
        Answer.objects.create(scorecard=sc, question=scale, value_number=4)
        Scorecard.objects.filter(pk=sc.pk).update(status="submitted", submitted_at=timezone.now())
    sweep_dirty(grace_seconds=0, everything=True)
    return world.contoso_on_northwind


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("which", ["aggregate", "pair"])
def test_derived_sql_does_not_store_figures_read_before_a_concurrent_change(
    world,
    postgres,
    jobs_wait_in_the_queue,
    which,
):
    # given every figure fresh
    scorecard = _small_world(world)
    if which == "aggregate":
        model, pk = ProviderAggregate, ProviderAggregate.objects.get(provider=world.northwind).pk

        def recompute_it():
            return derived_sql.provider_aggregates_recompute(aggregate_ids=[pk])
    else:
        model, pk = PartnershipScore, PartnershipScore.objects.get(reseller=world.contoso, provider=world.northwind).pk

        def recompute_it():
            return derived_sql.partnerships_recompute(partnership_ids=[pk])

    assert not model.objects.get(pk=pk).is_stale
    marked, release, result = threading.Event(), threading.Event(), {}

    def writer_marks_the_scorecard():
        # the row lock on the derived row is held until the writer commits
        try:
            with transaction.atomic():
                scorecard_mark_dirty(scorecard_ids=[scorecard.pk])
                marked.set()
                release.wait(10)
        finally:
            connections.close_all()

    def recompute_in_its_own_session():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                result["pid"] = cursor.fetchone()[0]
            result["written"] = recompute_it()
        finally:
            connections.close_all()

    writer = threading.Thread(target=writer_marks_the_scorecard)
    writer.start()
    assert marked.wait(10)
    # when a recompute starts while the mark is not committed (it reads the scorecard as clean)
    job = threading.Thread(target=recompute_in_its_own_session)
    job.start()
    blocked_on_a_lock(result, "the recompute")
    # and the mark commits while it waits to write
    release.set()
    writer.join(10)
    job.join(10)
    # then it wrote nothing, and the derived row keeps the writer's mark
    assert result["written"] == 0
    row = model.objects.get(pk=pk)
    assert row.is_stale and row.dirty_since is not None


def test_derived_sql_pairs_fed_by_equal_the_python_path_and_create_the_missing_rows(world, postgres, monkeypatch):
    from assessments.pipeline.partnerships import partnership_ids_fed_by

    # given the random world, some pairs' rows gone, and the submitted scorecards of a few resellers
    _random_world(world, 5)
    submitted = set(
        Scorecard.objects.filter(status="submitted").values_list("reseller_id", "provider_id").order_by()[:60]
    )
    assert any(p is None for _, p in submitted) and any(p is not None for _, p in submitted)
    gone_pairs = sorted((r, p) for r, p in submitted if p is not None)[:5]
    for reseller_id, provider_id in gone_pairs:
        PartnershipScore.objects.filter(reseller_id=reseller_id, provider_id=provider_id).delete()
    # when the pairs they feed are found set-based, then (rows now there) through the Python path
    by_sql = partnership_ids_fed_by(submitted)
    with monkeypatch.context() as m:
        m.setattr(derived_sql, "supported", lambda: False)
        by_python = partnership_ids_fed_by(submitted)
    # then both find the same pairs, the missing rows among them, created
    assert by_sql == by_python and by_sql
    created = PartnershipScore.objects.filter(pk__in=by_sql)
    assert set(gone_pairs) <= set(created.values_list("reseller_id", "provider_id"))
    for reseller_id, provider_id in gone_pairs:
        assert PartnershipScore.objects.get(reseller_id=reseller_id, provider_id=provider_id).is_stale


def test_derived_sql_leaves_the_planner_settings_of_the_callers_transaction_as_they_were(world, postgres):
    # given a transaction (the test's own) in which derived figures are recomputed
    _small_world(world)
    # when both statements have run
    derived_sql.provider_aggregates_recompute(aggregate_ids=ProviderAggregate.objects.values_list("pk", flat=True))
    derived_sql.partnerships_recompute(partnership_ids=PartnershipScore.objects.values_list("pk", flat=True))
    # then what the caller runs next is planned as usual (a nested loop allowed, the usual memory)
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_nestloop")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SELECT setting = reset_val FROM pg_settings WHERE name = 'work_mem'")
        assert cursor.fetchone()[0]
