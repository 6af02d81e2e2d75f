"""A real Celery worker survives the loss of its broker while it holds acks_late messages.

The test runs a Redis of its own (a free port, nothing kept) and `celery -A cspeval worker` as a
subprocess on it and on the test database. Answer saves go through the services; their recompute
jobs are coalesced with a countdown, so the worker holds them reserved and unacknowledged. Then the
Redis process is killed (SIGKILL) and, a few seconds later, started again empty on the same port.

The worker must still be running, reconnect, and bring every score to what a from-scratch
computation gives, through jobs it takes from the new Redis (the sweep, as beat sends it).
Celery 5.7.0 fails this: its consumer closes the connection twice and the worker exits with
"Unrecoverable error: AttributeError: 'NoneType' object has no attribute 'hostname'".
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import need

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
SCORECARDS = 8
# The worker's coalescing window: a save that follows a job within it is queued with a countdown
# of what is left of it, so the worker holds that message unacknowledged for this long.
COALESCE_SECONDS = 30
SWEEP = "assessments.tasks.sweep_dirty_scores"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _report(log: Path, lines: int = 25) -> str:
    """The worker log's critical and error lines, then its last lines."""
    text = log.read_text(errors="replace").splitlines() if log.exists() else []
    alarms = [line for line in text if "CRITICAL/" in line or "ERROR/" in line]
    return "\n".join(["--- worker log: errors ---", *alarms[-10:], "--- worker log: last lines ---", *text[-lines:]])


def _wait(condition, timeout: float, what: str, log: Path | None = None, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    detail = f"\n{_report(log)}" if log else ""
    raise AssertionError(f"{what}: not within {timeout} s{detail}")


class OwnRedis:
    """A redis-server process of this test's own, on a free port, keeping nothing on disk."""

    def __init__(self, directory: Path):
        self.port = _free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory), "--logfile", str(self.directory / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def answers():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        _wait(answers, 10, f"redis-server on port {self.port} answering")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=2)


@pytest.fixture
def own_redis(tmp_path):
    need(shutil.which("redis-server") is not None, "needs redis-server on PATH (apt-get install redis-server)")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


def _test_database_url(settings) -> str:
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def _forget_producer_pool(app) -> None:
    # kombu keeps one pool per broker address and hands it to the next user: drop the app's
    # reference so that it picks the pool of its current broker, never close it.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(settings, postgres, own_redis, tmp_path):
    """`celery -A cspeval worker` as make worker runs it, on the own Redis and the test database;
    this test process enqueues to the same Redis and queue."""
    from assessments import jobs
    from cspeval.celery import app

    need(CELERY.exists(), f"needs the celery command beside {sys.executable}")
    queue = f"cspeval-broker-loss-{os.getpid()}"
    log = tmp_path / "worker.log"
    env = os.environ | {
        "DATABASE_URL": _test_database_url(settings),  # test_<name>: the database this test writes to
        "CELERY_BROKER_URL": own_redis.url,
        "REDIS_URL": own_redis.url,
        "CELERY_QUEUE": queue,
        "RECOMPUTE_COALESCE_SECONDS": str(COALESCE_SECONDS),
        "RECOMPUTE_SWEEP_GRACE_SECONDS": "0",
        "PYTHONUNBUFFERED": "1",
    }
    command = [str(CELERY), "-A", "cspeval", "worker", "--loglevel=info", "--concurrency=2", "-Q", queue,
               "-n", f"broker-loss-{os.getpid()}@%h"]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    try:
        app.conf.update(broker_url=own_redis.url, task_always_eager=False, task_default_queue=queue)
        _forget_producer_pool(app)  # one made earlier is another broker's
        settings.CELERY_TASK_ALWAYS_EAGER = False
        # Celery < 5.7 reads Django's CELERY_* settings before an app.conf.update() of the same name
        settings.CELERY_BROKER_URL = own_redis.url
        settings.CELERY_TASK_DEFAULT_QUEUE = queue
        settings.REDIS_URL = own_redis.url
        settings.RECOMPUTE_COALESCE_SECONDS = COALESCE_SECONDS  # the guard lives as long as the window
        jobs.reset_guard_client()
        _wait(lambda: process.poll() is not None or " ready." in log.read_text(errors="replace"), 30,
              "the worker ready", log)  # fmt: skip
        assert process.poll() is None, f"the worker exited at start:\n{_report(log)}"
        process.log = log
        process.queue = queue
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # warm shutdown of the worker and its pool children
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # any pool child the main process left behind
        app.conf.update(saved)
        _forget_producer_pool(app)
        jobs.reset_guard_client()


def _send_sweep(app, url: str, queue: str) -> None:
    """Send the sweep as beat does, on a connection of its own (this process's pooled ones died
    with the old Redis); a refused publish is tried again on the next call, as beat would."""
    from kombu.exceptions import OperationalError

    with contextlib.suppress(OperationalError), app.connection_for_write(url) as connection:
        app.send_task(SWEEP, queue=queue, connection=connection, retry=False)


def _save_round(scorecards, questions, user, value: int) -> None:
    from assessments.services.scorecards import answer_save

    for scorecard in scorecards:
        for question in questions:
            answer_save(user=user, scorecard_id=scorecard.pk, question_id=question.pk, value=value)


def _dirty(questionnaire) -> int:
    from assessments.selectors import stale_count

    return stale_count(questionnaire_id=questionnaire.pk)


def test_worker_survives_a_broker_loss_with_unacknowledged_messages_and_every_score_comes_right(worker, own_redis):
    from assessments.models import Question
    from cspeval.celery import app
    from tests.assessments.weights_support import assert_stored_scores_match_engine
    from tests.factories import MembershipFactory, OrganisationFactory, ScorecardFactory, build_questionnaire

    # given eight draft scorecards of one reseller, each answered once by its member and scored by the worker
    questionnaire = build_questionnaire()
    reseller = OrganisationFactory()
    user = MembershipFactory(organisation=reseller).user
    scorecards = [ScorecardFactory(reseller=reseller, questionnaire=questionnaire) for _ in range(SCORECARDS)]
    scales = list(Question.objects.filter(area__questionnaire=questionnaire, kind="scale").order_by("area__order"))
    _save_round(scorecards, scales[:1], user, 5)
    _wait(lambda: _dirty(questionnaire) == 0, 20, "the first scores computed by the worker", worker.log)
    # and a second round of answers whose jobs wait out the coalescing window, reserved by the worker
    _save_round(scorecards, scales, user, 2)
    countdowns_end = time.monotonic() + COALESCE_SECONDS - 2
    assert _dirty(questionnaire) == SCORECARDS
    broker = own_redis.client()
    _wait(lambda: broker.llen(worker.queue) == 0 and broker.hlen("unacked") == SCORECARDS, 20,
          f"the worker holding {SCORECARDS} unacknowledged messages", worker.log)  # fmt: skip
    assert _dirty(questionnaire) == SCORECARDS

    # when the broker's process is killed, stays away a few seconds, and comes back empty
    own_redis.kill()
    time.sleep(4)
    assert worker.poll() is None, f"the worker exited when the broker went away:\n{_report(worker.log)}"
    own_redis.start()
    assert own_redis.client().dbsize() == 0  # it kept nothing: the reserved jobs are gone

    # then the worker is still running, reconnects, and takes the sweep from the new Redis (sent
    # every few seconds, as beat does) until every score is fresh
    last_sent = 0.0

    def fresh() -> bool:
        nonlocal last_sent
        assert worker.poll() is None, f"the worker exited after the broker came back:\n{_report(worker.log)}"
        if time.monotonic() - last_sent > 3:
            last_sent = time.monotonic()
            _send_sweep(app, own_redis.url, worker.queue)
        return _dirty(questionnaire) == 0

    _wait(fresh, 60, "every score fresh within 60 s of the broker's return", worker.log, interval=0.2)
    # and before the held jobs' countdowns ran out: the scores came through the new connection
    assert time.monotonic() < countdowns_end
    # and every stored score equals a from-scratch computation by the engine
    assert_stored_scores_match_engine(questionnaire)
    log = worker.log.read_text(errors="replace")
    assert "Unrecoverable error" not in log, _report(worker.log)
    connected = f"Connected to {own_redis.url}"
    assert log.count(connected) >= 2, f"the worker did not log its reconnection\n{_report(worker.log)}"
    assert f"Task {SWEEP}[" in log[log.rindex(connected) :], "the sweep was not taken after the reconnection"
    assert worker.poll() is None
