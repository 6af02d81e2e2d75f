"""Fleet recompute after a weight change, against the database's own floor, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cspeval_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/recompute.py [--scale 5100]

It seeds `seed_demo --scale N` (about 4 scorecards per reseller; N=5100 gives 20,000+), makes
every score fresh, starts one Celery worker, changes an area weight (in one transaction: the
weight, the questionnaire's weights revision and the dirty marks), and times until no score of
the questionnaire is stale; four times: the first finds the worker cold, the median of the other
three is the result. In the same run it times the floor: one set-based weighted-sum
`INSERT ... SELECT ... GROUP BY ... ON CONFLICT` over a scratch copy of the same answers. It
prints both per scorecard and their ratio (goal: at most 3).
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspeval.settings")

from support import setup_django, start_worker, stop_worker  # noqa: E402 (after the path is set)

FLOOR_SQL = """
INSERT INTO bench_floor (scorecard_id, score)
SELECT a.scorecard_id, 100 * sum(q.weight * (a.value_number - 1) / 4) / NULLIF(sum(q.weight), 0)
FROM bench_answers a JOIN assessments_question q ON q.id = a.question_id
GROUP BY a.scorecard_id
ON CONFLICT (scorecard_id) DO UPDATE SET score = EXCLUDED.score
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5100)
    args = parser.parse_args()
    queue = setup_django("recompute", need_broker=True)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import F, Max

    started = time.perf_counter()
    call_command("seed_demo", password="bench-only-password", scale=args.scale, verbosity=0)
    print(f"seed_demo --scale {args.scale}: {time.perf_counter() - started:.1f} s", flush=True)

    from django.utils import timezone

    from assessments.models import Area, PartnershipScore, ProviderAggregate, Questionnaire, Scorecard
    from assessments.services import recompute

    questionnaire = Questionnaire.objects.get(kind="provider_scorecard", status="published")
    total = Scorecard.objects.filter(questionnaire=questionnaire).count()
    started = time.perf_counter()
    recompute.questionnaire_recompute(questionnaire_id=questionnaire.pk)
    print(
        f"scorecards of the questionnaire: {total}; first full recompute in process: "
        f"{time.perf_counter() - started:.1f} s"
    )
    # as autovacuum would have by now (it is off on some machines): no dead rows, fresh statistics
    with connection.cursor() as cursor:
        for table in ("assessments_answer", "assessments_scorecard", "assessments_scorecardareascore"):
            cursor.execute(f"VACUUM ANALYZE {table}")

    worker = start_worker(queue)
    area = Area.objects.get(questionnaire=questionnaire, key="realism")
    fleets = []
    try:
        time.sleep(4)
        # The first change finds the worker cold (a new database session: empty catalog caches, no
        # plan yet); the next three show the steady state of a running worker. Each waits for the
        # aggregates and partnership scores to follow before the next change.
        for run in range(4):
            # each change on its own: one arriving within the throttle window of the last fleet
            # job would wait for the window to close (how a burst of changes is coalesced)
            time.sleep(float(settings.RECOMPUTE_COALESCE_SECONDS))
            with transaction.atomic():
                area.weight = area.weight + Decimal("5")
                area.save(update_fields=["weight"])
                Questionnaire.objects.filter(pk=questionnaire.pk).update(weights_revision=F("weights_revision") + 1)
                marked = recompute.questionnaire_mark_dirty(questionnaire_id=questionnaire.pk)
            changed, changed_at = time.perf_counter(), timezone.now()
            with connection.cursor() as cursor:
                cursor.execute("SELECT clock_timestamp()")  # the database's clock, just after the commit
                committed = cursor.fetchone()[0]
            # A light poll (each count scans the questionnaire's scorecards, and this machine has two
            # cores to share with the worker); the time itself comes from the database's clock: the
            # moment the last scorecard's score was written (`computed_at`, per row).
            while recompute.stale_count(questionnaire_id=questionnaire.pk):
                if time.perf_counter() - changed > 600:
                    sys.exit("not fresh after 600 s; is the worker running?")
                time.sleep(0.1)
            seen = time.perf_counter() - changed
            last = Scorecard.objects.filter(questionnaire=questionnaire).aggregate(last=Max("computed_at"))["last"]
            fleet = (last - committed).total_seconds()
            # then the scores built on them: each provider's aggregate and every partnership score
            while (
                ProviderAggregate.objects.filter(questionnaire=questionnaire, computed_at__lt=changed_at).exists()
                or PartnershipScore.objects.filter(computed_at__lt=changed_at).exists()
            ):
                if time.perf_counter() - changed > 900:
                    sys.exit("aggregates or partnership scores not fresh after 900 s")
                time.sleep(0.1)
            label = "first change (cold worker)" if run == 0 else f"change {run}"
            print(
                f"{label}: the last scorecard score written {fleet:.2f} s after it (seen fresh by a 0.1 s "
                f"poll at {seen:.2f} s), every provider aggregate and partnership score "
                f"{time.perf_counter() - changed:.2f} s after it",
                flush=True,
            )
            if run:
                fleets.append(fleet)
    finally:
        stop_worker(worker)
    fleet = statistics.median(fleets)

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_answers; DROP TABLE IF EXISTS bench_floor")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_answers AS SELECT a.* FROM assessments_answer a "
            "JOIN assessments_scorecard s ON s.id = a.scorecard_id WHERE s.questionnaire_id = %s",
            [questionnaire.pk],
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
    floor = min(timings)
    per_fleet, per_floor = fleet / marked * 1e6, floor / marked * 1e6
    print(f"weight change marked {marked} scorecards ({answers} answers)")
    print(f"fleet recompute with one worker (median of changes 1-3): {fleet:.2f} s = {per_fleet:.1f} us per scorecard")
    print(
        f"floor (one weighted-sum INSERT ... SELECT ... GROUP BY ... ON CONFLICT): {floor:.2f} s "
        f"= {per_floor:.1f} us per scorecard"
    )
    ratio = per_fleet / per_floor
    print(f"ratio: {ratio:.2f} x the floor (goal: at most 3) -> {'met' if ratio <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
