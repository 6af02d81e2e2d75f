"""What the benchmarks share: their own database, and one Celery worker on a queue of its own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _admin(url: str):
    import psycopg2

    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    return admin


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named by `url` when it does not exist yet."""
    name = url.rsplit("/", 1)[-1]
    admin = _admin(url)
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def fresh_database(url: str) -> None:
    """Drop the PostgreSQL database named by `url` if it exists (it must be a benchmark's own:
    `cspeval_bench...`) and create it empty."""
    name = url.rsplit("/", 1)[-1]
    if not name.startswith("cspeval_bench"):
        sys.exit(f"Refusing to drop {name!r}: a benchmark's database is named cspeval_bench...")
    admin = _admin(url)
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def start_worker(queue: str, *, log: Path | None = None) -> subprocess.Popen:
    """One worker process (solo pool) consuming `queue` only, as the project's settings configure it.
    With `log`, it logs each task (INFO) to that file; else only warnings, to the console."""
    command = [sys.executable, "-m", "celery", "-A", "cspeval", "worker", "-Q", queue]
    command += ["--pool", "solo", "--concurrency", "1", "--loglevel", "INFO" if log else "WARNING"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    output = open(log, "w") if log else None  # noqa: SIM115 (closed with the process: the child holds it)
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=os.environ | {"CELERY_QUEUE": queue},
        stdout=output,
        stderr=subprocess.STDOUT if log else None,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    """Stop it; a worker still busy is killed (every job is idempotent)."""
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes (`/proc/loadavg`)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def setup_django(name: str, *, need_broker: bool, fresh: bool = False) -> str:
    """Check the services named by the environment, create (with `fresh`, drop and create) and
    migrate the database, start Django. With `need_broker`, returns the queue of this run's own
    worker (else an empty string)."""
    url, broker = os.environ.get("DATABASE_URL", ""), os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("postgres") or (need_broker and not broker.startswith("redis")):
        wanted = "DATABASE_URL to PostgreSQL" + (" and CELERY_BROKER_URL to Redis" if need_broker else "")
        sys.exit(f"Set {wanted} (see the docstring).")
    if not need_broker:
        os.environ.pop("CELERY_BROKER_URL", None)  # recomputes run in process
    (fresh_database if fresh else ensure_database)(url)
    queue = f"bench-{name}-{os.getpid()}" if need_broker else ""
    if queue:
        os.environ["CELERY_QUEUE"] = queue

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return queue
