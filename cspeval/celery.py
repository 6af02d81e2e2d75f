"""Celery application: workers on Redis recompute scores; beat sweeps what is still dirty."""

import os

from celery import Celery

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
