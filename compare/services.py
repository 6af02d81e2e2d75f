"""Writes to a reseller's comparison weights (WeightProfile); their rules are `compare.weights`."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from compare.models import WeightProfile
from compare.policies import require_save_weight_profile
from compare.selectors import current_scorecard_areas
from compare.weights import ALL_WEIGHTS, weights_clean
from providers.models import Organisation


@transaction.atomic
def weight_profile_save(*, user, reseller: Organisation, weights: Mapping[str, object]) -> WeightProfile:
    """Store `weights` ({area key: number}) as the reseller's comparison weights.

    Every area of the current questionnaire needs a weight from 0 to 100, not all of them 0;
    on any bad value it raises ValidationError and leaves the saved weights as they were.
    """
    require_save_weight_profile(user, reseller)
    areas = current_scorecard_areas()
    if not areas:
        raise ValidationError(
            {ALL_WEIGHTS: ["No scorecard questionnaire is published yet, so there is nothing to weigh."]}
        )
    cleaned = weights_clean(areas, weights)
    profile, _ = WeightProfile.objects.update_or_create(
        organisation=reseller,
        defaults={"weights": {key: str(value) for key, value in cleaned.items()}, "updated_by": user},
    )
    return profile
