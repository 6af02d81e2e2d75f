"""Comparing providers in real headless Chromium: a weight slider re-ranks them without a reload.

Northwind scores 80 in every area but realism (40), Fabrikam 60 in every area but realism (90),
Litware 50 everywhere. At the portal's weights (30/20/25/25) Northwind leads, 70.0 to 67.5; with
realism's weight at r against the others' 75, they tie at r = 30 and Fabrikam leads from 31 up.
"""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import ProviderFactory, stored_aggregate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEANS = {
    "northwind": {"relationships": "80", "community": "80", "realism": "40", "mindset": "80"},
    "fabrikam": {"relationships": "60", "community": "60", "realism": "90", "mindset": "60"},
    "litware": {"relationships": "50", "community": "50", "realism": "50", "mindset": "50"},
}


@pytest.fixture
def three_providers(world):
    providers = {"northwind": world.northwind, "fabrikam": world.fabrikam}
    providers["litware"] = ProviderFactory(name="Litware", slug="litware")
    for slug, means in MEANS.items():
        stored_aggregate(
            provider=providers[slug],
            questionnaire=world.questionnaire,
            submitted_count=3,
            mean_overall=Decimal("60"),
            area_means=means,
            computed_version=1,
            computed_at=timezone.now(),
        )
    return world


def ranking(page) -> list[str]:
    return page.get_by_test_id("ranking").locator("li > span").all_inner_texts()


def test_compare_moving_a_weight_slider_reranks_without_a_reload(page, live_server, three_providers):
    # given the demo reseller comparing three providers at the portal's weights
    sign_in(page, live_server, "reseller")
    page.goto(f"{live_server.url}/compare/?providers=northwind,fabrikam,litware")
    assert ranking(page) == ["Northwind", "Fabrikam", "Litware"]
    assert page.get_by_test_id("rank-northwind").inner_text() == "1st"
    assert page.locator("#compare-chart").get_attribute("height")  # Chart.js drew the chart
    check_accessibility(page)
    page.evaluate("window.stillTheSamePage = true")
    # when they raise realism's weight with the keyboard, one step at a time, until the order changes
    slider = page.get_by_role("slider", name=re.compile(r"^Realism"))
    slider.focus()
    for _ in range(100):
        page.keyboard.press("ArrowRight")
        if page.get_by_test_id("rank-fabrikam").inner_text() == "1st":
            break
    # then Fabrikam leads from a weight of 31 (30 is a tie), without a reload
    assert slider.input_value() == "31"
    assert ranking(page) == ["Fabrikam", "Northwind", "Litware"]
    assert page.get_by_test_id("rank-northwind").inner_text() == "2nd"
    # Fabrikam: (1800 + 1200 + 2790 + 1500) / 106 = 68.8; Northwind (2400 + 1600 + 1240 + 2000) / 106 = 68.3
    assert page.get_by_test_id("overall-fabrikam").inner_text() == "68.8"
    assert page.get_by_test_id("overall-northwind").inner_text() == "68.3"
    assert page.locator("[data-share-for='realism']").first.inner_text() == "29.2%"
    assert page.evaluate("window.stillTheSamePage") is True
    # and the save form carries the new weight; the sentences say they are for the applied weights
    assert page.locator("#save-weights-form input[name='weight_realism']").input_value() == "31"
    assert page.locator("[data-stale-note]").is_visible()
    check_accessibility(page)


def test_compare_applying_and_saving_weights_works_as_forms(page, live_server, three_providers):
    # given the comparison, with the slider filled in and the weights applied (a plain GET form)
    sign_in(page, live_server, "reseller")
    page.goto(f"{live_server.url}/compare/?providers=northwind,fabrikam,litware")
    page.get_by_role("slider", name=re.compile(r"^Realism")).fill("100")
    page.get_by_role("button", name="Apply these weights").click()
    page.wait_for_url(re.compile(r"weight_realism=100"))
    assert ranking(page) == ["Fabrikam", "Northwind", "Litware"]
    # and the sentences are the server's for the applied weights (realism at 100 / 175)
    assert (
        page.get_by_test_id("sensitivity-realism")
        .inner_text()
        .startswith("Realism at 57.1%: the ranking holds from 28.6% to 75%; above 75% Litware overtakes Northwind")
    )
    # when they save them
    page.get_by_role("button", name="Save as my weights").click()
    page.wait_for_url(re.compile(r"/compare/\?providers="))
    # then the page says so, and uses them by default
    assert "Contoso’s weights" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("weight-source").inner_text() == "Your organisation's saved weights."
    assert ranking(page) == ["Fabrikam", "Northwind", "Litware"]
    check_accessibility(page)
