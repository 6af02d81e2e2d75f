"""Who may see and do what with scorecards, questionnaires and commitments.

`can_*` checks run no query (they use the PortalUser loaded once per request);
`access_*` fetchers return the object or raise Http404 (outside the caller's
organisations: ids can't be probed) or PermissionDenied (visible, but the role
may not take this action).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from assessments.models import Commitment, CommitmentStatus, Scorecard, ScorecardStatus
from providers.policies import user_context


def scorecard_visibility(user) -> Q:
    """Scorecards the user may see: their resellers' own, and those shared with their providers."""
    ctx = user_context(user)
    if not ctx.organisations:
        return Q(pk__in=[])
    own = Q(reseller_id__in=ctx.reseller_ids)
    shared = Q(provider_id__in=ctx.provider_ids, shared_with_provider=True) | Q(
        provider__isnull=True, shared_with__in=ctx.provider_ids
    )
    return own | shared if ctx.provider_ids else own


def visible_scorecards(user) -> QuerySet[Scorecard]:
    ctx = user_context(user)
    qs = Scorecard.objects.filter(scorecard_visibility(user))
    if ctx.provider_ids:
        qs = qs.distinct()  # the readiness share join may repeat rows
    return qs


def can_view_scorecard(user, scorecard: Scorecard) -> bool:
    ctx = user_context(user)
    if ctx.belongs_to(scorecard.reseller_id):
        return True
    return scorecard.provider_id in ctx.provider_ids and scorecard.shared_with_provider


def can_edit_scorecard(user, scorecard: Scorecard) -> bool:
    """Answer, submit, share: members (not viewers) of the reseller that owns it."""
    return user_context(user).is_member_of(scorecard.reseller_id)


def can_answer_scorecard(user, scorecard: Scorecard) -> bool:
    return can_edit_scorecard(user, scorecard) and scorecard.status == ScorecardStatus.DRAFT


def can_start_scorecard(user) -> bool:
    return user_context(user).is_reseller_member


def access_scorecard(user, scorecard_id, *, for_write: bool = False, queryset=None) -> Scorecard:
    base = queryset if queryset is not None else Scorecard.objects.all()
    try:
        scorecard = base.filter(scorecard_visibility(user)).distinct().get(pk=scorecard_id)
    except (Scorecard.DoesNotExist, ValueError, TypeError):
        raise Http404("No such scorecard.") from None
    if for_write and not can_edit_scorecard(user, scorecard):
        raise PermissionDenied("Your role lets you read this scorecard, not change it.")
    return scorecard


def commitment_visibility(user) -> Q:
    ctx = user_context(user)
    if not ctx.organisations:
        return Q(pk__in=[])
    return Q(reseller_id__in=ctx.reseller_ids) | Q(provider_id__in=ctx.provider_ids)


def can_view_commitment(user, commitment: Commitment) -> bool:
    ctx = user_context(user)
    return ctx.belongs_to(commitment.reseller_id) or ctx.belongs_to(commitment.provider_id)


def can_review_commitment(user, commitment: Commitment) -> bool:
    """The provider decides on a proposal; the reseller decides on a counter."""
    ctx = user_context(user)
    if commitment.status == CommitmentStatus.PROPOSED:
        return ctx.is_member_of(commitment.provider_id)
    if commitment.status == CommitmentStatus.COUNTERED:
        return ctx.is_member_of(commitment.reseller_id)
    return False


def access_commitment(user, commitment_id, *, for_write: bool = False) -> Commitment:
    try:
        commitment = Commitment.objects.filter(commitment_visibility(user)).get(pk=commitment_id)
    except (Commitment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such commitment.") from None
    ctx = user_context(user)
    if for_write and not (ctx.is_member_of(commitment.reseller_id) or ctx.is_member_of(commitment.provider_id)):
        raise PermissionDenied("Your role lets you read this commitment, not change it.")
    return commitment


def can_see_provider_aggregate(user, submitted_count: int, minimum: int) -> bool:
    """Aggregates about a provider are shown only from `minimum` submitted scorecards up.

    Below that an average would all but name the few resellers behind it, so nobody but
    portal staff sees it: not the provider (candour must be safe), not other resellers.
    """
    return user_context(user).is_admin or submitted_count >= minimum
