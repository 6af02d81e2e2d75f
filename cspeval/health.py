"""Liveness and readiness probes.

`/readyz` answers within about PROBE_SECONDS whatever its dependencies do: the database is asked
on a short-lived connection of its own, with a deadline of our own (libpq's connect_timeout counts
whole seconds, at least 2) and a statement limit, so a database that accepts and never answers (a
partition, packets dropped) is reported down instead of hanging the worker until gunicorn kills
it; the broker is asked meanwhile in a thread, and reported down if it has not answered by then.
"""

import logging
import selectors
import threading
import time

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cspeval.celery import app

logger = logging.getLogger(__name__)

PROBE_SECONDS = 1.0  # well inside the 2 s an orchestrator gives a probe


@never_cache
@require_GET
def healthz(request):
    """Alive: answers without touching the database or the broker."""
    return JsonResponse({"status": "ok"})


def _database_ok(*, alias: str = "default", timeout: float = PROBE_SECONDS) -> bool:
    connection = connections[alias]
    try:
        if connection.vendor == "postgresql":
            _postgres_probe(connection.get_connection_params(), timeout=timeout)
        else:  # SQLite: a local file, nothing to wait for
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        return True
    except Exception:
        logger.warning("readiness: database unreachable", exc_info=True)
        return False


def _postgres_probe(params: dict, *, timeout: float) -> None:
    """SELECT 1 on a new asynchronous psycopg2 connection, all of it within `timeout` seconds."""
    import psycopg2

    deadline = time.monotonic() + timeout
    params = {k: v for k, v in params.items() if k != "cursor_factory"}
    # libpq's own limits as a backstop; the deadline below is what bounds the wait
    params["connect_timeout"] = max(2, int(timeout) + 1)
    params["options"] = f"{params.get('options', '')} -c statement_timeout={int(timeout * 1000)}".strip()
    probe = psycopg2.connect(async_=True, **params)
    try:
        _wait(probe, deadline)
        cursor = probe.cursor()
        cursor.execute("SELECT 1")
        _wait(probe, deadline)
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")
    finally:
        probe.close()


def _wait(probe, deadline: float) -> None:
    """Drive an asynchronous psycopg2 connection until it is idle, or raise TimeoutError at the deadline."""
    import psycopg2.extensions as ext

    with selectors.DefaultSelector() as selector:
        while True:
            state = probe.poll()
            if state == ext.POLL_OK:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the database did not answer in time")
            event = selectors.EVENT_READ if state == ext.POLL_READ else selectors.EVENT_WRITE
            selector.register(probe.fileno(), event)
            selector.select(remaining)
            selector.unregister(probe.fileno())


def _broker_ok() -> bool:

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.warning("readiness: broker unreachable", exc_info=True)
        return False


@never_cache
@require_GET
def readyz(request):
    """Ready: the database answers, and so does the broker when one is configured."""
    deadline = time.monotonic() + PROBE_SECONDS
    broker: dict[str, bool] = {}
    thread = None
    if settings.CELERY_BROKER_URL:
        thread = threading.Thread(target=lambda: broker.update(ok=_broker_ok()), name="readyz-broker", daemon=True)
        thread.start()
    checks = {"database": _database_ok()}
    if thread is not None:
        thread.join(max(0.0, deadline - time.monotonic()))
        checks["broker"] = broker.get("ok", False)  # not answered by the deadline: down
    down = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ok" if not down else "unavailable",
        "checks": {k: "ok" if v else "down" for k, v in checks.items()},
    }
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
