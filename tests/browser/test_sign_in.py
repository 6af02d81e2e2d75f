"""Signing in as each demo role in real headless Chromium, with axe-core on each page."""

import pytest

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible_and_rejects_a_wrong_password(page, live_server, world):
    # given the sign-in page
    page.goto(f"{live_server.url}/accounts/login/")
    check_accessibility(page)
    # when a wrong password is given
    page.get_by_label("Username").fill("reseller")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    # then the page says so and the user stays signed out
    assert "correct username and password" in page.content()
    assert page.url.endswith("/accounts/login/")


@pytest.mark.parametrize(
    ("username", "sees", "nav"),
    [
        ("reseller", "Scorecards to finish", ["Dashboard"]),
        ("viewer", "read only", ["Dashboard"]),
        ("provider", "Scorecards shared with you", ["Dashboard"]),
        ("admin", "Portal administration", ["Dashboard", "Admin"]),
    ],
)
def test_sign_in_each_role_lands_on_its_dashboard(page, live_server, world, username, sees, nav):
    # when the user signs in
    sign_in(page, live_server, username)
    # then the dashboard fits their role, names them, and passes axe
    assert sees in page.content()
    assert username in page.get_by_test_id("whoami").inner_text()
    navigation = page.get_by_role("navigation", name="Main")
    for label in nav:
        assert navigation.get_by_role("link", name=label, exact=True).is_visible()
    check_accessibility(page)
    # and signing out returns to the sign-in page
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
