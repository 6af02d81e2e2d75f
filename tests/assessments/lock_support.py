"""Waiting, in a test, until another session is blocked on a row lock (PostgreSQL)."""

import time

from django.db import connection


def blocked_on_a_lock(session: dict, what: str, timeout: float = 10.0) -> None:
    """Wait until the session whose backend pid a thread put in `session["pid"]` is waiting on a
    lock; fail naming `what` never waited."""
    deadline = time.monotonic() + timeout
    while "pid" not in session and time.monotonic() < deadline:
        time.sleep(0.01)
    with connection.cursor() as cursor:
        while "pid" in session and time.monotonic() < deadline:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [session["pid"]])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.02)
    raise AssertionError(f"{what} never waited on the lock")
