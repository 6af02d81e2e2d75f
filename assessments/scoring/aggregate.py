"""The figures of a provider's aggregate: means and medians of stored scores, exact.

A mean or a median is computed exactly (`Fraction`) and rounded once to 4 decimal places by the
engine's one rounding rule (`quantize`: halves away from zero), like every score it summarises.
`assessments.pipeline.derived_sql` computes the same figures set-based on PostgreSQL;
`tests/assessments/test_derived_sql.py` compares the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from .engine import quantize


def mean(values: Iterable[Decimal | int]) -> Decimal | None:
    """The exact mean, to 4 places; None for no values."""
    values = [Fraction(v) for v in values]
    return quantize(sum(values, Fraction(0)) / len(values)) if values else None


def median(values: Iterable[Decimal | int]) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count), to 4 places; None for none."""
    ordered = sorted(Fraction(v) for v in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    exact = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return quantize(exact)
