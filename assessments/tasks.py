"""Thin Celery tasks: take ids, call the service, idempotent (recompute from the source of truth)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from assessments.services import recompute

TRANSIENT = (OperationalError, InterfaceError, BrokerError)
COMMON = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 1,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="assessments.tasks.recompute_scorecard", **COMMON)
def recompute_scorecard(scorecard_id: int) -> bool:
    recompute.release_guard("assessments.tasks.recompute_scorecard", scorecard_id)
    return recompute.scorecard_recompute(scorecard_id=scorecard_id) is not None


@shared_task(name="assessments.tasks.recompute_provider_aggregate", **COMMON)
def recompute_provider_aggregate(aggregate_id: int) -> bool:
    recompute.release_guard("assessments.tasks.recompute_provider_aggregate", aggregate_id)
    return recompute.provider_aggregate_recompute(aggregate_id=aggregate_id)


@shared_task(name="assessments.tasks.sweep_dirty_scores", acks_late=True, autoretry_for=TRANSIENT, max_retries=3)
def sweep_dirty_scores() -> dict:
    return recompute.sweep_dirty()


