"""A provider's right of reply to a scorecard or readiness assessment shared with it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.models import Scorecard, ScorecardReply
from providers.policies import user_context


def reply_provider_for(user, scorecard: Scorecard):
    """The provider (of this user's) that may reply to this scorecard, or None."""
    ctx = user_context(user)
    if scorecard.provider_id is not None:
        if scorecard.shared_with_provider and ctx.is_member_of(scorecard.provider_id):
            return scorecard.provider
        return None
    shared = {org.pk: org for org in scorecard.shared_with.all()}
    return next((shared[pk] for pk in ctx.provider_ids if pk in shared and ctx.is_member_of(pk)), None)


@transaction.atomic
def reply_save(*, user, scorecard_id: int, body: str) -> ScorecardReply:
    scorecard = Scorecard.objects.select_for_update(of=("self",)).get(pk=scorecard_id)
    provider = reply_provider_for(user, scorecard)
    if provider is None:
        raise PermissionDenied("Only the provider it was shared with may reply to this.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ["Write your reply before sending it."]})
    if len(body) > 4000:
        raise ValidationError({"body": ["Keep the reply to 4,000 characters."]})
    reply, _ = ScorecardReply.objects.update_or_create(
        scorecard=scorecard, provider=provider, defaults={"body": body, "author": user}
    )
    from assessments.services.notifications import notify_organisation

    subject = scorecard.provider.name if scorecard.provider_id else "your readiness self-assessment"
    notify_organisation(
        organisation_id=scorecard.reseller_id,
        text=f"{provider.name} replied to your review of {subject}.",
        url=f"/scorecards/{scorecard.pk}/" if scorecard.provider_id else "/readiness/",
    )
    return reply
