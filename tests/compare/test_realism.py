"""The realism calculator's arithmetic, against hand-worked figures."""

from decimal import Decimal

import pytest

from compare.realism import RealismInput, realism_value


def test_realism_margin_on_monthly_spend_matches_the_worked_example():
    # given 3 points of margin on £40,000 a month, nothing else
    data = RealismInput(
        monthly_spend=Decimal("40000"),
        seat_count=0,
        margin_points=Decimal("3"),
        enablement_days=Decimal("0"),
        day_rate=Decimal("0"),
        support_per_seat_month=Decimal("0"),
        switching_cost=Decimal("0"),
    )
    # then it is worth £14,400 a year (40,000 x 12 x 3%)
    assert realism_value(data).margin_per_year == Decimal("14400.00")


def test_realism_services_and_switching_enter_the_net_sum():
    # given 5 points on £20k/month, 10 enablement days at £800, 200 seats of support at £1.50, a £6,000 move over 3 years
    data = RealismInput(
        monthly_spend=Decimal("20000"),
        seat_count=200,
        margin_points=Decimal("5"),
        enablement_days=Decimal("10"),
        day_rate=Decimal("800"),
        support_per_seat_month=Decimal("1.50"),
        switching_cost=Decimal("6000"),
    )
    result = realism_value(data)
    # then: margin 12,000; enablement 8,000; support 3,600; switching 2,000 a year; net 21,600
    assert (result.margin_per_year, result.enablement_per_year, result.support_per_year) == (
        Decimal("12000.00"),
        Decimal("8000.00"),
        Decimal("3600.00"),
    )
    assert result.switching_per_year == Decimal("2000.00")
    assert result.services_per_year == Decimal("11600.00")
    assert result.net_per_year == Decimal("21600.00")


def test_realism_rejects_a_zero_year_horizon():
    data = RealismInput(
        Decimal("1"), 1, Decimal("1"), Decimal("1"), Decimal("1"), Decimal("1"), Decimal("1"), Decimal("0")
    )
    with pytest.raises(ValueError):
        realism_value(data)


def test_realism_page_uses_the_resellers_figures_and_orders_by_value(client, world):
    from providers.models import ProviderProfile, ResellerProfile

    # given Contoso spending £40,000 a month; Northwind 3 points and 10 days; Fabrikam 8 points and no days
    ResellerProfile.objects.create(organisation=world.contoso, monthly_spend=40000, seat_count=100)
    ProviderProfile.objects.filter(organisation=world.northwind).update(
        typical_margin_points=3, enablement_days_per_year=10
    )
    ProviderProfile.objects.filter(organisation=world.fabrikam).update(typical_margin_points=8)
    client.force_login(world.reseller)
    # when the reseller works it out for both, with a £600 day rate
    html = client.get("/realism/?providers=northwind&providers=fabrikam&day_rate=600").content.decode()
    # then Fabrikam (8 points = £38,400) comes before Northwind (£14,400 + £6,000), with the worked sentence
    assert html.index("Fabrikam") < html.index("Northwind</a>")
    assert "£38,400" in html and "£14,400" in html and "£6,000" in html


def test_realism_page_bad_figure_names_the_field(client, world):
    client.force_login(world.reseller)
    html = client.get("/realism/?providers=northwind&monthly_spend=-5").content.decode()
    assert "Enter an amount of zero or more." in html
    assert "Please correct the figures" in html
