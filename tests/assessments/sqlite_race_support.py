"""Two submits of one scorecard version at once, on a SQLite file of their own (run as a script).

`python tests/assessments/sqlite_race_support.py` with DATABASE_URL=sqlite:///<a fresh file>:
migrates that file, builds a reseller with one answered draft, then posts
POST /api/scorecards/<id>/submit/ from two threads (each on its own connection) with the
version both saw, and prints the two statuses as JSON, sorted.

To make the race happen every time rather than now and then, each submit waits (at most
BARRIER_SECONDS) for the other right after the service has read the scorecard row: with
deferred transactions both have read it and both then try to write, which SQLite refuses
to one of them ("database is locked"); with immediate transactions the second one cannot
even start its transaction until the first commits, so the first goes on alone when the
wait times out and the second reads a submitted scorecard.
"""

import contextlib
import json
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARRIER_SECONDS = 2.0


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspeval.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from assessments.services import scorecards
    from tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        ProviderFactory,
        ScorecardFactory,
        UserFactory,
        build_questionnaire,
    )

    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0, interactive=False)
    questionnaire = build_questionnaire()
    contoso = OrganisationFactory(name="Contoso", slug="contoso")
    northwind = ProviderFactory(name="Northwind", slug="northwind")
    user = MembershipFactory(user=UserFactory(username="reseller"), organisation=contoso).user
    scorecard = ScorecardFactory(reseller=contoso, provider=northwind, questionnaire=questionnaire)
    question = questionnaire.areas.get(key="community").questions.get(kind="yes_no")
    scorecard.answers.create(question=question, value_bool=True)
    version = scorecard.version
    connection.close()

    barrier = threading.Barrier(2, timeout=BARRIER_SECONDS)
    read_the_row = scorecards.access_scorecard

    def lock_then_meet(user, scorecard_id, **options):
        row = read_the_row(user, scorecard_id, **options)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other could not get this far: go on alone
            barrier.wait()
        return row

    scorecards.access_scorecard = lock_then_meet  # both requests read the row, then both try to write
    statuses: list[int] = []
    start = threading.Barrier(2)

    def submit() -> None:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        start.wait()
        response = client.post(
            f"/api/scorecards/{scorecard.pk}/submit/", {"version": version}, content_type="application/json"
        )
        statuses.append(response.status_code)
        connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    scorecard.refresh_from_db()
    print(json.dumps({"statuses": sorted(statuses), "status": scorecard.status, "version": scorecard.version}))


if __name__ == "__main__":
    main()
