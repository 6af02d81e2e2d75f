"""Pointing the Celery app at a broker and queue of a test's own, and back.

The app reads Django's settings under the CELERY namespace, so its keys are the prefixed names:
Celery 5.6 lets a Django setting win over an unprefixed `app.conf.update(broker_url=...)`. The
app also keeps one producer pool per broker; a fresh one is made for each switch, so that jobs
really go to the broker named (and a refusing one really refuses).
"""

from contextlib import contextmanager

KEYS = ("CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "CELERY_TASK_DEFAULT_QUEUE")


def _forget_pools(app) -> None:
    # kombu keeps one pool per broker address (never close it: the next user would get it closed)
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def use_broker(app, settings, url: str, *, queue: str | None = None):
    """Jobs sent to this broker (and queue) while inside; Django's settings follow, so that code
    reading them (the enqueue path) sees the same."""
    changes = app.conf.changes  # what was set on the app itself, above Django's settings
    saved = {key: changes[key] for key in KEYS if key in changes}
    values = {"CELERY_BROKER_URL": url, "CELERY_TASK_ALWAYS_EAGER": False}
    if queue is not None:
        values["CELERY_TASK_DEFAULT_QUEUE"] = queue
    app.conf.update(values)
    for key, value in values.items():
        setattr(settings, key, value)
    _forget_pools(app)
    try:
        yield app
    finally:
        for key in KEYS:  # back to what it was: Django's setting again, unless the app had its own
            changes.pop(key, None)
        app.conf.update(saved)
        _forget_pools(app)
