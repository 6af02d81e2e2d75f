"""With the database unresponsive (a black hole) or refusing (a closed port): /readyz answers 503 in
under 2 s, the API a JSON 503 with Retry-After, a page the branded 503 page, rendered without a database."""

import time

import pytest
from django.db import connections
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from cspeval.api_errors import RETRY_AFTER_SECONDS
from tests.cspeval.db_faults import black_hole, closed_port, default_database


def _timed_get(client, path, **extra):
    started = time.monotonic()
    response = client.get(path, **extra)
    return response, time.monotonic() - started


@pytest.fixture
def probe_target(db, postgres, monkeypatch):
    """Point the default database's settings (read by /readyz's probe for its own connection) at a port."""

    def point_at(port: int) -> None:
        settings_dict = connections["default"].settings_dict
        monkeypatch.setitem(settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(settings_dict, "PORT", str(port))

    return point_at


# --- /readyz -------------------------------------------------------------------------------------


def test_readyz_answers_503_within_2_seconds_with_the_database_black_holed(client, probe_target, settings):
    # given a database that accepts connections and never answers (packets dropped), no broker
    settings.CELERY_BROKER_URL = ""
    with black_hole() as port:
        probe_target(port)
        # when the orchestrator asks whether the portal is ready
        response, took = _timed_get(client, "/readyz")
    # then it says no, naming the database, well before gunicorn's 30 s timeout
    print(f"\nreadyz with the database black-holed: {response.status_code} in {took * 1000:.0f} ms")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
    assert took < 2.0


def test_readyz_answers_503_at_once_with_the_database_refusing(client, probe_target, settings):
    settings.CELERY_BROKER_URL = ""
    probe_target(closed_port())
    response, took = _timed_get(client, "/readyz")
    print(f"\nreadyz with the database refusing: {response.status_code} in {took * 1000:.0f} ms")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "down"},
        "down": ["database"],
    }
    assert took < 2.0


def test_readyz_answers_within_2_seconds_with_database_and_broker_black_holed(client, probe_target, settings):
    # given both the database and the broker accept connections and never answer
    from cspeval.celery import app

    with black_hole() as db_port, black_hole() as broker_port:
        probe_target(db_port)
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{broker_port}/0"
        old = app.conf.broker_url
        app.conf.broker_url = settings.CELERY_BROKER_URL
        try:
            response, took = _timed_get(client, "/readyz")
        finally:
            app.conf.broker_url = old
    # then one answer within the 2 s, naming both
    print(f"\nreadyz with database and broker black-holed: {response.status_code} in {took * 1000:.0f} ms")
    assert response.status_code == 503
    assert response.json()["down"] == ["database", "broker"]
    assert took < 2.0


def test_readyz_probe_is_ready_with_the_real_database(client, db, postgres, settings):
    # the same probe, on its own connection, against the real database: ready (and it is quick)
    settings.CELERY_BROKER_URL = ""
    response, took = _timed_get(client, "/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok"}
    assert took < 2.0


# --- The API -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_api_answers_json_503_with_retry_after_when_the_database_refuses(world, postgres):
    # given an API client with a token, and then a database that refuses connections
    token = api_token_issue(user=world.reseller).key
    client = APIClient()
    with default_database(port=closed_port()):
        # when it lists its scorecards (the token itself cannot be checked)
        response, took = _timed_get(client, "/api/scorecards/", HTTP_AUTHORIZATION=f"Token {token}")
    # then a JSON 503 telling it when to retry, not Django's HTML "Server Error (500)"
    print(f"\nAPI with the database refusing: {response.status_code} in {took * 1000:.0f} ms")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": "The service is briefly unavailable; please try again shortly."}
    # and once the database is back the same call works
    assert client.get("/api/scorecards/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_api_answers_json_503_when_the_database_is_unresponsive(world, postgres):
    # given a signed-in (session) API client, and a database that never answers
    client = APIClient()
    client.force_login(world.reseller)
    with black_hole() as port, default_database(port=port, connect_timeout=2):
        # when it reads a scorecard
        sc = world.contoso_on_northwind
        response, took = _timed_get(client, f"/api/scorecards/{sc.pk}/")
    # then the request ends at the connect timeout with a JSON 503, not at gunicorn's 30 s kill
    print(f"\nAPI with the database black-holed (connect_timeout 2 s): {response.status_code} in {took * 1000:.0f} ms")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "detail" in response.json()
    assert took < 5.0


# --- Pages ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_page_is_the_branded_503_page_when_the_database_refuses(world, postgres):
    # given a signed-in reseller, and then a database that refuses connections
    client = Client(raise_request_exception=False)
    client.force_login(world.reseller)
    with default_database(port=closed_port()):
        # when they open their dashboard (their session cannot even be read)
        response = client.get("/")
    # then the portal's own 503 page, rendered with no database at all, says to try again soon
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert "cspeval is briefly unavailable" in page
    assert "Nothing you saved before this has been lost." in page
    assert 'class="navbar-brand fw-semibold"' in page  # base.html's branding
    assert "Sign out" not in page  # nobody is treated as signed in without their session
    assert "Server Error (500)" not in page


@pytest.mark.django_db(transaction=True)
def test_500_page_is_branded_and_needs_no_database(postgres):
    # given an error that is not the database's, while the database refuses (so any query would fail)
    from cspeval.urls import handler500

    request = RequestFactory().get("/scorecards/")
    with default_database(port=closed_port()):
        try:
            raise RuntimeError("a defect")
        except RuntimeError:  # Django calls the handler while handling the exception
            page = handler500(request)
            api = handler500(RequestFactory().get("/api/scorecards/"))
    # then the branded 500 page (no Retry-After: retrying will not help), and JSON under the API
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.content.decode()
    assert 'class="navbar-brand fw-semibold"' in page.content.decode()
    assert not page.has_header("Retry-After")
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
