"""Liveness and readiness probes, as an orchestrator would use them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_without_touching_the_database(client, db):
    # when the liveness probe is called
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    # then it answers 200 and ran no query
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_readyz_is_ready_with_the_database_and_no_broker(client, db, settings):
    # given jobs run in-process (no broker configured)
    settings.CELERY_BROKER_URL = ""
    # then readiness needs only the database
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}


def test_readyz_names_an_unreachable_broker(client, db, settings):
    # given a broker that nobody listens on
    from cspeval.celery import app

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    old = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = old
    # then it answers 503 and names the broker
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


@pytest.mark.services
def test_readyz_is_ready_with_a_real_redis_broker(client, db, settings, redis_url):
    from cspeval.celery import app

    settings.CELERY_BROKER_URL = redis_url
    old = app.conf.broker_url
    app.conf.broker_url = redis_url
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}
