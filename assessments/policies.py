"""Who may see and do what with scorecards, questionnaires, weights and standings.

`can_*` checks run no query (they use the PortalUser loaded once per request); `access_*` fetchers
return the object or raise NotFound, a 404 (outside the caller's organisations: ids can't be probed) or
PermissionDenied (visible, but the role may not take this action). Questionnaires, weights and
standings are for portal staff only: for everyone else those pages and API endpoints do not exist
(404), so nothing can be probed.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from assessments.disclosure import scorecards_shown_to_providers_q
from assessments.models import Scorecard, ScorecardStatus
from cspeval.errors import NotFound
from providers.policies import is_portal_admin, user_context


def scorecard_visibility(user) -> Q:
    """Scorecards the user may see: their resellers' own, and those the disclosure rule shows
    their providers (submitted and shared with them)."""
    ctx = user_context(user)
    if not ctx.organisations:
        return Q(pk__in=[])
    own = Q(reseller_id__in=ctx.reseller_ids)
    return own | scorecards_shown_to_providers_q(ctx.provider_ids) if ctx.provider_ids else own


def visible_scorecards(user) -> QuerySet[Scorecard]:
    ctx = user_context(user)
    qs = Scorecard.objects.filter(scorecard_visibility(user))
    if ctx.provider_ids:
        qs = qs.distinct()  # the readiness share join may repeat rows
    return qs


def can_edit_scorecard(user, scorecard: Scorecard) -> bool:
    """Answer, submit, share: members (not viewers) of the reseller that owns it."""
    return user_context(user).is_member_of(scorecard.reseller_id)


def can_answer_scorecard(user, scorecard: Scorecard) -> bool:
    return can_edit_scorecard(user, scorecard) and scorecard.status == ScorecardStatus.DRAFT


def can_start_scorecard(user) -> bool:
    return user_context(user).is_reseller_member


def access_scorecard(user, scorecard_id, *, for_write: bool = False, lock: bool = False, queryset=None) -> Scorecard:
    """The scorecard if the user may see it (NotFound otherwise) and, `for_write`, change it
    (PermissionDenied otherwise). `lock`: for a writer's transaction, the row locked (with its
    questionnaire), in the one query of the common case."""
    if lock:
        locked = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("questionnaire")
            .filter(pk=_id(scorecard_id))
            .first()
        )
        if locked is not None and can_edit_scorecard(user, locked):
            return locked
        access_scorecard(user, scorecard_id)  # NotFound where it is not even visible
        raise PermissionDenied("Your role lets you read this scorecard, not change it.")
    base = queryset if queryset is not None else Scorecard.objects.all()
    visible = base.filter(scorecard_visibility(user))
    if user_context(user).provider_ids:
        visible = visible.distinct()  # the readiness share join may repeat the row
    try:
        scorecard = visible.get(pk=scorecard_id)
    except (Scorecard.DoesNotExist, ValueError, TypeError):
        raise NotFound("No such scorecard.") from None
    if for_write and not can_edit_scorecard(user, scorecard):
        raise PermissionDenied("Your role lets you read this scorecard, not change it.")
    return scorecard


def _id(value) -> int:
    """An id from a URL or a body: anything that is not one can match no row."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def can_manage_questionnaires(user) -> bool:
    return is_portal_admin(user)


def require_portal_admin(user) -> None:
    if not can_manage_questionnaires(user):
        raise NotFound("No such page.")


def portal_admin_page(view):
    """Anonymous visitors go to sign in; signed-in users who are not staff get 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_portal_admin(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapped)
