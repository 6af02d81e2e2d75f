"""A reseller's comparison weights: the rules a weight must meet, and where the weights come from.

Weights are {area key: decimal}, each from 0 to 100, not all 0. `weights_clean` is shared by the
save (`compare.services`) and by the comparison page's GET form, so both give the same message for
the same bad value. Nothing here queries the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import ValidationError

from assessments.models import Area
from assessments.scoring import quantize as _quantize
from compare.models import WeightProfile

WEIGHT_MIN, WEIGHT_MAX = Decimal("0"), Decimal("100")
_PLACES = Decimal("0.001")
ALL_WEIGHTS = "weights"  # the error key when the weights are wrong together (all zero)
WEIGHT_FIELD = "weight_{}"  # the form field of an area's weight: weight_realism


def _weight(raw: object, title: str) -> Decimal:
    """One weight from a form or JSON value; ValidationError naming the area otherwise."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        raise ValidationError(f"Give a weight for “{title}” (a number from 0 to 100).")
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(text)
    except (InvalidOperation, ValueError):
        value = None
    if isinstance(raw, bool) or value is None or not value.is_finite():
        raise ValidationError(f"The weight for “{title}” must be a number from 0 to 100, not “{text[:40]}”.")
    if value < WEIGHT_MIN:
        raise ValidationError(f"The weight for “{title}” cannot be below 0.")
    if value > WEIGHT_MAX:
        raise ValidationError(f"The weight for “{title}” cannot be above 100.")
    text = format(value.quantize(_PLACES, rounding=ROUND_HALF_UP), "f").rstrip("0").rstrip(".")
    return Decimal(text) + 0  # "25.500" -> 25.5, and + 0 turns -0 into 0


def weights_clean(areas: Iterable[Area], raw: Mapping[str, object]) -> dict[str, Decimal]:
    """{area key: Decimal} for every area, from `raw` keyed by area key.

    Raises ValidationError({area key or "weights": [message]}) with every problem at once.
    """
    cleaned: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    areas = list(areas)
    for area in areas:
        try:
            cleaned[area.key] = _weight(raw.get(area.key), area.title)
        except ValidationError as exc:
            errors[area.key] = exc.messages
    if not errors and areas and not any(cleaned.values()):
        errors[ALL_WEIGHTS] = ["The area weights cannot all be 0: give at least one area a weight above 0."]
    if errors:
        raise ValidationError(errors)
    return cleaned


def default_weights(areas: Sequence[Area]) -> dict[str, Decimal]:
    """The admin's area weights, brought onto the sliders' 0..100 scale when any is above 100."""
    weights = {a.key: a.weight for a in areas}
    total = sum(weights.values())
    if not total:
        return dict.fromkeys(weights, Decimal(1))
    if max(weights.values()) <= 100:
        return weights
    return {key: _quantize(Fraction(w) * 100 / Fraction(total)) for key, w in weights.items()}


def profile_weights(profile: WeightProfile | None, areas: Sequence[Area]) -> dict[str, Decimal] | None:
    """The saved weights, or None when there are none (or they no longer fit the questionnaire)."""
    if profile is None:
        return None
    try:
        return weights_clean(areas, profile.weights or {})
    except ValidationError:  # a questionnaire with other areas: fall back to the defaults
        return None


def weights_from(params, areas: Sequence[Area]) -> dict[str, object] | None:
    """The raw weights of a GET or POST (`weight_<area key>`), or None when it carries none."""
    fields = {a.key: WEIGHT_FIELD.format(a.key) for a in areas}
    if not any(name in params for name in fields.values()):
        return None
    return {key: params.get(name) for key, name in fields.items()}
