"""Thin Celery tasks: take ids, call the service, idempotent (recompute from the source of truth)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from assessments import jobs
from assessments.services import recompute
from assessments.services.commitments import commitment_recompute
from assessments.services.partnerships import partnership_recompute

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
    jobs.release_guard("assessments.tasks.recompute_scorecard", scorecard_id)
    return recompute.scorecard_recompute(scorecard_id=scorecard_id) is not None


@shared_task(name="assessments.tasks.recompute_provider_aggregate", **COMMON)
def recompute_provider_aggregate(aggregate_id: int) -> bool:
    jobs.release_guard("assessments.tasks.recompute_provider_aggregate", aggregate_id)
    return recompute.provider_aggregate_recompute(aggregate_id=aggregate_id)


@shared_task(name="assessments.tasks.recompute_commitment", **COMMON)
def recompute_commitment(commitment_id: int) -> bool:

    jobs.release_guard("assessments.tasks.recompute_commitment", commitment_id)
    return commitment_recompute(commitment_id=commitment_id) is not None


@shared_task(name="assessments.tasks.sweep_dirty_scores", acks_late=True, autoretry_for=TRANSIENT, max_retries=3)
def sweep_dirty_scores() -> dict:
    return recompute.sweep_dirty()


@shared_task(name="assessments.tasks.send_notification_email", acks_late=True, autoretry_for=TRANSIENT, max_retries=5)
def send_notification_email(user_ids: list[int], text: str, url: str) -> int:
    """E-mail a notice to these users (console backend by default, SMTP by settings)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mass_mail

    emails = get_user_model().objects.filter(pk__in=user_ids).exclude(email="").values_list("email", flat=True)
    body = f"{text}\n\nSee it in cspeval: {settings.SITE_URL.rstrip('/')}{url}\n" if url else f"{text}\n"
    subject = "cspeval: " + " ".join(text.split())[:80]  # a header is one line: a line break would drop the mail
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


@shared_task(name="assessments.tasks.recompute_partnership", **COMMON)
def recompute_partnership(partnership_id: int) -> bool:

    jobs.release_guard("assessments.tasks.recompute_partnership", partnership_id)
    return partnership_recompute(partnership_id=partnership_id)


@shared_task(name="assessments.tasks.recompute_questionnaire", **COMMON)
def recompute_questionnaire(questionnaire_id: int) -> int:
    """The fleet path after a weight change: every dirty scorecard of the questionnaire, in batches."""
    jobs.release_guard("assessments.tasks.recompute_questionnaire", questionnaire_id)
    return recompute.questionnaire_recompute(questionnaire_id=questionnaire_id)
