"""Every score recomputed, cold and after a weight change, against the database's own floor (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cspeval_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \\
    flock /tmp/cspeval-bench.lock .venv/bin/python bench/recompute.py [--sizes 2000,5100,25000]

For each size N (`seed_demo --scale N`: about 4 scorecards per reseller, so 2,000, 5,100 and
25,000 give about 8,000, 20,000 and 100,000 scorecards) it seeds a fresh database of its own
(DATABASE_URL's name with `_N` appended, left behind for a look afterwards) and times:

(a) cold: on the freshly seeded data (first computation, no vacuum), the whole of
    `recompute_scores --all --inline` (called in this process), until it returns with every
    scorecard, provider aggregate and partnership score fresh;
(b) a weight change: after a VACUUM ANALYZE (as autovacuum would have by then), one Celery worker
    (solo pool) on Redis; an area weight changes in one transaction (the weight, the weights
    revision, every scorecard and what it feeds marked, one fleet job queued after commit); timed
    from the commit until the worker's fleet job ends with the last aggregate and partnership
    score written (the end is the worker's own log line for the job; a poll checks that nothing is
    left stale). Four times: the first finds the worker cold, the result is the median of the
    other three.

The floor, measured in the same run over the same answers: one weighted-sum
`INSERT ... SELECT ... GROUP BY ... ON CONFLICT` over a scratch copy of the questionnaire's answers
(best of three). Each case is printed per scorecard and as a ratio to the floor (goal: at most 3),
with the load average at the time; then the curve over the sizes. Each size runs in a process of
its own (`--one N`), so that each has its own database connection and settings.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspeval.settings")
# this process seeds, vacuums and copies millions of rows: its statements may take longer than a request's
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "900000")
os.environ.setdefault("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "900000")

from support import load_average, setup_django, start_worker, stop_worker  # noqa: E402 (after the path is set)

FLOOR_SQL = """
INSERT INTO bench_floor (scorecard_id, score)
SELECT a.scorecard_id, 100 * sum(q.weight * (a.value_number - 1) / 4) / NULLIF(sum(q.weight), 0)
FROM bench_answers a JOIN assessments_question q ON q.id = a.question_id
GROUP BY a.scorecard_id
ON CONFLICT (scorecard_id) DO UPDATE SET score = EXCLUDED.score
"""
RESULT = "RESULT "  # the line a size's process hands its figures back on
SUCCEEDED = re.compile(r"^\[(?P<at>[\d-]+ [\d:,]+): INFO/\w+\] Task assessments\.tasks\.recompute_questionnaire\[")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,5100,25000", help="seed_demo --scale values, smallest first")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args()
    if args.one:
        return one_size(args.one)
    base = os.environ.get("DATABASE_URL", "")
    results = []
    for scale in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"\n=== seed_demo --scale {scale} ===", flush=True)
        env = os.environ | {"DATABASE_URL": f"{base}_{scale}"}
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(scale)], env=env, stdout=subprocess.PIPE, text=True, check=False
        )
        for line in done.stdout.splitlines():
            if line.startswith(RESULT):
                results.append(json.loads(line[len(RESULT) :]))
            else:
                print(line, flush=True)
        if done.returncode:
            sys.exit(f"--scale {scale} failed ({done.returncode})")
    print_curve(results)


def print_curve(results: list[dict]) -> None:
    print("\nThe curve (us per scorecard; x = times the floor of the same size; goal: at most 3)")
    print(
        f"{'scorecards':>10} {'answers':>9} {'floor':>8} {'cold':>8} {'x':>5} {'change':>8} {'x':>5}"
        f"   load (cold / change)"
    )
    for r in results:
        print(
            f"{r['scorecards']:>10} {r['answers']:>9} {r['floor_us']:>8.1f} {r['cold_us']:>8.1f} "
            f"{r['cold_ratio']:>5.2f} {r['change_us']:>8.1f} {r['change_ratio']:>5.2f}"
            f"   {r['cold_load']} / {r['change_load']}"
        )


def one_size(scale: int) -> None:
    queue = setup_django("recompute", need_broker=True, fresh=True)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F

    started = time.perf_counter()
    call_command("seed_demo", password="bench-only-password", scale=scale, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    seeded = time.perf_counter() - started

    from assessments.models import PartnershipScore, ProviderAggregate, Questionnaire, Scorecard

    questionnaire = Questionnaire.objects.get(kind="provider_scorecard", status="published")
    everyone, mine = Scorecard.objects.count(), Scorecard.objects.filter(questionnaire=questionnaire).count()
    print(f"seed_demo --scale {scale}: {seeded:.1f} s; {everyone} scorecards ({mine} of the provider scorecard)")

    # (a) cold: the data as seeded (no score computed, no vacuum since), every score from scratch
    cold_load = load_average()
    started = time.perf_counter()
    call_command("recompute_scores", "--all", "--inline", stdout=open(os.devnull, "w"))  # noqa: SIM115
    cold = time.perf_counter() - started
    stale = (
        Scorecard.objects.filter(dirty_since__isnull=False).count(),
        ProviderAggregate.objects.filter(computed_version__lt=F("data_version")).count(),
        PartnershipScore.objects.filter(computed_version__lt=F("data_version")).count(),
    )
    if any(stale):
        sys.exit(f"after recompute_scores --all --inline, still stale (scorecards, aggregates, pairs): {stale}")
    print(
        f"cold: recompute_scores --all --inline {cold:.2f} s = {cold / everyone * 1e6:.1f} us per scorecard, "
        f"every score fresh ({ProviderAggregate.objects.count()} aggregates, {PartnershipScore.objects.count()} "
        f"partnership scores) (load {cold_load})",
        flush=True,
    )
    floor, answers = measure_floor(connection, questionnaire.pk)
    print(
        f"floor (one weighted-sum INSERT ... SELECT ... GROUP BY ... ON CONFLICT over {answers} answers): "
        f"{floor:.3f} s = {floor / mine * 1e6:.1f} us per scorecard (load {load_average()})",
        flush=True,
    )

    # (b) a weight change, with one worker; first as autovacuum would have it by now
    with connection.cursor() as cursor:
        for table in ("assessments_answer", "assessments_scorecard", "assessments_scorecardareascore"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("VACUUM ANALYZE assessments_partnershipscore")
        cursor.execute("VACUUM ANALYZE assessments_provideraggregate")
    log = Path(f"/tmp/cspeval-bench-recompute-{os.getpid()}.log")
    worker = start_worker(queue, log=log)
    changes, loads = [], []
    try:
        time.sleep(4)
        for run in range(4):
            # each change on its own: one within the throttle window of the last fleet job would wait
            # for the window to close (how a burst of changes is coalesced)
            time.sleep(float(settings.RECOMPUTE_COALESCE_SECONDS) + 0.5)
            load = load_average()
            fleet, derived, seen, marked = weight_change(connection, questionnaire, log)
            label = "first change (cold worker)" if run == 0 else f"change {run}"
            print(
                f"{label}: last scorecard written {fleet:.2f} s after the commit, every aggregate and "
                f"partnership score {derived:.2f} s after it (seen fresh by a 0.1 s poll at {seen:.2f} s; "
                f"{marked} scorecards marked) (load {load})",
                flush=True,
            )
            if run:
                changes.append(derived)
                loads.append(load)
    finally:
        stop_worker(worker)
    change = statistics.median(changes)
    result = {
        "scale": scale,
        "scorecards": mine,
        "answers": answers,
        "floor_us": floor / mine * 1e6,
        "cold_us": cold / everyone * 1e6,
        "cold_ratio": (cold / everyone) / (floor / mine),
        "change_us": change / mine * 1e6,
        "change_ratio": change / floor,
        "cold_load": cold_load,
        "change_load": loads[len(loads) // 2],
    }
    print(
        f"weight change, median of changes 1-3: {change:.2f} s = {result['change_us']:.1f} us per scorecard, "
        f"{result['change_ratio']:.2f} x the floor; cold: {result['cold_ratio']:.2f} x the floor (goal: at most 3)"
    )
    print(RESULT + json.dumps(result), flush=True)


def measure_floor(connection, questionnaire_id: int) -> tuple[float, int]:
    """The floor over a scratch copy of the questionnaire's answers: best of three."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_answers; DROP TABLE IF EXISTS bench_floor")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_answers AS SELECT a.* FROM assessments_answer a "
            "JOIN assessments_scorecard s ON s.id = a.scorecard_id WHERE s.questionnaire_id = %s",
            [questionnaire_id],
        )
        cursor.execute("CREATE UNLOGGED TABLE bench_floor (scorecard_id bigint PRIMARY KEY, score numeric)")
        cursor.execute("ANALYZE bench_answers")
        cursor.execute("SELECT count(*) FROM bench_answers")
        answers = cursor.fetchone()[0]
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            cursor.execute(FLOOR_SQL)
            timings.append(time.perf_counter() - start)
        cursor.execute("DROP TABLE bench_answers; DROP TABLE bench_floor")
    return min(timings), answers


def weight_change(connection, questionnaire, log: Path) -> tuple[float, float, float, int]:
    """Change an area weight as the admin's service does, then wait for every score. Returns the
    seconds from the commit to the last scorecard written and to the fleet job's end (its last
    aggregate and partnership score written), when a poll saw it fresh, and how many were marked."""
    from django.db import transaction
    from django.db.models import F, Max

    from assessments.models import Area, PartnershipScore, ProviderAggregate, Questionnaire, Scorecard
    from assessments.pipeline.marking import questionnaire_mark_dirty

    area = Area.objects.get(questionnaire=questionnaire, key="realism")
    jobs_before = len(_job_ends(log))
    with transaction.atomic():
        Area.objects.filter(pk=area.pk).update(weight=F("weight") + Decimal("5"))
        Questionnaire.objects.filter(pk=questionnaire.pk).update(weights_revision=F("weights_revision") + 1)
        marked = questionnaire_mark_dirty(questionnaire_id=questionnaire.pk, weights_only=True)
    changed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")  # the database's clock, just after the commit
        committed = cursor.fetchone()[0]
    # A light poll (this machine has two cores to share with the worker); the times themselves come
    # from the database's clock (the scorecards' `computed_at`) and the worker's log (the job's end).
    while (
        len(_job_ends(log)) <= jobs_before
        or Scorecard.objects.filter(questionnaire=questionnaire, dirty_since__isnull=False).exists()
        or ProviderAggregate.objects.filter(computed_version__lt=F("data_version")).exists()
        or PartnershipScore.objects.filter(computed_version__lt=F("data_version")).exists()
    ):
        if time.perf_counter() - changed > 900:
            sys.exit("not fresh after 900 s; is the worker running?")
        time.sleep(0.1)
    seen = time.perf_counter() - changed
    last = Scorecard.objects.filter(questionnaire=questionnaire).aggregate(last=Max("computed_at"))["last"]
    ended = _job_ends(log)[-1]
    return (last - committed).total_seconds(), ended - committed.timestamp(), seen, marked


def _job_ends(log: Path) -> list[float]:
    """When each fleet job the worker ran ended (epoch seconds, from its log's local time)."""
    ends = []
    for line in log.read_text(errors="replace").splitlines() if log.exists() else []:
        match = SUCCEEDED.match(line)
        if match and " succeeded in " in line:
            ends.append(datetime.strptime(match["at"], "%Y-%m-%d %H:%M:%S,%f").timestamp())
    return ends


if __name__ == "__main__":
    main()
