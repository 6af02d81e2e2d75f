"""Thin Celery tasks: take ids, call the pipeline, idempotent (recompute from the source of truth).

Registered under the names in `assessments.jobs`, which is how every writer sends them: nothing
imports this module but Celery's autodiscovery."""

from celery import shared_task

from assessments import jobs
from assessments.pipeline.aggregates import provider_aggregate_recompute
from assessments.pipeline.attainment import commitment_recompute
from assessments.pipeline.partnerships import partnership_recompute
from assessments.pipeline.scorecards import questionnaire_recompute, scorecard_recompute
from assessments.pipeline.sweep import sweep_dirty


@shared_task(name=jobs.SCORECARD, **jobs.RECOMPUTE_OPTIONS)
def recompute_scorecard(scorecard_id: int) -> bool:
    jobs.release_guard(jobs.SCORECARD, scorecard_id)
    return scorecard_recompute(scorecard_id=scorecard_id) is not None


@shared_task(name=jobs.AGGREGATE, **jobs.RECOMPUTE_OPTIONS)
def recompute_provider_aggregate(aggregate_id: int) -> bool:
    jobs.release_guard(jobs.AGGREGATE, aggregate_id)
    return provider_aggregate_recompute(aggregate_id=aggregate_id)


@shared_task(name=jobs.COMMITMENT, **jobs.RECOMPUTE_OPTIONS)
def recompute_commitment(commitment_id: int) -> bool:
    jobs.release_guard(jobs.COMMITMENT, commitment_id)
    return commitment_recompute(commitment_id=commitment_id) is not None


@shared_task(name=jobs.PARTNERSHIP, **jobs.RECOMPUTE_OPTIONS)
def recompute_partnership(partnership_id: int) -> bool:
    jobs.release_guard(jobs.PARTNERSHIP, partnership_id)
    return partnership_recompute(partnership_id=partnership_id)


@shared_task(name=jobs.QUESTIONNAIRE, **jobs.RECOMPUTE_OPTIONS)
def recompute_questionnaire(questionnaire_id: int) -> int:
    """The fleet path after a weight change: every dirty scorecard of the questionnaire, in batches."""
    jobs.release_guard(jobs.QUESTIONNAIRE, questionnaire_id)
    return questionnaire_recompute(questionnaire_id=questionnaire_id)


@shared_task(name=jobs.MARKED, **jobs.RECOMPUTE_OPTIONS)
def recompute_marked(target_id: int = 0) -> dict:
    """One batch job for a fan-out (every partnership score after a balance change, or
    `recompute_scores --dirty`): everything marked, without the sweep's grace period."""
    jobs.release_guard(jobs.MARKED, target_id)
    return sweep_dirty(grace_seconds=0)


@shared_task(name=jobs.SWEEP, acks_late=True, autoretry_for=jobs.TRANSIENT, max_retries=3)
def sweep_dirty_scores() -> dict:
    return sweep_dirty()
