"""Reads for pages and the API; each selector owns its joins so query counts stay flat."""

from django.db.models import Count, Q, QuerySet

from assessments.disclosure import replies_shown
from assessments.models import (
    Answer,
    Area,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Scorecard,
    ScorecardAreaScore,
    ScorecardStatus,
)
from assessments.policies import visible_scorecards
from commitments.models import Commitment
from commitments.policies import commitment_visibility, commitments_waiting_q
from providers.models import Organisation, OrganisationKind
from providers.policies import user_context


def questionnaire_current(*, kind: str) -> Questionnaire | None:
    """The published questionnaire of a kind, with its areas, questions and options prefetched."""
    from django.db.models import Prefetch

    questions = Question.objects.order_by("order", "id").prefetch_related("options")
    areas = Area.objects.order_by("order", "id").prefetch_related(Prefetch("questions", queryset=questions))
    return Questionnaire.objects.published(kind).prefetch_related(Prefetch("areas", queryset=areas)).first()


def scorecard_list_for_user(user, *, status: str | None = None) -> QuerySet[Scorecard]:
    qs = visible_scorecards(user).select_related("reseller", "provider", "questionnaire")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-id")


def commitment_list_for_user(user) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(commitment_visibility(user))
        .select_related("reseller", "provider")
        .order_by("-updated_at", "-id")
    )


def commitments_waiting_for_user(user) -> QuerySet[Commitment]:
    """Open lines the user's organisations (as a member) decide on: the other side's proposals, and
    counters to their own (a reseller's commitment or a provider's offer, see `commitments_waiting_q`)."""
    ctx = user_context(user)
    member_orgs = [org_id for org_id, role in ctx.roles.items() if role == "member"]
    return commitment_list_for_user(user).filter(commitments_waiting_q(member_orgs))


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
    from django.db.models import Prefetch

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
                "percent": round(100 * answered / count) if count else 0,
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
        "percent": round(100 * done / total) if total else 0,
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
