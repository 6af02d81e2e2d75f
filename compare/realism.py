"""Realism in money: margin points and services in one currency, on the reseller's own figures.

Pure arithmetic (standard library only): "3 points of margin on £40k a month is £14,400 a year,
against 10 enablement days and a support desk that would cost £X to buy", less the cost of
switching to this provider, spread over the years you expect to stay.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class RealismInput:
    monthly_spend: Decimal  # the reseller's Microsoft spend through the provider, per month
    seat_count: int
    margin_points: Decimal  # percentage points of margin or discount offered
    enablement_days: Decimal  # per year
    day_rate: Decimal  # what a day of enablement would cost to buy
    support_per_seat_month: Decimal  # what equivalent (white-label) support would cost per seat per month
    switching_cost: Decimal  # one-off cost of moving customers to this provider
    years: Decimal = Decimal("3")  # over how many years to spread the switching cost


@dataclass(frozen=True)
class RealismResult:
    margin_per_year: Decimal
    enablement_per_year: Decimal
    support_per_year: Decimal
    switching_per_year: Decimal
    net_per_year: Decimal

    @property
    def services_per_year(self) -> Decimal:
        return self.enablement_per_year + self.support_per_year


def _money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def realism_value(data: RealismInput) -> RealismResult:
    if data.years <= 0:
        raise ValueError("years must be positive")
    margin = data.monthly_spend * 12 * data.margin_points / 100
    enablement = data.enablement_days * data.day_rate
    support = Decimal(data.seat_count) * data.support_per_seat_month * 12
    switching = data.switching_cost / data.years
    return RealismResult(
        margin_per_year=_money(margin),
        enablement_per_year=_money(enablement),
        support_per_year=_money(support),
        switching_per_year=_money(switching),
        net_per_year=_money(margin + enablement + support - switching),
    )
