"""Who may see and do what with commitment lines.

`can_*` checks run no query (they use the PortalUser loaded once per request); `access_commitment`
returns the line or raises Http404 (outside the caller's organisations: ids can't be probed) or
PermissionDenied (visible, but the role may not change it).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from commitments.models import Commitment, CommitmentSide, CommitmentStatus
from cspeval.errors import NotFound
from providers.policies import user_context

OPEN_COMMITMENT_STATUSES = (CommitmentStatus.PROPOSED, CommitmentStatus.COUNTERED)


def commitment_visibility(user) -> Q:
    ctx = user_context(user)
    if not ctx.organisations:
        return Q(pk__in=[])
    return Q(reseller_id__in=ctx.reseller_ids) | Q(provider_id__in=ctx.provider_ids)


def can_view_commitment(user, commitment: Commitment) -> bool:
    ctx = user_context(user)
    return ctx.belongs_to(commitment.reseller_id) or ctx.belongs_to(commitment.provider_id)


def commitment_proposer_id(commitment: Commitment) -> int:
    """The organisation whose side the line is: the reseller commits, or the provider offers."""
    return commitment.provider_id if commitment.side == CommitmentSide.PROVIDER else commitment.reseller_id


def commitment_counterpart_id(commitment: Commitment) -> int:
    return commitment.reseller_id if commitment.side == CommitmentSide.PROVIDER else commitment.provider_id


def commitment_decider_id(commitment: Commitment) -> int | None:
    """Whose turn it is: the other side decides on a proposal; the proposer decides on a counter."""
    if commitment.status == CommitmentStatus.PROPOSED:
        return commitment_counterpart_id(commitment)
    if commitment.status == CommitmentStatus.COUNTERED:
        return commitment_proposer_id(commitment)
    return None


def can_review_commitment(user, commitment: Commitment) -> bool:
    """The side that did not propose decides on a proposal; the proposer decides on a counter."""
    decider = commitment_decider_id(commitment)
    return decider is not None and user_context(user).is_member_of(decider)


def can_withdraw_commitment(user, commitment: Commitment) -> bool:
    """The proposing side's members, while the line is still open."""
    return commitment.status in OPEN_COMMITMENT_STATUSES and user_context(user).is_member_of(
        commitment_proposer_id(commitment)
    )


def can_record_progress(user, commitment: Commitment) -> bool:
    """Either side's members, once the line is accepted."""
    ctx = user_context(user)
    member = ctx.is_member_of(commitment.reseller_id) or ctx.is_member_of(commitment.provider_id)
    return member and commitment.status == CommitmentStatus.ACCEPTED


def can_propose_commitment(user) -> bool:
    """Members (not viewers) of a reseller or a provider."""
    ctx = user_context(user)
    return any(ctx.is_member_of(org_id) for org_id in ctx.reseller_ids | ctx.provider_ids)


def commitments_waiting_q(org_ids) -> Q:
    """Open lines whose decision lies with one of these organisations."""
    org_ids = list(org_ids)
    proposed = Q(status=CommitmentStatus.PROPOSED) & (
        Q(side=CommitmentSide.RESELLER, provider_id__in=org_ids)
        | Q(side=CommitmentSide.PROVIDER, reseller_id__in=org_ids)
    )
    countered = Q(status=CommitmentStatus.COUNTERED) & (
        Q(side=CommitmentSide.RESELLER, reseller_id__in=org_ids)
        | Q(side=CommitmentSide.PROVIDER, provider_id__in=org_ids)
    )
    return proposed | countered


def access_commitment(user, commitment_id, *, for_write: bool = False, lock: bool = False, queryset=None) -> Commitment:
    """The line if the user may see it (NotFound otherwise) and, `for_write`, change it
    (PermissionDenied otherwise: a viewer). `lock`: the row locked, for a writer's transaction."""
    base = queryset if queryset is not None else Commitment.objects.all()
    if lock:
        base = base.select_for_update()
    try:
        commitment = base.filter(commitment_visibility(user)).get(pk=int(commitment_id))
    except (Commitment.DoesNotExist, ValueError, TypeError):
        raise NotFound("No such commitment.") from None
    ctx = user_context(user)
    if for_write and not (ctx.is_member_of(commitment.reseller_id) or ctx.is_member_of(commitment.provider_id)):
        raise PermissionDenied("Your role lets you read this commitment, not change it.")
    return commitment
