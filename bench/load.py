"""Answers saved under load against one gunicorn worker with a real Celery worker, and the scorecard page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cspeval_bench_load \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 .venv/bin/python bench/load.py \\
        [--clients 20,50] [--seconds 60] [--readers 20] [--floor-seconds 30] \\
        [--worker-class sync|gthread] [--threads 4] [--scale 0] [--worker-keeps-connection]

It migrates and seeds the database named by DATABASE_URL (created if missing) with the demo
world (and `seed_demo --scale N` more resellers with `--scale`), gives each load client a
reseller of its own ("load-reseller-001" ...) with a member user, an API token, a signed-in
session and a draft scorecard about one of the providers, every question answered once (through
the same service as the pages), and starts one Celery worker (solo pool, a queue of its own) on
the broker and gunicorn with ONE worker process (sync by default: the worker class the
Dockerfile and the compose file run) serving `bench/load_settings.py`: the project's settings
with DEBUG off and one more URL, the floor below. Use a Redis database of its own: the tests
flush theirs (TEST_REDIS_URL), which would drop this run's queued jobs.

Then, each for `--seconds`:

- saves: N concurrent clients (each of `--clients`), each on its own scorecard with its own
  token, `PUT /api/scorecards/<id>/answers/<question_id>/` one after another, cycling through the
  questions and through each question's values. Saves/s, wall latency p50/p95/p99 (from the
  client: queueing for the one worker included), errors (any non-2xx or failed request), and
  the time from the last save's response until every load scorecard's stored score is fresh
  (computed from its latest data version, no dirty mark) and right (equal, overall and per area,
  to a from-scratch `assessments.pipeline.specs.score_scorecard`), polling the database
  every 0.1 s; the database's own clock says when the last score was written after the last
  answer.
- the floor (`--floor-seconds`, as many clients as the first save run): the same rows PUT to
  `/bench/floor/scorecards/<id>/answers/<question_id>/` (`bench/load_urls.py`), a view behind the
  same middleware that parses the body and does one UPDATE of the answer's row, no more. (It
  leaves no dirty mark, as a bare UPDATE would not: the scorecards are marked afterwards.)
- the page: `--readers` concurrent clients, each GETting its own `/scorecards/<id>/` with its
  session cookie. Requests/s and p50/p95/p99.

The server's time is the gunicorn worker's CPU (user + system, from /proc) over each run,
divided by the requests answered; beside it, the CPU of the PostgreSQL backend serving that
worker (found by its application_name), of the Celery worker, and of the backends that ended
during the run (the postmaster's reaped children, any database: Celery closes the worker's
connection around every job, so each of its backends serves one job). The goal is the web
worker's time per save at most 2 times the floor's time per PUT.

`--worker-keeps-connection` is an experiment: the worker keeps its database connection between
jobs (`CELERY_DB_REUSE_MAX`, set by `bench/load_settings.py`), to show what the connection per
job costs.

The load generator is a small asyncio HTTP/1.1 client on the standard library (one connection
per client, kept alive when the server allows it; gunicorn's sync worker closes it after each
response): no new dependency, no gevent (locust's breaks beside factory-boy) and no separate
process to coordinate, on a 2-core machine where the client shares the CPU with the server it
measures (its own CPU per request is printed too).
"""

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspeval.settings")

from pages import CLOCK_TICKS, SERVER_ENV, _children, _cpu_seconds, _free_port  # noqa: E402  same folder

WEB_APP_NAME = "cspeval-bench-load-web"
WORKER_APP_NAME = "cspeval-bench-load-worker"
PASSWORD = "bench-only-password"
FOUR_PLACES = Decimal("0.0001")


# --- The HTTP client -------------------------------------------------------------------------


class _Stale(Exception):
    """A kept-alive connection the server had closed: nothing was answered, send again."""


class Connection:
    """One client's HTTP/1.1 connection to the server: kept alive when the server allows it
    (gthread), a new one for each request when it closes them (gunicorn's sync worker)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, bytes]:
        reused = self.writer is not None
        if not reused:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            return await self._exchange(method, path, headers, body)
        except _Stale:
            self.close()
            if not reused:
                raise ConnectionError("the server closed the connection without answering") from None
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            return await self._exchange(method, path, headers, body)
        except BaseException:
            self.close()
            raise

    async def _exchange(self, method, path, headers, body) -> tuple[int, bytes]:
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        line = await self.reader.readline()
        if not line:
            raise _Stale
        status = int(line.split()[1])
        fields: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            fields[name.strip().lower()] = value.strip().lower()
        if "content-length" in fields:
            payload = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            payload = await self._chunked()
        else:
            payload = await self.reader.read()
            fields["connection"] = "close"
        if fields.get("connection") == "close":
            self.close()
        return status, payload

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readline()).split(b";")[0], 16)
            if size == 0:
                while (await self.reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()


# --- The load --------------------------------------------------------------------------------


@dataclass
class LoadUser:
    username: str
    scorecard_id: int
    token: str
    cookie: str
    saves: list[tuple[int, object]]  # (question id, value), the order this client cycles through


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # ms
    errors: int = 0
    messages: list[str] = field(default_factory=list)
    last_response: float = 0.0  # time.time() of the last answered request

    def failed(self, message: str) -> None:
        self.errors += 1
        if len(self.messages) < 5:
            self.messages.append(message)


async def _client(port: int, user: LoadUser, kind: str, deadline: float, tally: Tally, offset: int) -> None:
    connection = Connection(port)
    i = offset
    try:
        while time.monotonic() < deadline:
            if kind == "page":
                method, path, headers, body = "GET", f"/scorecards/{user.scorecard_id}/", {"Cookie": user.cookie}, b""
            else:
                question_id, value = user.saves[i % len(user.saves)]
                i += 1
                prefix = "/api" if kind == "save" else "/bench/floor"
                method, path = "PUT", f"{prefix}/scorecards/{user.scorecard_id}/answers/{question_id}/"
                headers = {"Content-Type": "application/json"}
                if kind == "save":
                    headers["Authorization"] = f"Token {user.token}"
                body = json.dumps({"value": value}).encode()
            started = time.perf_counter()
            try:
                status, payload = await asyncio.wait_for(connection.request(method, path, headers, body), 30)
            except Exception as exc:  # a refused, reset or timed-out request is an error like a 5xx
                connection.close()
                tally.failed(f"{method} {path}: {exc.__class__.__name__}: {exc}")
                continue
            tally.latencies.append((time.perf_counter() - started) * 1000)
            tally.last_response = time.time()
            if not 200 <= status < 300:
                tally.failed(f"{method} {path}: HTTP {status} {payload[:200]!r}")
    finally:
        connection.close()


def _drive(port: int, users: list[LoadUser], kind: str, seconds: float) -> tuple[Tally, float]:
    """`len(users)` concurrent clients for `seconds`; the tally and the wall time taken."""
    tally = Tally()

    async def main():
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_client(port, u, kind, deadline, tally, n * 7) for n, u in enumerate(users)))

    started = time.monotonic()
    asyncio.run(main())
    return tally, time.monotonic() - started


# --- Measuring the processes -----------------------------------------------------------------


def _backend_pids(application_name: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()",
            [application_name],
        )
        return [row[0] for row in cursor.fetchall()]


def _ended_backends_cpu() -> float:
    """CPU seconds of every PostgreSQL backend that has ended so far (the postmaster's reaped
    children, any database): Celery closes the worker's connection around every job, so each of
    its backends lives for one job only."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS  # cutime + cstime


def _cpu_of(pids: list[int]) -> float:
    """CPU seconds of those of `pids` still running (a backend that ended is left out)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            total += _cpu_seconds([pid])
    return total


@dataclass
class Run:
    label: str
    clients: int
    tally: Tally
    seconds: float
    web_cpu: float  # seconds, over the run
    db_cpu: float
    worker_cpu: float
    worker_db_cpu: float
    client_cpu: float
    load_before: str
    load_after: str

    @property
    def count(self) -> int:
        return len(self.tally.latencies)

    def per_request_ms(self, cpu: float) -> float:
        return cpu * 1000 / self.count if self.count else float("nan")


def _measure(label, port, server, worker, users, kind, seconds) -> Run:
    web = _children(server.pid)
    web_db, worker_db = _backend_pids(WEB_APP_NAME), _backend_pids(WORKER_APP_NAME)
    load_before = Path("/proc/loadavg").read_text().split(" ")[:3]

    def cpu():
        worker_db_cpu = _cpu_of(worker_db) + _ended_backends_cpu()
        return (_cpu_seconds(web), _cpu_of(web_db), _cpu_seconds([worker.pid]), worker_db_cpu, time.process_time())

    before = cpu()
    tally, elapsed = _drive(port, users, kind, seconds)
    after = cpu()
    load_after = Path("/proc/loadavg").read_text().split(" ")[:3]
    deltas = [b - a for a, b in zip(before, after, strict=True)]
    return Run(label, len(users), tally, elapsed, *deltas, " ".join(load_before), " ".join(load_after))


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _print_run(run: Run, unit: str) -> None:
    t = run.tally
    print(
        f"{run.label}: {run.count} {unit} in {run.seconds:.1f} s = {run.count / run.seconds:.1f}/s; "
        f"latency p50 {_percentile(t.latencies, 50):.1f} ms, p95 {_percentile(t.latencies, 95):.1f} ms, "
        f"p99 {_percentile(t.latencies, 99):.1f} ms; errors {t.errors}"
    )
    print(
        f"  server CPU per request: web worker {run.per_request_ms(run.web_cpu):.2f} ms, its PostgreSQL backend "
        f"{run.per_request_ms(run.db_cpu):.2f} ms; Celery worker {run.per_request_ms(run.worker_cpu):.2f} ms, "
        f"its backends and any other that ended (any database) {run.per_request_ms(run.worker_db_cpu):.2f} ms; "
        f"load client {run.per_request_ms(run.client_cpu):.2f} ms"
    )
    print(f"  load average {run.load_before} -> {run.load_after}")
    for message in t.messages:
        print(f"  error: {message}")


# --- Fresh and right ---------------------------------------------------------------------------


def _wrong_scores(scorecard_ids: list[int]) -> list[int]:
    """The scorecards whose stored score (overall, per area) differs from a from-scratch one."""
    from assessments.models import Scorecard
    from assessments.pipeline.specs import score_scorecard

    def q(value):
        return None if value is None else Decimal(value).quantize(FOUR_PLACES)

    wrong = []
    scorecards = Scorecard.objects.filter(pk__in=scorecard_ids).select_related("questionnaire")
    for scorecard in scorecards.prefetch_related("area_scores__area"):
        result = score_scorecard(scorecard)
        stored = {a.area.key: (q(a.score), q(a.completeness), q(a.evidence_share)) for a in scorecard.area_scores.all()}
        expected = {a.key: (q(a.score), q(a.completeness), q(a.evidence_share)) for a in result.areas}
        if (
            (q(scorecard.overall), q(scorecard.completeness), q(scorecard.evidence_share))
            != (q(result.overall), q(result.completeness or 0), q(result.evidence_share))
            or stored != expected
            or scorecard.computed_weights_revision != scorecard.questionnaire.weights_revision
        ):
            wrong.append(scorecard.pk)
    return wrong


def _stale_rows(scorecard_ids: list[int]):
    from django.db.models import F, Q

    from assessments.models import Scorecard

    stale = Q(dirty_since__isnull=False) | Q(computed_version__lt=F("data_version"))
    return Scorecard.objects.filter(pk__in=scorecard_ids).filter(stale)


def _stale_count(scorecard_ids: list[int]) -> int:
    return _stale_rows(scorecard_ids).count()


def _stale(scorecard_ids: list[int]) -> list[tuple]:
    """(id, data_version, computed_version, dirty_since) of each stale one, to say what is left."""
    rows = _stale_rows(scorecard_ids).values_list("pk", "data_version", "computed_version", "dirty_since")
    return [(pk, data, computed, str(dirty)) for pk, data, computed, dirty in rows]


def _fresh_and_right(
    scorecard_ids: list[int], since: float, timeout: float = 60, after: str = "the last save's response"
) -> str:
    """Poll every 0.1 s until every scorecard is fresh and right; what it saw, in seconds after `since`."""
    from django.db.models import Max

    from assessments.models import Answer, Scorecard

    fresh_at = None
    while True:
        polled = time.time()
        if _stale_count(scorecard_ids) == 0:
            fresh_at = fresh_at or polled
            wrong = _wrong_scores(scorecard_ids)
            if not wrong:
                break
        if polled - since > timeout:
            stale = _stale(scorecard_ids)
            state = f"stale: {stale}" if stale else f"wrong: {wrong}"
            return f"NOT fresh and right {timeout:.0f} s after {after} ({state})"
        time.sleep(0.1)
    last_answer = Answer.objects.filter(scorecard_id__in=scorecard_ids).aggregate(t=Max("updated_at"))["t"]
    last_score = Scorecard.objects.filter(pk__in=scorecard_ids).aggregate(t=Max("computed_at"))["t"]
    clock = (last_score - last_answer).total_seconds()
    return (
        f"every score fresh {fresh_at - since:.2f} s after {after} and right "
        f"(== score_scorecard, overall and per area) by the poll {polled - since:.2f} s after it; "
        f"the database's clock: the last score written {clock:.2f} s after the last answer"
    )


def _mark_dirty(scorecard_ids: list[int]) -> None:
    """Mark them through the service (which queues their jobs after commit): after the floor, which
    changes answers as a bare UPDATE does, with no mark, so that every score comes right again."""
    from django.db import transaction

    from assessments.pipeline.marking import scorecard_mark_dirty

    with transaction.atomic():
        scorecard_mark_dirty(scorecard_ids=scorecard_ids)


# --- Setting up ----------------------------------------------------------------------------------


def _value_cycle(question) -> list:
    """The values a client sends to this question, in turn."""
    if question.kind == "scale":
        return [1, 2, 3, 4, 5]
    if question.kind == "yes_no":
        return [True, False]
    if question.kind == "choice":
        return [o.key for o in sorted(question.options.all(), key=lambda o: (o.order, o.pk))]
    low = float(question.low if question.low is not None else 0)
    high = float(question.high if question.high is not None else 10)
    return sorted({round(low + (high - low) * k / 4) for k in range(5)})


def _prepare(count: int) -> list[LoadUser]:
    """`count` load resellers, each with a member, a token, a session and a draft, every question answered."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.services import api_token_issue
    from assessments.models import Answer, Question
    from assessments.services.scorecards import answer_save, scorecard_start
    from providers.models import Membership, Organisation, ResellerProfile

    providers = list(Organisation.objects.filter(kind="provider", provider_profile__isnull=False).order_by("slug"))
    users = []
    for i in range(1, count + 1):
        org, _ = Organisation.objects.get_or_create(
            slug=f"load-reseller-{i:03d}", defaults={"name": f"Load Reseller {i:03d}", "kind": "reseller"}
        )
        ResellerProfile.objects.get_or_create(
            organisation=org, defaults={"description": "A reseller for the load benchmark.", "seat_count": 100}
        )
        user, created = get_user_model().objects.get_or_create(username=f"load-{i:03d}")
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "member"})
        scorecard, _ = scorecard_start(user=user, reseller=org, provider=providers[i % len(providers)])
        questions = list(
            Question.objects.filter(area__questionnaire=scorecard.questionnaire)
            .prefetch_related("options")
            .order_by("area__order", "order", "pk")
        )
        answered = set(Answer.objects.filter(scorecard=scorecard).values_list("question_id", flat=True))
        cycles = {q.pk: _value_cycle(q) for q in questions}
        for q in questions:
            if q.pk not in answered:
                answer_save(user=user, scorecard_id=scorecard.pk, question_id=q.pk, value=cycles[q.pk][0])
        # round r sends each question its value r + 1 (mod its values): every save changes the row
        rounds = max(len(c) for c in cycles.values())
        saves = [(q.pk, cycles[q.pk][(r + 1) % len(cycles[q.pk])]) for r in range(rounds) for q in questions]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        token = api_token_issue(user=user).key
        users.append(LoadUser(user.username, scorecard.pk, token, cookie, saves))
    return users


def _start_server(port: int, worker_class: str, threads: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "cspeval.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--worker-class", worker_class, "--log-level", "warning", "--timeout", "30"]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    env = os.environ | SERVER_ENV | {"DJANGO_SETTINGS_MODULE": "bench.load_settings", "PGAPPNAME": WEB_APP_NAME}
    # one connection for the whole run, so that its backend's CPU can be read (production keeps 60 s)
    env["DATABASE_CONN_MAX_AGE"] = "3600"
    env["PYTHONPATH"] = str(ROOT)
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    import socket

    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="20,50", help="concurrent savers, one run per figure")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--floor-seconds", type=float, default=30)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="gthread only")
    parser.add_argument("--scale", type=int, default=0, help="seed_demo --scale N more resellers first")
    parser.add_argument(
        "--worker-keeps-connection",
        action="store_true",
        help="an experiment: the Celery worker keeps its database connection between jobs (CELERY_DB_REUSE_MAX)",
    )
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",") if c.strip()]

    from support import setup_django, start_worker, stop_worker  # same folder

    os.environ.update(SERVER_ENV)  # the in-process set-up sees the server's settings
    queue = setup_django("load", need_broker=True)
    import logging

    logging.getLogger("accounts.services").setLevel(logging.WARNING)  # a line per token issued
    from django.core.management import call_command

    from assessments.models import Scorecard

    started = time.perf_counter()
    call_command("seed_demo", password=PASSWORD, scale=args.scale, verbosity=0)
    if args.scale:
        call_command("recompute_scores", dirty=True, inline=True, verbosity=0)
    # named, so that its backend's CPU can be read
    worker_env = {"PGAPPNAME": WORKER_APP_NAME, "DATABASE_CONN_MAX_AGE": "3600"}
    if args.worker_keeps_connection:
        worker_env |= {"DJANGO_SETTINGS_MODULE": "bench.load_settings", "BENCH_CELERY_DB_REUSE_MAX": "1000000"}
    saved = {name: os.environ.get(name) for name in worker_env}
    os.environ.update(worker_env)
    worker = start_worker(queue)
    for name, value in saved.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value
    server = None
    try:
        users = _prepare(max([*clients, args.readers]))
        ids = [u.scorecard_id for u in users]
        _mark_dirty(ids)  # computed afresh by this run's worker, whatever an earlier run left
        print(
            f"set-up: {time.perf_counter() - started:.1f} s; {Scorecard.objects.count()} scorecards in the database, "
            f"{len(users)} load scorecards of {len({q for q, _ in users[0].saves})} questions"
        )
        print(_fresh_and_right(ids, time.time(), timeout=120, after="the set-up"))
        port = _free_port()
        server = _start_server(port, args.worker_class, args.threads)
        threads = f" x {args.threads} threads" if args.worker_class == "gthread" else ""
        kept = " keeping its database connection between jobs" if args.worker_keeps_connection else ""
        print(
            f"gunicorn: 1 {args.worker_class} worker{threads}, DEBUG=False; one Celery worker (solo pool) on the "
            f"broker{kept}; {args.seconds:.0f} s per run"
        )
        _drive(port, users[: clients[0]], "save", 5)  # warm up: the worker's imports, caches, connection
        _drive(port, users[: clients[0]], "floor", 2)
        _mark_dirty(ids[: clients[0]])
        _drive(port, users[: args.readers], "page", 3)
        print(_fresh_and_right(ids, time.time(), after="the warm-up"))

        saves = []
        for n in clients:
            run = _measure(f"saves, {n} clients", port, server, worker, users[:n], "save", args.seconds)
            _print_run(run, "saves")
            print("  " + _fresh_and_right(ids[:n], run.tally.last_response))
            saves.append(run)
        floor = _measure(
            f"floor (bare PUT, {clients[0]} clients)", port, server, worker, users[: clients[0]], "floor",
            args.floor_seconds,
        )  # fmt: skip
        _print_run(floor, "PUTs")
        _mark_dirty(ids[: clients[0]])
        print("  " + _fresh_and_right(ids, time.time(), after="marking the floor's scorecards dirty"))
        page = _measure(
            f"scorecard page, {args.readers} readers", port, server, worker, users[: args.readers], "page",
            args.seconds,
        )  # fmt: skip
        _print_run(page, "pages")

        floor_ms = floor.per_request_ms(floor.web_cpu)
        print(f"\nfloor: {floor_ms:.2f} ms of web worker CPU per bare PUT")
        for run in saves:
            ratio = run.per_request_ms(run.web_cpu) / floor_ms
            total = (run.per_request_ms(run.web_cpu + run.db_cpu)) / floor.per_request_ms(floor.web_cpu + floor.db_cpu)
            print(
                f"{run.label}: {run.per_request_ms(run.web_cpu):.2f} ms per save = {ratio:.2f} x the floor "
                f"(goal: at most 2) -> {'met' if ratio <= 2 else 'NOT met'}; with the PostgreSQL backend's "
                f"CPU on both sides: {total:.2f} x"
            )
        errors = sum(r.tally.errors for r in [*saves, floor, page])
        print(f"errors in all runs: {errors} (goal: 0) -> {'met' if errors == 0 else 'NOT met'}")
    finally:
        if server is not None:
            _stop(server)
        stop_worker(worker)


if __name__ == "__main__":
    main()
