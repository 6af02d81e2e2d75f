"""Reads for a provider's own home: its standing among resellers, weakest questions, trend, replies."""

import statistics
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q

from assessments.models import (
    ProviderAggregate,
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    Scorecard,
    ScorecardReply,
)
from assessments.selectors import commitments_waiting_for_user


def _current_questionnaire():
    return Questionnaire.objects.filter(
        kind=QuestionnaireKind.PROVIDER_SCORECARD, status=QuestionnaireStatus.PUBLISHED
    ).first()


def market_medians(questionnaire_id: int, minimum: int) -> dict[str, Decimal]:
    """Per area, the median of every provider's mean, over providers past the aggregate threshold."""
    values: dict[str, list[Decimal]] = {}
    rows = ProviderAggregate.objects.filter(questionnaire_id=questionnaire_id, submitted_count__gte=minimum)
    for area_means in rows.values_list("area_means", flat=True):
        for key, value in (area_means or {}).items():
            values.setdefault(key, []).append(Decimal(value))
    return {key: Decimal(statistics.median(v)).quantize(Decimal("0.01")) for key, v in values.items()}


def provider_home(user, provider) -> dict:
    """Everything the provider's home shows, in a fixed number of queries."""
    minimum = settings.AGGREGATE_MIN_SCORECARDS
    questionnaire = _current_questionnaire()
    aggregate = (
        ProviderAggregate.objects.filter(provider=provider, questionnaire=questionnaire).first()
        if questionnaire
        else None
    )
    count = aggregate.submitted_count if aggregate else 0
    visible = aggregate is not None and count >= minimum
    data = {
        "provider": provider,
        "aggregate": aggregate,
        "submitted_count": count,
        "visible": visible,
        "needed": max(0, minimum - count),
        "minimum": minimum,
        "waiting": list(commitments_waiting_for_user(user).filter(provider=provider)[:20]),
    }
    if visible:
        medians = market_medians(questionnaire.pk, minimum)
        areas = list(questionnaire.areas.order_by("order", "id"))
        data["areas"] = [
            {
                "area": area,
                "own": Decimal(aggregate.area_means[area.key]) if area.key in aggregate.area_means else None,
                "median": medians.get(area.key),
            }
            for area in areas
        ]
        means = sorted(((Decimal(v), int(k)) for k, v in (aggregate.question_means or {}).items()))[:5]
        texts = dict(Question.objects.filter(pk__in=[qid for _, qid in means]).values_list("pk", "text"))
        data["weakest"] = [{"text": texts.get(qid, "(question removed)"), "mean": mean} for mean, qid in means]
        data["trend"] = [
            {
                "quarter": quarter,
                "count": row["count"],
                "mean": Decimal(row["mean"]) if row["count"] >= minimum else None,
            }
            for quarter, row in sorted((aggregate.trend or {}).items())
        ]
    replies = ScorecardReply.objects.filter(provider=provider)
    data["shared"] = list(
        Scorecard.objects.filter(
            Q(provider=provider, shared_with_provider=True) | Q(provider__isnull=True, shared_with=provider)
        )
        .select_related("reseller", "questionnaire")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="own_replies"))
        .distinct()
        .order_by("-updated_at")
    )
    return data
