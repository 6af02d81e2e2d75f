"""Who may see and do what with scorecards and questionnaires.

`can_*` checks run no query (they use the PortalUser loaded once per request);
`access_*` fetchers return the object or raise Http404 (outside the caller's
organisations: ids can't be probed) or PermissionDenied (visible, but the role
may not take this action).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from assessments.disclosure import scorecards_shown_to_providers_q
from assessments.models import Scorecard, ScorecardStatus
from providers.policies import user_context


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


def access_scorecard(user, scorecard_id, *, for_write: bool = False, queryset=None) -> Scorecard:
    base = queryset if queryset is not None else Scorecard.objects.all()
    visible = base.filter(scorecard_visibility(user))
    if user_context(user).provider_ids:
        visible = visible.distinct()  # the readiness share join may repeat the row
    try:
        scorecard = visible.get(pk=scorecard_id)
    except (Scorecard.DoesNotExist, ValueError, TypeError):
        raise Http404("No such scorecard.") from None
    if for_write and not can_edit_scorecard(user, scorecard):
        raise PermissionDenied("Your role lets you read this scorecard, not change it.")
    return scorecard
