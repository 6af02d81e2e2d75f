"""Behind the reverse proxy (DJANGO_BEHIND_PROXY), the lockout is per real client: the address
the trusted proxy saw, taken from X-Forwarded-For, not the proxy's own address."""

import pytest
from rest_framework.test import APIClient

PASSWORD = "correct horse battery"
PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    settings.API_TOKEN_THROTTLE_RATE = "100/minute"


def sign_in(client, forwarded_for, password, username="reseller"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_axes_behind_proxy_two_forwarded_clients_do_not_lock_each_other_out(behind_proxy, world, client):
    # given someone at 203.0.113.9 failing 5 times to sign in as reseller, through the proxy
    codes = [sign_in(client, "203.0.113.9", "guess").status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]  # the form says "wrong password" four times, then locks that client
    # when the real reseller signs in from 198.51.100.7, through the same proxy
    response = sign_in(client, "198.51.100.7", PASSWORD)
    # then they are signed in: the stranger's failures did not lock them out
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_axes_behind_proxy_same_client_is_locked_after_the_limit(behind_proxy, world, client):
    # given 5 failures from 203.0.113.9
    for _ in range(5):
        sign_in(client, "203.0.113.9", "guess")
    # when that client then gives the right password, on the form and at the token endpoint
    form = sign_in(client, "203.0.113.9", PASSWORD)
    api = APIClient().post(
        "/api/auth/token/",
        {"username": "reseller", "password": PASSWORD},
        format="json",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    # then both are locked for that client
    assert form.status_code == 429
    assert "Too many failed sign-in attempts" in form.content.decode()
    assert api.status_code == 429


def test_axes_behind_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(behind_proxy, world, client):
    # given a client at 203.0.113.9 that puts a different made-up address in front of the header
    # each time (the proxy appends the address it saw, so the header reads "<forged>, 203.0.113.9")
    for i in range(5):
        sign_in(client, f"192.0.2.{i}, 203.0.113.9", "guess")
    # when it tries the right password with yet another forged address
    response = sign_in(client, "192.0.2.99, 203.0.113.9", PASSWORD)
    # then it is still locked: only the address the trusted proxy added counts
    assert response.status_code == 429


def test_axes_without_a_proxy_ignores_x_forwarded_for(world, client, settings):
    # given no proxy in front (the default), a client forging X-Forwarded-For on every failure
    settings.AXES_FAILURE_LIMIT = 5
    for i in range(5):
        client.post(
            "/accounts/login/", {"username": "reseller", "password": "guess"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}"
        )
    # when it tries the right password with another forged address
    response = client.post(
        "/accounts/login/", {"username": "reseller", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    # then it is locked: the header is not trusted without a proxy
    assert response.status_code == 429
