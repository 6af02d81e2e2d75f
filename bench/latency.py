"""Time from an answer's save returning to its fresh score being readable, with a real worker on Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cspeval_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/latency.py [--saves 200]

It migrates and seeds the database named by DATABASE_URL (created if missing), starts one
Celery worker process on a queue of its own, then answers questions one at a time through
the same service the pages use, each save spaced by the throttle window (as a person
answers), and polls the stored score until it is fresh. It prints the median and the 95th
percentile, and, as the floor, the cost of one in-process recompute of the same scorecard.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspeval.settings")

from support import setup_django, start_worker, stop_worker  # noqa: E402 (after the path is set)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    queue = setup_django("latency", need_broker=True)
    from django.conf import settings
    from django.core.management import call_command

    call_command("seed_demo", password="bench-only-password", verbosity=0)

    from django.contrib.auth import get_user_model

    from assessments.models import Question, Scorecard
    from assessments.pipeline.scorecards import scorecard_recompute
    from assessments.pipeline.specs import score_scorecard
    from assessments.services.scorecards import answer_save, scorecard_start
    from providers.models import Organisation

    user = get_user_model().objects.get(username="reseller")
    reseller = Organisation.objects.get(memberships__user=user, kind="reseller")
    provider = Organisation.objects.filter(kind="provider").order_by("name").last()
    scorecard, _ = scorecard_start(user=user, reseller=reseller, provider=provider)
    scales = list(Question.objects.filter(area__questionnaire=scorecard.questionnaire, kind="scale"))

    worker = start_worker(queue)
    try:
        time.sleep(4)  # let the worker connect
        rng = random.Random(7)
        spacing = float(settings.RECOMPUTE_COALESCE_SECONDS) + 0.05
        latencies = []
        for i in range(args.saves):
            question = rng.choice(scales)
            answer_save(user=user, scorecard_id=scorecard.pk, question_id=question.pk, value=rng.randint(1, 5))
            saved = time.perf_counter()
            while True:
                sc = Scorecard.objects.only("data_version", "computed_version").get(pk=scorecard.pk)
                if sc.computed_version >= sc.data_version:
                    break
                if time.perf_counter() - saved > 30:
                    sys.exit(f"save {i}: no fresh score after 30 s; is the worker running?")
                time.sleep(0.001)
            latencies.append((time.perf_counter() - saved) * 1000)
            time.sleep(max(0.0, spacing - latencies[-1] / 1000))
        # the floor: one recompute of the same scorecard, in process, no broker
        floor = []
        for _ in range(50):
            start = time.perf_counter()
            scorecard_recompute(scorecard_id=scorecard.pk, cascade=False)
            floor.append((time.perf_counter() - start) * 1000)
        fresh = Scorecard.objects.select_related("questionnaire").get(pk=scorecard.pk)
        assert fresh.overall == score_scorecard(fresh).overall, "stored score differs from a from-scratch one"
    finally:
        stop_worker(worker)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"saves: {len(latencies)}, spaced {spacing:.2f} s apart")
    print(
        f"save -> fresh score: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, "
        f"max {latencies[-1]:.1f} ms"
    )
    print(f"floor (one in-process recompute): median {statistics.median(floor):.2f} ms")
    print(f"ratio (median save -> fresh / floor): {statistics.median(latencies) / statistics.median(floor):.1f}")
    print(
        f"goal: median < 100 ms, p95 < 300 ms -> {'met' if statistics.median(latencies) < 100 and p95 < 300 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
