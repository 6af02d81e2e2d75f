"""Reads for a provider's own home: its standing among resellers, weakest questions, trend, replies.

Every figure goes through `assessments.disclosure`: aggregates figure by figure from enough
distinct resellers, individual reviews only when submitted and shared with this provider.
"""

from django.db.models import Prefetch

from assessments.disclosure import disclose_aggregate, minimum_resellers, scorecards_shown_to_providers_q
from assessments.models import (
    ProviderAggregate,
    Question,
    Questionnaire,
    Scorecard,
    ScorecardReply,
)
from assessments.selectors import commitments_waiting_for_user
from providers.selectors import market_median

WEAKEST = 5


def _current_questionnaire():
    return Questionnaire.objects.published().first()


def provider_home(user, provider) -> dict:
    """Everything the provider's home shows, in a fixed number of queries."""
    minimum = minimum_resellers()
    questionnaire = _current_questionnaire()
    stored = (
        ProviderAggregate.objects.filter(provider=provider, questionnaire=questionnaire).first()
        if questionnaire
        else None
    )
    aggregate = disclose_aggregate(user, stored)
    data = {
        "provider": provider,
        "aggregate": aggregate,
        "submitted_count": aggregate.submitted_count,
        "visible": aggregate.visible,
        "needed": aggregate.needed,
        "minimum": minimum,
        "waiting": list(commitments_waiting_for_user(user).filter(provider=provider)[:20]),
    }
    if aggregate.visible:
        medians = market_median(questionnaire.pk).areas
        areas = list(questionnaire.areas.order_by("order", "id"))
        data["areas"] = [
            {"area": area, "own": aggregate.area_means.get(area.key), "median": medians.get(area.key)} for area in areas
        ]
        means = sorted((mean, qid) for qid, mean in aggregate.question_means.items())[:WEAKEST]
        texts = dict(Question.objects.filter(pk__in=[qid for _, qid in means]).values_list("pk", "text"))
        data["weakest"] = [{"text": texts.get(qid, "(question removed)"), "mean": mean} for mean, qid in means]
        data["trend"] = list(aggregate.trend)
    replies = ScorecardReply.objects.filter(provider=provider)
    data["shared"] = list(
        Scorecard.objects.filter(scorecards_shown_to_providers_q([provider.pk]))
        .select_related("reseller", "questionnaire")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="own_replies"))
        .distinct()
        .order_by("-updated_at")
    )
    return data
