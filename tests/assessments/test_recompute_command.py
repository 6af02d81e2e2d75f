"""`manage.py recompute_scores`: --all hands the workers the weight-change path (one fleet job per
questionnaire); --inline computes in this process, in batches, to the engine's figures."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from assessments import jobs, tasks
from assessments.models import PartnershipScore, ProviderAggregate, Scorecard
from assessments.pipeline.marking import scorecard_mark_dirty
from tests.assessments.weights_support import assert_stored_scores_match_engine


@pytest.fixture
def queued(monkeypatch, settings):
    """Jobs handed to the broker land here (as if the workers were busy)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(jobs, "enqueue", lambda task_name, target_id: sent.append((task_name, target_id)))
    return sent


def test_all_marks_every_score_and_queues_one_fleet_job_per_questionnaire(
    scored, queued, capsys, django_capture_on_commit_callbacks
):
    world = scored
    scorecards = Scorecard.objects.filter(questionnaire=world.questionnaire)
    # when an operator asks for every score to be recomputed by the workers
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recompute_scores", "--all")
    # then every scorecard is marked stale at once, and one fleet job per questionnaire is queued
    assert "Marked 3 scorecard scores; queued 1 fleet recomputes for the workers." in capsys.readouterr().out
    assert all(sc.dirty_since is not None and sc.computed_version < sc.data_version for sc in scorecards)
    assert queued == [("assessments.tasks.recompute_questionnaire", world.questionnaire.pk)]
    # and when the worker runs it, every score is fresh and the engine's, aggregates and pairs included
    for _, questionnaire_id in queued:
        tasks.recompute_questionnaire.apply(args=(questionnaire_id,))
    assert_stored_scores_match_engine(world.questionnaire)
    aggregate = ProviderAggregate.objects.get(provider=world.northwind, questionnaire=world.questionnaire)
    assert aggregate.dirty_since is None and aggregate.mean_overall == Decimal("68.75")
    assert not PartnershipScore.objects.filter(dirty_since__isnull=False).exists()


def test_dirty_queues_one_batch_job_that_recomputes_every_marked_score(
    scored, queued, capsys, django_capture_on_commit_callbacks
):
    world = scored
    # given a scorecard marked (and with it its provider's aggregate and its pair), no job run
    with django_capture_on_commit_callbacks(execute=False):
        scorecard_mark_dirty(scorecard_ids=[world.contoso_on_fabrikam.pk])
    marked = sum(
        model.objects.filter(dirty_since__isnull=False).count()
        for model in (Scorecard, ProviderAggregate, PartnershipScore)
    )
    # when an operator hands the marked scores to the workers
    call_command("recompute_scores", "--dirty")
    # then one batch job is queued for all of them, not one per row
    assert f"Queued one batch recompute of {marked} marked scores for the workers." in capsys.readouterr().out
    assert queued == [(jobs.MARKED, 0)]
    # and when a worker runs it, nothing is left marked and every score is the engine's
    tasks.recompute_marked.apply(args=(0,))
    assert not Scorecard.objects.filter(dirty_since__isnull=False).exists()
    assert not ProviderAggregate.objects.filter(dirty_since__isnull=False).exists()
    assert not PartnershipScore.objects.filter(dirty_since__isnull=False).exists()
    assert_stored_scores_match_engine(world.questionnaire)


def test_dirty_with_nothing_marked_queues_nothing(scored, queued, capsys):
    call_command("recompute_scores", "--dirty")
    assert "Nothing to recompute." in capsys.readouterr().out
    assert queued == []


def test_inline_all_recomputes_every_score_in_this_process(scored, capsys):
    world = scored
    # given stored scores that are wrong (as after a bad restore) but not marked
    Scorecard.objects.update(overall=Decimal("1"))
    # when an operator recomputes everything inline
    call_command("recompute_scores", "--all", "--inline")
    # then every score is the engine's again
    assert "Recomputed 3 scorecard scores" in capsys.readouterr().out
    assert_stored_scores_match_engine(world.questionnaire)
