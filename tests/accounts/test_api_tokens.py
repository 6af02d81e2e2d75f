"""API tokens as a client would meet them: they expire, and signing out or changing the
password ends them; the token endpoint is throttled and counts towards the lockout."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

PASSWORD = "correct horse battery"


@pytest.fixture
def api():
    return APIClient()


def obtain(api, username, password=PASSWORD, **extra):
    return api.post("/api/auth/token/", {"username": username, "password": password}, format="json", **extra)


def token_for(username, password=PASSWORD):
    response = obtain(APIClient(), username, password)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def call_with(token, url="/api/providers/"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(url)


def later(days):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=days))


def test_token_endpoint_answers_only_a_token(api, world):
    # when a client asks for a token
    response = obtain(api, "reseller")
    # then the contract is unchanged: one field, the token, which works
    assert response.status_code == 200
    assert list(response.json()) == ["token"]
    assert call_with(response.json()["token"]).status_code == 200


def test_token_works_until_it_expires_then_is_refused_with_a_message(world, settings):
    # given a token issued with a 30-day lifetime
    settings.API_TOKEN_TTL_DAYS = 30
    token = token_for("reseller")
    # when it is used 29 days later, then 31 days later
    with later(29):
        before = call_with(token)
    with later(31):
        after = call_with(token)
    # then it works until the expiry, and afterwards the client is told it expired
    assert before.status_code == 200
    assert after.status_code == 401
    assert "expired" in after.json()["detail"]


def test_token_is_revoked_when_the_user_signs_out(world, client):
    # given a token, and the same user signed in in a browser
    token = token_for("reseller")
    assert call_with(token).status_code == 200
    client.force_login(world.reseller)
    # when they sign out
    response = client.post("/accounts/logout/", follow=True)
    # then the token is refused with a message, and the sign-in page says why
    refused = call_with(token)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    assert "API token" in response.content.decode()


def test_token_sign_out_leaves_other_users_tokens_alone(world, client):
    # given tokens for two users
    mine, theirs = token_for("reseller"), token_for("reseller2")
    client.force_login(world.reseller)
    # when one signs out
    client.post("/accounts/logout/")
    # then only their token ends
    assert call_with(mine).status_code == 401
    assert call_with(theirs).status_code == 200


def test_token_is_refused_after_a_password_change(world):
    # given a token
    token = token_for("reseller")
    # when the password changes (here, the admin's or the user's own form, or manage.py changepassword)
    world.reseller.set_password("a different passphrase")
    world.reseller.save(update_fields=["password"])
    # then the old token is refused with a message, and a new one can be had with the new password
    refused = call_with(token)
    assert refused.status_code == 401
    assert "password" in refused.json()["detail"]
    assert call_with(token_for("reseller", "a different passphrase")).status_code == 200


def test_token_unknown_is_refused_with_a_json_message(world):
    refused = call_with("not-a-token-anyone-was-given")
    assert refused.status_code == 401
    assert refused.json()["detail"]


def test_token_endpoint_is_throttled_per_client(api, world, settings):
    # given a throttle of 3 requests a minute at the token endpoint
    settings.API_TOKEN_THROTTLE_RATE = "3/minute"
    for _ in range(3):
        assert obtain(api, "reseller", "guess").status_code == 401
    # when the same client tries again, even with the right password
    response = obtain(api, "reseller")
    # then it is told to wait, in JSON, and given no token
    assert response.status_code == 429
    assert "try again" in response.json()["detail"].lower()
    assert "token" not in response.json()
    assert int(response["Retry-After"]) > 0


def test_token_wrong_passwords_count_towards_the_lockout(api, world, client, settings):
    # given the sign-in limit of 5 failures, and a throttle that lets them all through
    settings.AXES_FAILURE_LIMIT = 5
    settings.API_TOKEN_THROTTLE_RATE = "100/minute"
    codes = [obtain(api, "reseller", "guess").status_code for _ in range(5)]
    assert codes[:4] == [401] * 4  # the fifth failure is the one that locks
    # when the right password is given, at the token endpoint and then on the sign-in form
    response = obtain(api, "reseller")
    form = client.post("/accounts/login/", {"username": "reseller", "password": PASSWORD})
    # then both are locked, and the API says so in JSON instead of handing out a token
    assert response.status_code == 429
    assert "locked" in response.json()["detail"]
    assert "token" not in response.json()
    assert form.status_code == 429


def test_token_endpoint_is_locked_after_failures_on_the_sign_in_form(api, world, client, settings):
    # given 5 wrong passwords on the sign-in form
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        client.post("/accounts/login/", {"username": "reseller", "password": "guess"})
    # when the token endpoint is asked with the right password
    response = obtain(api, "reseller")
    # then it is locked too
    assert response.status_code == 429
    assert "locked" in response.json()["detail"]
