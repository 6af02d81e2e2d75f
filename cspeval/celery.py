"""Celery application: workers on Redis recompute scores; beat sweeps what is still dirty."""

import os
import re

from celery import Celery
from celery.signals import celeryd_init, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspeval.settings")

app = Celery("cspeval")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_sweep(sender, **kwargs):
    from django.conf import settings

    sender.add_periodic_task(
        float(settings.RECOMPUTE_SWEEP_SECONDS),
        sender.signature("assessments.tasks.sweep_dirty_scores"),
        name="sweep dirty scores",
    )


@task_prerun.connect
@task_postrun.connect
def _drop_unusable_connections(task=None, **kwargs):
    """Around each job, close the database connections that are broken or older than
    DATABASE_CONN_MAX_AGE (and check the others' health before use), as Django does around each
    request: Celery keeps them (CELERY_DB_REUSE_MAX) instead of opening one per job. Not for a job
    run in-process (eagerly), which is inside somebody's request or transaction."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@celeryd_init.connect
def _worker_statement_timeout(**kwargs):
    """`celery worker` connects with DB_WORKER_STATEMENT_TIMEOUT_MS instead of the web's limit.

    celeryd_init is sent only by the worker program, before its pool starts (prefork children
    inherit the settings), so web processes, beat and the tests' in-process workers keep
    DB_STATEMENT_TIMEOUT_MS. Lock and idle-in-transaction limits stay the same everywhere."""
    from django.conf import settings
    from django.db import connections

    use_statement_timeout(settings.DATABASES, settings.DB_WORKER_STATEMENT_TIMEOUT_MS)
    connections.close_all()  # none should be open yet; any that is would keep the old limit


def use_statement_timeout(databases: dict, statement_timeout_ms: int) -> None:
    """Set the statement limit that PostgreSQL connections opened from now on start with."""
    for database in databases.values():
        options = database.get("OPTIONS", {})
        if "options" in options:
            options["options"] = re.sub(
                r"-c statement_timeout=\S+", f"-c statement_timeout={statement_timeout_ms}", options["options"]
            )
