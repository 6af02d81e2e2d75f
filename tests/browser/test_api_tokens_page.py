"""The API tokens page in real headless Chromium, at desktop width and on a 390 px phone:
reach it from the header, see each token's dates, revoke one with the keyboard-reachable button."""

import re

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_api_tokens_page_lists_and_revokes_a_token(page, live_server, world, width, height):
    # given reseller with two tokens, signed in
    page.set_viewport_size({"width": width, "height": height})
    keep, revoke = api_token_issue(user=world.reseller), api_token_issue(user=world.reseller)
    sign_in(page, live_server, "reseller")
    # when they follow the header's link (behind the menu button on a phone, once the menu is open)
    if width < 992:
        page.get_by_role("button", name="Show navigation").click()
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    with page.expect_navigation(url=f"{live_server.url}/account/tokens/"):
        page.get_by_role("link", name="API tokens").click()
    # then both tokens are listed with their dates, and the page passes axe
    rows = page.get_by_test_id("token-row")
    assert rows.count() == 2
    assert "Never" in rows.first.inner_text()
    check_accessibility(page)
    # when they revoke one (the form posts and the page comes back)
    with page.expect_navigation():
        page.get_by_role("button", name=f"Revoke token {revoke.token.prefix}").click()
    # then the page says so, lists only the other, and the revoked token no longer works
    expect(page.get_by_role("status")).to_contain_text(f"Token {revoke.token.prefix}… has been revoked")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(keep.token.prefix)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {revoke.key}")
    assert api.get("/api/providers/").status_code == 401
    check_accessibility(page)
