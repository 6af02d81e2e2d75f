"""The partnership score of a (reseller, provider) pair: both halves of the two-way street.

provider side = the reseller's latest submitted scorecard of the provider (0..100);
reseller side = mean of the reseller's readiness overall and its attainment over accepted
commitments to that provider (attainment 1.0 = 100; over-delivery counts up to 100);
combined = share x provider side + (1 - share) x reseller side, only when both halves exist.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .engine import quantize


@dataclass(frozen=True)
class PartnershipResult:
    provider_side: Decimal | None
    reseller_side: Decimal | None
    combined: Decimal | None
    readiness: Decimal | None = None  # the reseller side's parts, each 0..100
    delivery: Decimal | None = None


def partnership_score(
    *,
    provider_scorecard: Decimal | None,
    readiness: Decimal | None,
    attainments: tuple[Decimal, ...],
    provider_share: Decimal,
) -> PartnershipResult:
    if not Decimal("0") <= provider_share <= Decimal("1"):
        raise ValueError("provider_share must be between 0 and 1")
    # exact fractions, each figure rounded once at the end (as `assessments.pipeline.derived_sql` does)
    delivery = None
    if attainments:
        delivery = 100 * sum((min(Fraction(a), Fraction(1)) for a in attainments), Fraction(0)) / len(attainments)
    parts = [Fraction(p) for p in (readiness, delivery) if p is not None]
    reseller_side = sum(parts, Fraction(0)) / len(parts) if parts else None
    combined = None
    if provider_scorecard is not None and reseller_side is not None:
        share = Fraction(provider_share)
        combined = share * Fraction(provider_scorecard) + (1 - share) * reseller_side
    return PartnershipResult(
        provider_side=quantize(provider_scorecard),
        reseller_side=quantize(reseller_side),
        combined=quantize(combined),
        readiness=quantize(readiness),
        delivery=quantize(delivery),
    )
