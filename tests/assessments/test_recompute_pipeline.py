"""The recompute pipeline end to end: a real Celery worker on Redis, and a broker that is down."""

import time

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from assessments.models import Scorecard
from assessments.pipeline.specs import score_scorecard

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _wait_fresh(scorecard_id: int, timeout: float = 20.0) -> Scorecard:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sc = Scorecard.objects.select_related("questionnaire").get(pk=scorecard_id)
        if sc.computed_version >= sc.data_version and sc.dirty_since is None:
            return sc
        time.sleep(0.05)
    raise AssertionError(f"scorecard {scorecard_id} still stale after {timeout} s")


def _put(client, scorecard, question, body):
    return client.put(f"/api/scorecards/{scorecard.pk}/answers/{question.pk}/", body, format="json")


def test_pipeline_real_worker_updates_the_stored_score_after_an_answer(world, celery_on_redis):
    # given Contoso's draft scorecard of Northwind, and a worker on Redis
    client = APIClient()
    client.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    scale = sc.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
    # when the reseller answers 5 on the relationships scale question
    response = _put(client, sc, scale, {"value": 5})
    assert response.status_code == 200
    # then the worker brings the stored score up to date: relationships is the only area, and it is 100
    fresh = _wait_fresh(sc.pk)
    assert fresh.overall == 100
    score = client.get(f"/api/scorecards/{sc.pk}/score/").json()
    assert score["stale"] is False
    assert score["areas"]["relationships"] == 100.0
    assert score["areas"]["community"] is None
    # when the answer changes to 3
    assert _put(client, sc, scale, {"value": 3}).status_code == 200
    # then the score follows: (3 - 1) / 4 = 50
    fresh = _wait_fresh(sc.pk)
    assert fresh.overall == 50
    assert fresh.overall == score_scorecard(fresh).overall


def test_pipeline_save_succeeds_with_the_broker_down_and_the_sweep_catches_up(world, settings):
    # given a broker nobody listens on
    from cspeval.celery import app
    from tests.celery_support import use_broker

    client = APIClient()
    client.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    yes_no = sc.questionnaire.areas.get(key="community").questions.get(kind="yes_no")
    with use_broker(app, settings, "redis://127.0.0.1:1/0"):
        # when the reseller answers
        response = _put(client, sc, yes_no, {"value": True, "evidence_url": "https://evidence.example/round-table"})
    # then the save stands, and the score is marked stale rather than passed off as current
    assert response.status_code == 200
    assert client.get(f"/api/scorecards/{sc.pk}/").json()["answers"][0]["value"] is True
    assert client.get(f"/api/scorecards/{sc.pk}/score/").json()["stale"] is True
    # when the sweep runs with no broker at all
    call_command("recompute_scores", "--dirty", "--inline")
    # then the score is fresh and right: community answered yes, with evidence
    score = client.get(f"/api/scorecards/{sc.pk}/score/").json()
    assert score["stale"] is False
    assert score["overall"] == 100.0
    assert score["evidence_share"] == 1.0
