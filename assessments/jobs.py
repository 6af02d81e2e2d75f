"""Background jobs, sent by name: the one door from a writer to the workers (RELIABILITY.md).

A writer marks what it changed in its own transaction (`assessments.pipeline.marking`), then
asks for the job here, after commit (`on_commit`): at once after a quiet spell, or at the end of a
short throttle window during a burst, with at most one job pending per target (a Redis `SET NX`
guard that the job releases as it starts: `release_guard`). A broker error is logged and
swallowed: the save stands and the mark stays for the sweep. Jobs are sent by their task's name,
so nothing here (or in any writer) imports the tasks module.
"""

from __future__ import annotations

import logging
from functools import partial

import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from kombu.exceptions import OperationalError as BrokerError

from cspeval.celery import app

logger = logging.getLogger(__name__)

# Errors a job is retried on: the database or the broker gone for a moment.
TRANSIENT = (OperationalError, InterfaceError, BrokerError)
# How every recompute task runs: acknowledged once done, retried with backoff on a transient error.
RECOMPUTE_OPTIONS = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 1,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 8,
}

# The tasks by name (`assessments.tasks` and `notifications.tasks` register them under these names).
SCORECARD = "assessments.tasks.recompute_scorecard"
AGGREGATE = "assessments.tasks.recompute_provider_aggregate"
PARTNERSHIP = "assessments.tasks.recompute_partnership"
COMMITMENT = "assessments.tasks.recompute_commitment"
QUESTIONNAIRE = "assessments.tasks.recompute_questionnaire"  # a fleet: every marked scorecard of one
MARKED = "assessments.tasks.recompute_marked"  # a batch: everything marked, at once (target 0)
SWEEP = "assessments.tasks.sweep_dirty_scores"  # beat's: everything marked before the grace period
EMAIL = "notifications.tasks.send_notification_email"

_client: redis.Redis | None = None


def guard_client() -> redis.Redis | None:
    """The Redis client of the guard (None without REDIS_URL: no guard, every change sends)."""
    global _client
    if not settings.REDIS_URL:
        return None
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    return _client


def reset_guard_client() -> None:
    """Forget the client (after REDIS_URL changed: a test, a forked process)."""
    global _client
    _client = None


def _namespace() -> str:
    """Keys are per database, so two databases sharing one Redis never block each other."""
    return f"cspeval:{connection.settings_dict['NAME']}"


def guard_key(task_name: str, target_id: int) -> str:
    return f"{_namespace()}:pending:{task_name.rsplit('.', 1)[-1]}:{target_id}"


def recent_key(task_name: str, target_id: int) -> str:
    return f"{_namespace()}:recent:{task_name.rsplit('.', 1)[-1]}:{target_id}"


def guard_ttl_ms() -> int:
    """How long a pending-job guard lives: the throttle window (the longest countdown a job is
    sent with) plus a few seconds for the queue. If nobody releases it (a paused Redis, a lost
    job), later changes queue nothing only until then; a guard expiring early costs at most one
    duplicate, idempotent job."""
    return max(int(settings.RECOMPUTE_COALESCE_SECONDS * 1000), 0) + 5000


def release_guard(task_name: str, target_id: int) -> None:
    """Called by a job as it starts: later changes must enqueue a job of their own.

    It also opens a short throttle window: a change arriving while it is open is computed
    when it closes, together with every other change of the burst (leading and trailing edge).
    """
    client = guard_client()
    if client is None:
        return
    window_ms = int(settings.RECOMPUTE_COALESCE_SECONDS * 1000)
    try:
        pipe = client.pipeline()
        pipe.delete(guard_key(task_name, target_id))
        if window_ms > 0:
            pipe.set(recent_key(task_name, target_id), 1, px=window_ms)
        pipe.execute()
    except Exception:  # the guard is an optimisation; the sweep is the safety net
        logger.warning("recompute guard: could not release %s %s", task_name, target_id, exc_info=True)


def _drop_guard(client: redis.Redis, task_name: str, target_id: int) -> None:
    try:
        client.delete(guard_key(task_name, target_id))
    except Exception:
        logger.warning("recompute guard: could not drop %s %s", task_name, target_id, exc_info=True)


def _send(task_name: str, args: tuple, countdown: float = 0.0) -> None:
    """Run the task in-process (CELERY_TASK_ALWAYS_EAGER) or send it to the broker, by name."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        app.tasks[task_name].apply(args=args)
    else:
        app.send_task(task_name, args=args, countdown=countdown, retry=False)


def enqueue(task_name: str, target_id: int) -> None:
    """Queue the recompute of one target now, coalesced (see the module's docstring); never raises."""
    client, guarded = None, False
    try:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            _send(task_name, (target_id,))
            return
        client = guard_client()
        countdown = 0.0
        if client is not None:
            # One pending job per target: changes while it waits are read when it runs.
            if not client.set(guard_key(task_name, target_id), 1, nx=True, px=guard_ttl_ms()):
                return
            guarded = True
            # A job ran a moment ago (a burst): wait for its window to close, then compute once.
            remaining_ms = client.pttl(recent_key(task_name, target_id))
            countdown = remaining_ms / 1000 if remaining_ms and remaining_ms > 0 else 0.0
        _send(task_name, (target_id,), countdown)
    except Exception:
        # The change is committed and marked dirty; the sweep will pick it up. No job was sent, so
        # a guard set for it would only turn the next changes away: drop it.
        if guarded:
            _drop_guard(client, task_name, target_id)
        logger.warning(
            "recompute: could not enqueue %s for %s; the sweep will catch up", task_name, target_id, exc_info=True
        )


def enqueue_on_commit(task_name: str, target_id: int) -> None:
    """`enqueue` once the caller's transaction commits (at once outside one)."""
    transaction.on_commit(partial(enqueue, task_name, target_id), robust=True)


def send_on_commit(task_name: str, *args) -> None:
    """Send a job that is not a recompute (an e-mail) after commit, uncoalesced; never raises."""
    transaction.on_commit(partial(_send_safely, task_name, args), robust=True)


def _send_safely(task_name: str, args: tuple) -> None:
    try:
        _send(task_name, args)
    except Exception:
        logger.warning("could not queue %s", task_name, exc_info=True)
