"""A page a role may not open, or one that does not exist, is a page of the site: its navigation, a
plain reason, what the user can do and a way back. Real headless Chromium, desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [(1280, 900), (390, 844)]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_page_the_role_may_not_open_is_explained_inside_the_site(page, live_server, world, width, height):
    # given the provider's member, signed in
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, "provider")
    # when they open the comparison, a tool for resellers
    response = page.goto(f"{live_server.url}/compare/")
    # then the answer is 403, shown inside the site: its navigation, the reason, and a way back
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("This is not open to your role")
    expect(page.get_by_test_id("reason")).to_have_text("The comparison is a tool for resellers.")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("read-only")  # a member: no advice to ask for access
    if width >= 992:  # on a phone, behind the menu button
        expect(page.get_by_test_id("whoami")).to_contain_text("provider")
    check_accessibility(page)
    # when they follow the way back, then they are on their dashboard
    page.get_by_role("link", name="Back to your dashboard").click()
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_scorecard_of_another_organisation_is_not_found_inside_the_site(page, live_server, world, width, height):
    # given Tailspin's member, signed in, and Contoso's draft (not theirs to see)
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, "reseller2")
    # when they open it by its address
    response = page.goto(f"{live_server.url}/scorecards/{world.contoso_on_fabrikam.pk}/")
    # then it is a 404 inside the site, the same as for an id that does not exist
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("link", name="browse the providers")).to_have_attribute("href", re.compile(r"/providers/$"))
    check_accessibility(page)
    assert page.goto(f"{live_server.url}/scorecards/999999/").status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_viewer_refused_an_action_is_told_their_access_is_read_only(page, live_server, world, width, height):
    # given Contoso's viewer, signed in
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, "viewer")
    # when they open the form to propose a commitment
    response = page.goto(f"{live_server.url}/commitments/new/")
    # then it is refused inside the site, and the page says why and who can do it
    assert response.status == 403
    expect(page.get_by_role("main")).to_contain_text("Your access to Contoso is read-only: a member of it can do this")
    check_accessibility(page)
