"""The signed-in user's API tokens: seen and revoked on /account/tokens/ and through the API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_issue


def call_with(key, url="/api/providers/"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(url)


@pytest.fixture
def tokens(world):
    """Two tokens of reseller's (one used), one of reseller2's."""
    used, unused = api_token_issue(user=world.reseller), api_token_issue(user=world.reseller)
    assert call_with(used.key).status_code == 200
    return {"used": used, "unused": unused, "theirs": api_token_issue(user=world.reseller2)}


def test_token_page_lists_own_tokens_with_their_dates(client, world, tokens, django_assert_num_queries):
    # given reseller signed in
    client.force_login(world.reseller)
    # when they open their tokens page
    # session, user, tokens, memberships (navigation), unread notifications
    with django_assert_num_queries(5):
        response = client.get(reverse("account_tokens"))
    # then it lists their two tokens, newest first, with created, expires and last used; not reseller2's
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="token-row"') == 2
    assert page.index(tokens["unused"].token.prefix) < page.index(tokens["used"].token.prefix)
    assert tokens["theirs"].token.prefix not in page
    expires = timezone.localtime(tokens["used"].token.expires_at)
    assert expires.strftime("%-d %b %Y") in page
    assert "Never" in page  # the unused one
    assert page.count("Revoke") >= 2


def test_token_page_revoke_ends_the_token_and_says_so(client, world, tokens):
    # given reseller signed in, with a working token
    client.force_login(world.reseller)
    token = tokens["used"].token
    # when they revoke it
    response = client.post(reverse("account_token_revoke", args=[token.pk]), follow=True)
    # then the page confirms it, no longer lists it, and the token is refused; the other still works
    page = response.content.decode()
    assert f"Token {token.prefix}… has been revoked" in page
    assert page.count('data-testid="token-row"') == 1
    assert call_with(tokens["used"].key).status_code == 401
    assert call_with(tokens["unused"].key).status_code == 200


def test_token_page_cannot_revoke_someone_elses_token(client, world, tokens):
    # given reseller signed in
    client.force_login(world.reseller)
    # when they post the revoke form for reseller2's token
    response = client.post(reverse("account_token_revoke", args=[tokens["theirs"].token.pk]))
    # then it is not found, and reseller2's token still works
    assert response.status_code == 404
    assert call_with(tokens["theirs"].key).status_code == 200


def test_token_page_revoke_needs_a_post(client, world, tokens):
    client.force_login(world.reseller)
    response = client.get(reverse("account_token_revoke", args=[tokens["used"].token.pk]))
    assert response.status_code == 405
    assert call_with(tokens["used"].key).status_code == 200


def test_token_page_leaves_out_tokens_that_no_longer_work(client, world, tokens):
    # given one token expired and the other issued before a password change
    ApiToken.objects.filter(pk=tokens["used"].token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    world.reseller.set_password("a different passphrase")
    world.reseller.save(update_fields=["password"])
    client.force_login(world.reseller)
    # when reseller opens the page
    page = client.get(reverse("account_tokens")).content.decode()
    # then neither is listed as if it still worked
    assert 'data-testid="token-row"' not in page
    assert "no API tokens that still work" in page


def test_token_api_lists_own_tokens_and_marks_the_current_one(world, tokens):
    # given reseller calling with one of their tokens
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens['used'].key}")
    # when they list their tokens
    response = client.get(reverse("api_token_list"))
    # then they see their two, with dates, the one in use marked; never a key
    assert response.status_code == 200
    rows = response.json()
    assert [r["prefix"] for r in rows] == [tokens["unused"].token.prefix, tokens["used"].token.prefix]
    assert [r["current"] for r in rows] == [False, True]
    assert set(rows[0]) == {"id", "prefix", "created_at", "expires_at", "last_used_at", "current"}
    assert rows[0]["last_used_at"] is None and rows[1]["last_used_at"] is not None


def test_token_api_revokes_own_token_only(world, tokens):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens['used'].key}")
    # when reseller revokes reseller2's token, then their own unused one
    theirs = client.delete(reverse("api_token_detail", args=[tokens["theirs"].token.pk]))
    mine = client.delete(reverse("api_token_detail", args=[tokens["unused"].token.pk]))
    # then the foreign one is 404 and still works; their own is gone
    assert theirs.status_code == 404
    assert call_with(tokens["theirs"].key).status_code == 200
    assert mine.status_code == 204
    assert call_with(tokens["unused"].key).status_code == 401


def test_token_issue_keeps_a_bounded_number_per_user(world):
    from accounts.services import TOKENS_PER_USER

    # given a script that asks for a token more times than the limit
    issued = [api_token_issue(user=world.reseller) for _ in range(TOKENS_PER_USER + 2)]
    # then the newest ones work and the oldest were revoked
    assert call_with(issued[-1].key).status_code == 200
    assert call_with(issued[2].key).status_code == 200
    assert call_with(issued[0].key).status_code == 401
    assert ApiToken.objects.filter(user=world.reseller).count() == TOKENS_PER_USER


def test_token_is_stored_hashed(world):
    issued = api_token_issue(user=world.reseller)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.key not in {stored.key_hash, stored.prefix, stored.password_fingerprint}
    assert len(issued.key) >= 40


def test_token_admin_lists_tokens_without_their_keys(client, world, tokens):
    # given a portal admin
    client.force_login(world.admin)
    # when they open the tokens list of the Django admin
    response = client.get(reverse("admin:accounts_apitoken_changelist"))
    # then every token is listed by its first characters and owner, and no key is shown
    page = response.content.decode()
    assert response.status_code == 200
    for issued in tokens.values():
        assert issued.token.prefix in page
        assert issued.key not in page
    assert "reseller2" in page
