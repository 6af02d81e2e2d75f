"""Reads for the pages and the API of questionnaires and scorecards, a provider's home, the weights
and standings pages; each selector owns its joins so query counts stay flat.

A provider's home goes through `assessments.disclosure` figure by figure: aggregates from enough
distinct resellers, individual reviews only when submitted and shared with this provider.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Prefetch, Q, QuerySet

from assessments.disclosure import disclose_aggregate, minimum_resellers, replies_shown, scorecards_shown_to_providers_q
from assessments.models import (
    Answer,
    Area,
    AreaKey,
    ProviderAggregate,
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    Scorecard,
    ScorecardAreaScore,
    ScorecardReply,
    ScorecardStatus,
    Standing,
)
from assessments.policies import visible_scorecards
from assessments.scoring import DEFAULT_BANDS, Band, aggregate_median, quantize, standing_for
from commitments.selectors import commitments_waiting_for_user
from providers.models import Organisation, OrganisationKind
from providers.policies import user_context


def questionnaire_current(*, kind: str) -> Questionnaire | None:
    """The published questionnaire of a kind, with its areas, questions and options prefetched."""
    questions = Question.objects.order_by("order", "id").prefetch_related("options")
    areas = Area.objects.order_by("order", "id").prefetch_related(Prefetch("questions", queryset=questions))
    return Questionnaire.objects.published(kind).prefetch_related(Prefetch("areas", queryset=areas)).first()


def scorecard_list_for_user(user, *, status: str | None = None) -> QuerySet[Scorecard]:
    qs = visible_scorecards(user).select_related("reseller", "provider", "questionnaire")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-id")


def dashboard_for_user(user) -> dict:
    """What is waiting for this user, per role: a fixed number of queries whatever the data size."""
    ctx = user_context(user)
    data: dict = {"ctx": ctx}
    if ctx.reseller_ids:
        own = Scorecard.objects.filter(reseller_id__in=ctx.reseller_ids)
        data["scorecard_counts"] = own.aggregate(
            drafts=Count("id", filter=Q(status=ScorecardStatus.DRAFT, provider__isnull=False)),
            submitted=Count("id", filter=Q(status=ScorecardStatus.SUBMITTED, provider__isnull=False)),
            stale=Count("id", filter=Q(dirty_since__isnull=False)),
        )
        data["drafts"] = list(
            scorecard_list_for_user(user, status=ScorecardStatus.DRAFT).filter(
                reseller_id__in=ctx.reseller_ids, provider__isnull=False
            )[:5]
        )
        data["readiness"] = (
            own.filter(provider__isnull=True).select_related("questionnaire").order_by("-updated_at").first()
        )
    if ctx.provider_ids:
        data["shared_scorecards"] = list(
            scorecard_list_for_user(user).filter(provider_id__in=ctx.provider_ids, shared_with_provider=True)[:5]
        )
    if ctx.organisations:
        data["waiting"] = list(commitments_waiting_for_user(user)[:10])
    if ctx.is_admin:
        data["admin_counts"] = {
            "organisations": Organisation.objects.count(),
            "questionnaires": Questionnaire.objects.filter(status=QuestionnaireStatus.PUBLISHED).count(),
            "stale_scores": Scorecard.objects.filter(dirty_since__isnull=False).count(),
        }
    return data


def scorecard_queryset() -> QuerySet[Scorecard]:
    return Scorecard.objects.select_related("reseller", "provider", "questionnaire")


def scorecard_get(scorecard_id: int) -> Scorecard:
    return scorecard_queryset().get(pk=scorecard_id)


def answers_of(scorecard: Scorecard):

    return Answer.objects.filter(scorecard=scorecard).select_related("question").order_by("question_id")


def area_scores_of(scorecard: Scorecard) -> dict:
    """Every area's stored score of this scorecard, keyed by area key (None where not computed)."""
    stored = dict(ScorecardAreaScore.objects.filter(scorecard=scorecard).values_list("area__key", "score"))
    keys = Area.objects.filter(questionnaire_id=scorecard.questionnaire_id).order_by("order", "id")
    return {key: stored.get(key) for key in keys.values_list("key", flat=True)}


def provider_by_slug(slug: str):

    return Organisation.objects.filter(kind=OrganisationKind.PROVIDER, slug=slug).first()


# Published and retired questionnaires are never edited in place (only their weights, which bump
# `weights_revision`), so their structure is kept per process, keyed by that revision: the scorecard
# page then reads only what is the user's own. Drafts are read afresh every time.
_structure_cache: dict[tuple[int, int], list[Area]] = {}


def structure_cache_clear() -> None:
    """Forget the cached questionnaire structures (ids repeat between test databases)."""
    _structure_cache.clear()


def questionnaire_structure(questionnaire) -> list[Area]:
    """Areas in order, each with `.question_list` (options prefetched): three queries, none when cached.

    Treat the result as read-only: it may be shared between requests."""
    cacheable = questionnaire.status != QuestionnaireStatus.DRAFT
    key = (questionnaire.pk, questionnaire.weights_revision)
    if cacheable and key in _structure_cache:
        return _structure_cache[key]
    questions = Question.objects.order_by("order", "id").prefetch_related("options")
    areas = list(
        Area.objects.filter(questionnaire_id=questionnaire.pk)
        .order_by("order", "id")
        .prefetch_related(Prefetch("questions", queryset=questions, to_attr="question_list"))
    )
    if cacheable:
        if len(_structure_cache) > 32:
            _structure_cache.clear()
        _structure_cache[key] = areas
    return areas


def scorecard_page(scorecard: Scorecard) -> dict:
    """Everything the scorecard page shows, in a fixed number of queries whatever its size."""
    areas = questionnaire_structure(scorecard.questionnaire)
    answers = {a.question_id: a for a in Answer.objects.filter(scorecard=scorecard)}
    stored = {row.area_id: row for row in ScorecardAreaScore.objects.filter(scorecard=scorecard)}
    progress = []
    total = done = 0
    for area in areas:
        count = len(area.question_list)
        answered = sum(1 for q in area.question_list if q.pk in answers)
        total += count
        done += answered
        row = stored.get(area.pk)
        progress.append(
            {
                "area": area,
                "questions": count,
                "answered": answered,
                "percent": int(quantize(Fraction(100 * answered, count), 0)) if count else 0,
                "score": row.score if row else None,
                "completeness": row.completeness if row else None,
            }
        )
    return {
        "areas": areas,
        "answers": answers,
        "progress": progress,
        "answered": done,
        "question_count": total,
        "percent": int(quantize(Fraction(100 * done, total), 0)) if total else 0,
    }


def readiness_for_reseller(reseller_ids) -> Scorecard | None:
    """The reseller's open readiness draft, else its latest submitted one."""
    return (
        scorecard_queryset()
        .filter(reseller_id__in=reseller_ids, provider__isnull=True)
        .order_by("status", "-updated_at")  # "draft" sorts before "submitted"
        .first()
    )


def scorecard_replies_for(user, scorecard: Scorecard) -> list:
    """The replies to this scorecard the user may read (the disclosure rule: a provider reads only
    its own), with their providers: one query."""
    return replies_shown(user, scorecard, scorecard.replies.select_related("provider").order_by("created_at", "id"))


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


def weights_questionnaires() -> list[Questionnaire]:
    """The current questionnaires of both kinds: published ones first, then drafts."""
    rows = Questionnaire.objects.filter(status__in=[QuestionnaireStatus.PUBLISHED, QuestionnaireStatus.DRAFT])
    order = {QuestionnaireStatus.PUBLISHED: 0, QuestionnaireStatus.DRAFT: 1}
    kinds = {k: i for i, k in enumerate(QuestionnaireKind.values)}
    return sorted(rows, key=lambda q: (order[q.status], kinds.get(q.kind, 9), -q.version))


def weights_default_questionnaire(questionnaires: list[Questionnaire]) -> Questionnaire | None:
    return questionnaires[0] if questionnaires else None


def weights_questionnaire_get(questionnaire_id: int) -> Questionnaire | None:
    """The questionnaire with its areas and their questions in order (3 queries)."""
    questions = Question.objects.order_by("order", "id")
    areas = Area.objects.order_by("order", "id").prefetch_related(Prefetch("questions", queryset=questions))
    return Questionnaire.objects.filter(pk=questionnaire_id).prefetch_related(Prefetch("areas", queryset=areas)).first()


def standings_rows() -> list[Standing]:
    return list(Standing.objects.order_by("lower", "upper"))


def question_get(question_id: int) -> Question | None:
    return Question.objects.select_related("area__questionnaire").filter(pk=question_id).first()


def area_get(area_id: int) -> Area | None:
    return Area.objects.select_related("questionnaire").filter(pk=area_id).first()


def stale_count(*, questionnaire_id: int) -> int:
    """How many of the questionnaire's scorecards are being recomputed."""
    return Scorecard.objects.filter(questionnaire_id=questionnaire_id).stale().count()


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


def _median(values: list) -> Decimal | None:
    """The one median rule (the aggregates'): exact, rounded once as the engine rounds."""
    return aggregate_median(Decimal(v) for v in values)


@dataclass(frozen=True)
class MarketMedian:
    overall: Decimal | None
    areas: dict[str, Decimal | None]
    providers: int  # how many providers' aggregates the medians are taken over


def market_median(questionnaire_id: int | None = None) -> MarketMedian:
    """Medians over every provider's aggregate figures that anybody may see (each resting on
    enough resellers) on the current provider-scorecard questionnaire, overall and per area: one
    query."""
    rows = (
        ProviderAggregate.objects.filter(questionnaire_id=questionnaire_id)
        if questionnaire_id is not None
        else ProviderAggregate.objects.filter(questionnaire__in=Questionnaire.objects.published())
    )
    shown = [disclose_aggregate(None, row) for row in rows]
    shown = [agg for agg in shown if agg.visible]
    areas = {key: _median([agg.area_means[key] for agg in shown if key in agg.area_means]) for key in AreaKey.values}
    return MarketMedian(overall=_median([agg.mean_overall for agg in shown]), areas=areas, providers=len(shown))
