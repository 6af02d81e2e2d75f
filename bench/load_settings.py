"""The project's settings with the benchmark's URLconf (`bench/load_urls.py`): for bench/load.py's processes only."""

import os

from cspeval.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"

# `bench/load.py --worker-keeps-connection`, an experiment: Celery's Django fix-up closes the
# worker's database connection before and after every job unless this is set.
if os.environ.get("BENCH_CELERY_DB_REUSE_MAX"):
    CELERY_DB_REUSE_MAX = int(os.environ["BENCH_CELERY_DB_REUSE_MAX"])
