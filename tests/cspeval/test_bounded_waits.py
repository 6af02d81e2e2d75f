"""Bounded waits (issue 10): no lock, statement, idle transaction or pending-job guard waits without limit.

Each against the real PostgreSQL (and Redis, and a real Celery worker, where they say so).
"""

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import OperationalError, connections
from django.db.models import F
from django.db.models.functions import Now
from rest_framework.test import APIClient

from assessments import jobs, tasks
from assessments.models import Scorecard
from assessments.pipeline.scorecards import scorecard_recompute
from assessments.pipeline.specs import score_scorecard
from assessments.pipeline.sweep import sweep_dirty
from tests.cspeval.db_faults import closed_port, default_database, raw_connection

ROOT = Path(__file__).resolve().parents[2]
SCORECARD_TABLE = Scorecard._meta.db_table
LOCK_ROW = f"SELECT id FROM {SCORECARD_TABLE} WHERE id = %s FOR UPDATE"  # noqa: S608 (a model's table name)


def _session_ms(name: str) -> int:
    """A session setting of the portal's connection, in milliseconds."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT setting::int FROM pg_settings WHERE name = %s AND unit = 'ms'", [name])
        return cursor.fetchone()[0]


def _mark_dirty(scorecard_id: int) -> None:
    """A change whose recompute is still to come (as a writer leaves it), with no job queued."""
    Scorecard.objects.filter(pk=scorecard_id).update(data_version=F("data_version") + 1, dirty_since=Now())


def _backend_alive(pid: int) -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


def _backend_gone(pid: int, within: float = 2.0) -> bool:
    """The server process has exited (it lingers in pg_stat_activity a moment after ending its session)."""
    deadline = time.monotonic() + within
    while _backend_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# --- Settings ------------------------------------------------------------------------------


def _settings_in_subprocess(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "DB_"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, cspeval.settings as s; print(json.dumps(s.DATABASES['default']['OPTIONS']));"
            " print(s.DB_WORKER_STATEMENT_TIMEOUT_MS)",
        ],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_postgres_connections_carry_the_timeouts_and_keepalives():
    # given a PostgreSQL URL with options of its own, and two limits set in the environment
    result = _settings_in_subprocess(
        DATABASE_URL="postgres://u@db:5432/x?options=-c%20search_path%3Dpublic",
        DB_LOCK_TIMEOUT_MS="2500",
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS="45000",
    )
    assert result.returncode == 0, result.stderr
    options_line, worker_line = result.stdout.strip().splitlines()
    options = json.loads(options_line)
    # then libpq gets the session limits after the URL's own options (and no JIT compiling),
    # connect timeout and keepalives
    assert options["options"] == (
        "-c search_path=public -c lock_timeout=2500 -c statement_timeout=30000"
        " -c idle_in_transaction_session_timeout=45000 -c jit=off"
    )
    assert options["connect_timeout"] == 5
    assert (options["keepalives"], options["keepalives_idle"], options["keepalives_interval"]) == (1, 10, 5)
    assert (options["keepalives_count"], options["tcp_user_timeout"]) == (3, 15000)
    # and a worker's statement limit defaults to half the soft time limit (270 s), at most 120 s
    assert worker_line == "120000"


def test_settings_sqlite_options_are_left_as_they_were():
    result = _settings_in_subprocess()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0]) == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DB_LOCK_TIMEOUT_MS": "soon"}, "DB_LOCK_TIMEOUT_MS must be a whole number, not 'soon'."),
        ({"DB_STATEMENT_TIMEOUT_MS": "0"}, "DB_STATEMENT_TIMEOUT_MS must be at least 1, not 0."),
        ({"DB_IDLE_IN_TRANSACTION_TIMEOUT_MS": "-5"}, "DB_IDLE_IN_TRANSACTION_TIMEOUT_MS must be at least 1"),
        ({"DB_CONNECT_TIMEOUT_SECONDS": "1"}, "DB_CONNECT_TIMEOUT_SECONDS must be at least 2, not 1."),
        ({"DB_TCP_USER_TIMEOUT_MS": "10"}, "DB_TCP_USER_TIMEOUT_MS must be at least 1000, not 10."),
        ({"DB_KEEPALIVES_COUNT": "many"}, "DB_KEEPALIVES_COUNT must be a whole number, not 'many'."),
        ({"DB_LOCK_TIMEOUT_MS": "30000"}, "DB_LOCK_TIMEOUT_MS (30000) must be less than DB_STATEMENT_TIMEOUT_MS"),
        (
            {"DB_WORKER_STATEMENT_TIMEOUT_MS": "270000"},
            "DB_WORKER_STATEMENT_TIMEOUT_MS (270000) must be less than the tasks' soft time limit (270 s",
        ),
    ],
)
def test_settings_bad_timeout_names_the_variable(env, message):
    result = _settings_in_subprocess(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


# --- PostgreSQL sessions -------------------------------------------------------------------


def test_connection_starts_with_the_configured_limits(db, postgres, settings):
    # when the portal opens a connection, then its session has the settings' limits
    assert _session_ms("lock_timeout") == settings.DB_LOCK_TIMEOUT_MS == 5000
    assert _session_ms("statement_timeout") == settings.DB_STATEMENT_TIMEOUT_MS == 30000
    assert _session_ms("idle_in_transaction_session_timeout") == settings.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS == 60000


@pytest.mark.django_db(transaction=True)
def test_worker_process_connects_with_its_own_statement_limit(postgres, settings):
    # given a `celery worker` starting up (it alone sends celeryd_init)
    from celery.signals import celeryd_init

    from cspeval.celery import app

    web_limit = _session_ms("statement_timeout")
    try:
        celeryd_init.send(sender="worker@test", instance=None, conf=app.conf, options={})
        # then its connections run statements for DB_WORKER_STATEMENT_TIMEOUT_MS (a fleet batch), not 30 s
        assert _session_ms("statement_timeout") == settings.DB_WORKER_STATEMENT_TIMEOUT_MS == 120000
        assert _session_ms("lock_timeout") == 5000
    finally:
        from cspeval.celery import use_statement_timeout

        use_statement_timeout(settings.DATABASES, settings.DB_STATEMENT_TIMEOUT_MS)
        connections.close_all()
    assert web_limit == 30000
    assert _session_ms("statement_timeout") == 30000


@pytest.mark.django_db(transaction=True)
def test_idle_in_transaction_connection_is_ended_and_its_row_lock_freed(world, postgres):
    # given a client that locked a scorecard row and then went silent inside its transaction
    # (a request cut off by a network partition), with a 500 ms idle-in-transaction limit
    sc = world.contoso_on_northwind
    holder = raw_connection(idle_in_transaction_session_timeout=500)
    held = holder.cursor()
    held.execute(LOCK_ROW, [sc.pk])
    holder_pid = holder.get_backend_pid()
    # when another connection, with the configured 5 s lock_timeout, wants the same row
    waiter = raw_connection()
    started = time.monotonic()
    try:
        waiter.cursor().execute(LOCK_ROW, [sc.pk])
        waited = time.monotonic() - started
    finally:
        waiter.rollback()
        waiter.close()
    # then it gets it once PostgreSQL ends the idle session (about 0.5 s), well inside its lock_timeout
    print(f"\nidle-in-transaction holder ended; the waiter got the row lock after {waited * 1000:.0f} ms")
    assert 0.4 < waited < 3.0
    assert _backend_gone(holder_pid)
    # and the silent client finds its session ended
    import psycopg2

    with pytest.raises((psycopg2.OperationalError, psycopg2.InterfaceError)):
        held.execute("SELECT 1")
    holder.close()


@pytest.mark.django_db(transaction=True)
def test_recompute_meeting_a_held_row_lock_gives_up_after_lock_timeout_and_stays_dirty(world, postgres):
    # given a changed scorecard whose row another connection holds locked (and keeps)
    sc = world.contoso_on_northwind
    _mark_dirty(sc.pk)
    holder = raw_connection()
    holder.cursor().execute(LOCK_ROW, [sc.pk])
    try:
        with default_database(lock_timeout=300):
            # when a recompute (as the worker runs it) meets the lock, with a 300 ms lock_timeout
            started = time.monotonic()
            with pytest.raises(OperationalError) as raised:
                scorecard_recompute(scorecard_id=sc.pk)
            waited = time.monotonic() - started
            # then it gave up after about the lock_timeout instead of waiting for the holder
            print(f"\nrecompute gave up on the held row lock after {waited * 1000:.0f} ms (lock_timeout 300 ms)")
            assert 0.25 <= waited < 2.0
            assert raised.value.__cause__.pgcode == "55P03"  # lock_not_available
            # and the job's error is one its task retries with backoff
            assert isinstance(raised.value, tasks.recompute_scorecard.autoretry_for)
            # and the score is still marked dirty, not passed off as current
            stale = Scorecard.objects.get(pk=sc.pk)
            assert stale.dirty_since is not None
            assert stale.computed_version < stale.data_version
    finally:
        holder.rollback()
        holder.close()
    # when the lock is gone and the sweep runs, then the score is fresh and right
    sweep_dirty(grace_seconds=0)
    fresh = Scorecard.objects.select_related("questionnaire").get(pk=sc.pk)
    assert fresh.dirty_since is None
    assert fresh.computed_version == fresh.data_version
    assert fresh.overall == score_scorecard(fresh).overall


def _wait_fresh(scorecard_id: int, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        sc = Scorecard.objects.get(pk=scorecard_id)
        if sc.dirty_since is None and sc.computed_version >= sc.data_version:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"scorecard {scorecard_id} still stale after {timeout} s")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_is_not_blocked_by_a_connection_idle_in_transaction(world, postgres, celery_on_redis):
    # given connections that give up on a lock after 300 ms (the worker's too: its thread connects
    # at its first job, after this)
    with default_database(lock_timeout=300):
        client = APIClient()
        client.force_authenticate(world.reseller)
        a, b = world.contoso_on_northwind, world.contoso_on_fabrikam
        scale = a.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
        assert client.put(f"/api/scorecards/{a.pk}/answers/{scale.pk}/", {"value": 4}, format="json").status_code == 200
        _wait_fresh(a.pk, timeout=20)
        # and scorecard A changed, its job queued, while a silent client holds A's row locked
        # (cut off inside its transaction; PostgreSQL ends its session after 3 s idle)
        _mark_dirty(a.pk)
        holder = raw_connection(idle_in_transaction_session_timeout=3000)
        holder.cursor().execute(LOCK_ROW, [a.pk])
        holder_pid = holder.get_backend_pid()
        started = time.monotonic()
        jobs.enqueue("assessments.tasks.recompute_scorecard", a.pk)
        # when the reseller then answers on scorecard B
        assert client.put(f"/api/scorecards/{b.pk}/answers/{scale.pk}/", {"value": 5}, format="json").status_code == 200
        # then B is recomputed while A's row is still held: the one worker did not wait behind the lock
        _wait_fresh(b.pk, timeout=20)
        b_fresh = time.monotonic() - started
        assert _backend_alive(holder_pid), "the holder ended before B was recomputed: the test proves nothing"
        assert Scorecard.objects.get(pk=a.pk).dirty_since is not None
        # and A, whose job gave up on the lock and retried, is right once PostgreSQL has ended the holder
        _wait_fresh(a.pk, timeout=30)
        a_fresh = time.monotonic() - started
        holder.close()
    print(f"\nB fresh {b_fresh * 1000:.0f} ms after A's row was locked (holder alive); A fresh after {a_fresh:.1f} s")
    assert a_fresh > 2.5  # not before the holder's session ended (3 s idle)
    a = Scorecard.objects.select_related("questionnaire").get(pk=a.pk)
    assert a.overall == score_scorecard(a).overall == 75


# --- The coalescing guard ----------------------------------------------------------------------


def _broker(settings, url: str, queue: str):
    """Jobs sent to this broker URL and queue."""
    from cspeval.celery import app
    from tests.celery_support import use_broker

    return use_broker(app, settings, url, queue=queue)


@pytest.fixture
def guard(settings, redis_url):
    """The guard on the real Redis, jobs not run in-process, and a queue nobody consumes."""
    import redis

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = redis_url
    jobs.reset_guard_client()
    client = redis.Redis.from_url(redis_url)
    queue = f"cspeval-guard-test-{os.getpid()}"
    yield client, queue
    client.delete(queue)
    jobs.reset_guard_client()


TASK = "assessments.tasks.recompute_scorecard"


@pytest.mark.services
@pytest.mark.parametrize(("window", "longest_ms"), [(Decimal("1.0"), 6000), (Decimal("2.5"), 7500)])
def test_guard_lives_a_few_seconds_past_the_coalescing_window(db, guard, redis_url, settings, window, longest_ms):
    client, queue = guard
    settings.RECOMPUTE_COALESCE_SECONDS = window
    # when a change queues its job (no worker takes it: the guard is never released)
    with _broker(settings, redis_url, queue):
        jobs.enqueue(TASK, 424242)
    # then one job is queued, and the guard turns later changes away only a few seconds past the window
    assert client.llen(queue) == 1
    ttl = client.pttl(jobs.guard_key(TASK, 424242))
    print(f"\nguard life with a {window} s window: {ttl} ms")
    assert longest_ms - 1000 < ttl <= longest_ms


@pytest.mark.services
def test_guard_dropped_when_sending_fails_so_the_next_change_queues(db, guard, redis_url, settings):
    client, queue = guard
    # given a broker that refuses (the guard's Redis still answers)
    with _broker(settings, f"redis://127.0.0.1:{closed_port()}/0", queue):
        # when a change tries to queue its job
        jobs.enqueue(TASK, 424243)
    # then no guard is left behind to turn the next change away
    assert client.exists(jobs.guard_key(TASK, 424243)) == 0
    # when the broker is back and the next change comes
    with _broker(settings, redis_url, queue):
        jobs.enqueue(TASK, 424243)
    # then its job is queued at once, not after the guard would have expired
    assert client.llen(queue) == 1
    assert client.exists(jobs.guard_key(TASK, 424243)) == 1
