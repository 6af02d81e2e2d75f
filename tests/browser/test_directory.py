"""The provider directory and a profile in real headless Chromium: filter by region without
JavaScript's help, open a provider, see its radar chart beside the table of the same figures."""

from decimal import Decimal

import pytest
from django.utils import timezone

from providers.models import Tag
from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import ProviderFactory, stored_aggregate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tagged_providers(world):
    """Northwind and Litware in the UK, Fabrikam in Ireland; Northwind over 3 reviews, so it shows."""
    uk = Tag.objects.create(kind="region", slug="uk", name="UK")
    ireland = Tag.objects.create(kind="region", slug="ireland", name="Ireland")
    azure = Tag.objects.create(kind="product", slug="azure", name="Azure")
    litware = ProviderFactory(name="Litware", slug="litware")
    world.northwind.provider_profile.tags.add(uk, azure)
    world.fabrikam.provider_profile.tags.add(ireland, azure)
    litware.provider_profile.tags.add(uk)
    stored_aggregate(
        provider=world.northwind,
        questionnaire=world.questionnaire,
        submitted_count=3,
        mean_overall=Decimal("72.5"),
        median_overall=Decimal("70"),
        area_means={"relationships": "80", "community": "65", "realism": "55.5", "mindset": "90"},
        computed_version=1,
        computed_at=timezone.now(),
    )
    return world


def listed(page) -> list[str]:
    return page.locator("[data-testid='provider-row'] td:first-child > a").all_inner_texts()


def test_directory_filter_by_region_then_open_a_provider_with_its_radar_chart(page, live_server, tagged_providers):
    # given the demo reseller on the directory, which lists every provider
    sign_in(page, live_server, "reseller")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Providers").click()
    page.wait_for_url(f"{live_server.url}/providers/")
    assert listed(page) == ["Fabrikam", "Litware", "Northwind"]
    check_accessibility(page)
    # when they tick a region and apply the filter
    page.get_by_role("group", name="Region").get_by_label("UK").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/providers/?*region=uk*")
    # then the list narrows to the providers in that region, the box stays ticked, and axe passes
    assert listed(page) == ["Litware", "Northwind"]
    assert page.get_by_test_id("result-count").inner_text() == "2 providers match your filters"
    assert page.get_by_role("group", name="Region").get_by_label("UK").is_checked()
    northwind = page.locator("[data-testid='provider-row'][data-slug='northwind']")
    assert "72.5" in northwind.inner_text() and "Strong" in northwind.inner_text()
    assert "3 more reviews needed" in page.locator("[data-slug='litware']").inner_text()
    check_accessibility(page)
    # when they open Northwind's profile
    page.get_by_role("link", name="Northwind").click()
    page.wait_for_url(f"{live_server.url}/providers/northwind/")
    # then the radar chart is drawn, with the table of the same figures beside it
    chart = page.locator("canvas#radar-chart")
    chart.wait_for()
    page.wait_for_function("() => window.Chart && Chart.getChart('radar-chart') !== undefined")
    assert chart.get_attribute("height")  # Chart.js sized and drew it
    assert page.evaluate("Chart.getChart('radar-chart').data.datasets[0].data") == [80, 65, 55.5, 90]
    table = page.get_by_test_id("area-table")
    assert table.is_visible()
    assert "Mindset and culture" in table.inner_text() and "90.0" in table.inner_text()
    assert page.get_by_test_id("start-scorecard").inner_text() == "Continue my scorecard"
    check_accessibility(page)
