"""Standings: admin-defined bands over 0..100, read as the pure engine's Bands."""

from decimal import Decimal

from assessments.models import Standing
from assessments.scoring import DEFAULT_BANDS, Band, standing_for


def current_bands() -> tuple[Band, ...]:
    """The admin's bands (one query), or the product's defaults when none are defined."""
    rows = list(Standing.objects.order_by("lower"))
    if not rows:
        return DEFAULT_BANDS
    return tuple(Band(name=r.name, lower=r.lower, upper=r.upper, colour=r.colour) for r in rows)


def standing_payload(score: Decimal | None, bands) -> dict | None:
    band = standing_for(None if score is None else Decimal(score), bands)
    if band is None:
        return None
    return {"name": band.name, "colour": band.colour, "lower": float(band.lower), "upper": float(band.upper)}
