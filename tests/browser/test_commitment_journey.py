"""The commitment ledger in real Chromium: propose, counter, accept the counter, record progress."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_journey_reseller_proposes_provider_counters_and_progress_counts(page, live_server, world):
    # given the demo reseller, signed in, on the commitments page
    sign_in(page, live_server, "reseller")
    page.goto(f"{live_server.url}/commitments/")
    check_accessibility(page)

    # when it proposes 100 customer seat adds to Northwind for this quarter (the form's default period)
    page.get_by_role("link", name="Propose a commitment").click()
    check_accessibility(page)
    page.get_by_label("Provider").select_option(label="Northwind")
    page.get_by_label("What you commit to").select_option(label="Customer seat adds")
    page.get_by_label("Target").fill("100")
    page.get_by_label("Unit").fill("seats")
    page.get_by_label("Note").fill("Seat adds across our law-firm customers.")
    page.get_by_role("button", name="Propose it").click()
    page.wait_for_url(re.compile(r"/commitments/\d+/$"))
    detail = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer seat adds: 100 seats")
    expect(page.get_by_test_id("turn")).to_have_text("Waiting for Northwind to accept, decline or counter.")
    check_accessibility(page)
    sign_out(page)

    # and the provider counters with 80 and a note
    sign_in(page, live_server, "provider")
    page.goto(f"{live_server.url}/commitments/")
    waiting = page.locator("section", has=page.get_by_role("heading", name=re.compile("Waiting for you")))
    expect(waiting.get_by_role("link", name="Customer seat adds")).to_be_visible()
    waiting.get_by_role("link", name="Customer seat adds").click()
    page.wait_for_url(detail)
    page.get_by_label("Counter-offer target").fill("80")
    page.get_by_label("Note to the other side").fill("80 is realistic with the spring price rise.")
    page.get_by_role("button", name="Counter with this target").click()
    expect(page.get_by_role("status").filter(has_text="Countered with 80 seats.")).to_be_visible()
    expect(page.get_by_test_id("counter-target")).to_have_text("80 seats")
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)  # now it is Contoso's turn
    check_accessibility(page)
    sign_out(page)

    # and the reseller accepts the counter
    sign_in(page, live_server, "reseller")
    page.goto(detail)
    expect(page.get_by_test_id("turn")).to_contain_text("Contoso decides on the counter-offer")
    expect(page.get_by_role("button", name="Counter with this target")).to_have_count(0)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status").filter(has_text="Accepted: 80 seats.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer seat adds: 80 seats")
    expect(page.get_by_test_id("attainment")).to_have_text("0%")

    # and progress of 40 is recorded (today, the form's default date)
    page.get_by_label("Actual").fill("40")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("status").filter(has_text="Recorded 40 for")).to_be_visible()

    # then the reseller sees attainment 50% (40 of 80), a chart and a table of the same figures
    expect(page.get_by_test_id("attainment")).to_have_text("50%")
    expect(page.locator("#commitment-chart")).to_be_visible()
    table = page.get_by_test_id("progress-table")
    expect(table.get_by_role("row").nth(1)).to_contain_text("40 seats")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Countered with 80 seats")
    expect(history).to_contain_text("80 is realistic with the spring price rise.")
    check_accessibility(page)
    sign_out(page)

    # and so does the provider
    sign_in(page, live_server, "provider")
    page.goto(detail)
    expect(page.get_by_test_id("attainment")).to_have_text("50%")
    expect(page.get_by_test_id("freshness")).to_contain_text("Up to date")
    check_accessibility(page)

    # and on the commitments page the partnership score has moved for both sides: the delivery part,
    # 50, which both record; Northwind sees nothing else, as Contoso shared no review or readiness
    page.goto(f"{live_server.url}/commitments/")
    partnerships = page.get_by_test_id("partnerships")
    expect(partnerships).to_contain_text("Contoso and Northwind")
    expect(partnerships.get_by_test_id("delivery-part")).to_have_text("50.0")
    for hidden in ("provider-half", "readiness-part", "reseller-half", "combined"):
        expect(partnerships.get_by_test_id(hidden)).to_have_text("Not shared")
    sign_out(page)
    # while Contoso sees its half: its delivery, 50 (it has no readiness yet); no scorecard of
    # Northwind is submitted, so no combined score
    sign_in(page, live_server, "reseller")
    page.goto(f"{live_server.url}/commitments/")
    own = page.get_by_test_id("partnerships")
    expect(own.get_by_test_id("reseller-half")).to_have_text("50.0")
    expect(own.get_by_test_id("delivery-part")).to_have_text("50.0")
    expect(own.get_by_test_id("combined")).to_have_text("–")
