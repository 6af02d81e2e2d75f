"""The figures of a provider's aggregate: means and medians of stored scores, exact.

A mean or a median is computed exactly (`Fraction`) and rounded once to 4 decimal places with
halves to even (`ROUND_HALF_EVEN`, as the aggregates have always been rounded; the scores they
summarise are rounded half up by the engine). `assessments.services.aggregates_sql` computes the
same figures set-based on PostgreSQL; `tests/assessments/test_aggregates_sql.py` compares the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction


def quantize_half_even(value: Fraction | Decimal | int | None) -> Decimal | None:
    """`value` rounded to 4 decimal places, halves to the even neighbour; None stays None."""
    if value is None:
        return None
    exact = Fraction(value)
    scaled = abs(exact) * 10_000
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest > scaled.denominator or (2 * rest == scaled.denominator and whole % 2):
        whole += 1
    return Decimal(f"{-whole if exact < 0 else whole}E-4").quantize(Decimal("0.0001"))


def mean(values: Iterable[Decimal | int]) -> Decimal | None:
    """The exact mean, to 4 places; None for no values."""
    values = [Fraction(v) for v in values]
    return quantize_half_even(sum(values, Fraction(0)) / len(values)) if values else None


def median(values: Iterable[Decimal | int]) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count), to 4 places; None for none."""
    ordered = sorted(Fraction(v) for v in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    exact = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return quantize_half_even(exact)
