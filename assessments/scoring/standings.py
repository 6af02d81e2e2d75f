"""Standings: named bands over the 0..100 score scale (pure Python, no Django)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Band:
    """Scores from `lower` (included) to `upper` (excluded, except 100 in the top band)."""

    name: str
    lower: Decimal
    upper: Decimal
    colour: str


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("At risk", Decimal("0"), Decimal("40"), "#dc3545"),
    Band("Developing", Decimal("40"), Decimal("60"), "#fd7e14"),
    Band("Strong", Decimal("60"), Decimal("80"), "#0d6efd"),
    Band("Strategic", Decimal("80"), Decimal("100"), "#198754"),
)


def _show(value: Decimal) -> str:
    """40.00 as "40", 12.50 as "12.5"."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def validate_bands(bands: Sequence[Band]) -> list[str]:
    """Plain-English problems with `bands` (none when they cover 0 to 100 exactly once)."""
    if not bands:
        return ["Define at least one band."]
    errors = []
    seen: set[str] = set()
    for position, band in enumerate(bands, start=1):
        name = (band.name or "").strip()
        label = f'"{name}"' if name else f"Band {position}"
        if not name:
            errors.append(f"Band {position} needs a name.")
        elif name.casefold() in seen:
            errors.append(f'The name "{name}" is used by more than one band.')
        seen.add(name.casefold())
        if not isinstance(band.colour, str) or not _COLOUR.fullmatch(band.colour):
            errors.append(f"The colour of {label} must look like #1a2b3c, not {band.colour!r}.")
        if band.lower >= band.upper:
            errors.append(
                f"{label} must end above where it starts (it runs from {_show(band.lower)} to {_show(band.upper)})."
            )
    ordered = sorted(bands, key=lambda b: (b.lower, b.upper))
    if ordered[0].lower != 0:
        errors.append(f"The bands must start at 0; the lowest starts at {_show(ordered[0].lower)}.")
    reach = ordered[0]  # the band reaching furthest up so far
    for band in ordered[1:]:
        if band.lower > reach.upper:
            errors.append(
                f'There is a gap between {_show(reach.upper)} and {_show(band.lower)} (between "{reach.name}" and "{band.name}").'
            )
        elif band.lower < reach.upper:
            errors.append(
                f'"{reach.name}" and "{band.name}" overlap between {_show(band.lower)} and {_show(min(reach.upper, band.upper))}.'
            )
        if band.upper > reach.upper:
            reach = band
    if reach.upper != 100:
        errors.append(f"The bands must end at 100; the highest ends at {_show(reach.upper)}.")
    return errors


def standing_for(score: Decimal | None, bands: Sequence[Band] = DEFAULT_BANDS) -> Band | None:
    """The band holding `score` (None for no score, or a score no band covers)."""
    if score is None or not bands:
        return None
    for band in sorted(bands, key=lambda b: (b.lower, b.upper)):
        if band.lower <= score < band.upper:
            return band
    top = max(bands, key=lambda b: (b.upper, b.lower))
    return top if score == top.upper else None
