"""A provider's right of reply to a scorecard or readiness assessment shared with it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.disclosure import scorecard_shown_to_provider
from assessments.models import Scorecard, ScorecardReply, ScorecardStatus
from cspeval.validation import clean_text
from notifications.services import notify_organisation
from providers.policies import user_context


def reply_provider_for(user, scorecard: Scorecard):
    """The provider (of this user's) that may reply to this scorecard, or None: one whose members
    the user is among and that the disclosure rule shows the scorecard to."""
    ctx = user_context(user)
    if scorecard.status != ScorecardStatus.SUBMITTED:
        return None  # nothing to read: no query for a draft
    if scorecard.provider_id is not None:
        shown = scorecard_shown_to_provider(scorecard, scorecard.provider_id)
        return scorecard.provider if shown and ctx.is_member_of(scorecard.provider_id) else None
    shared = {org.pk: org for org in scorecard.shared_with.all()}
    return next(
        (
            shared[pk]
            for pk in sorted(ctx.provider_ids)
            if ctx.is_member_of(pk) and scorecard_shown_to_provider(scorecard, pk, readiness_shared_with=shared)
        ),
        None,
    )


@transaction.atomic
def reply_save(*, user, scorecard_id: int, body: str) -> ScorecardReply:
    scorecard = Scorecard.objects.select_for_update(of=("self",)).get(pk=scorecard_id)
    provider = reply_provider_for(user, scorecard)
    if provider is None:
        raise PermissionDenied("Only the provider it was shared with may reply to this.")
    body = clean_text(body, field="body", label="the reply", limit=4000, multiline=True)
    if not body:
        raise ValidationError({"body": ["Write your reply before sending it."]})
    reply, _ = ScorecardReply.objects.update_or_create(
        scorecard=scorecard, provider=provider, defaults={"body": body, "author": user}
    )

    subject = scorecard.provider.name if scorecard.provider_id else "your readiness self-assessment"
    notify_organisation(
        organisation_id=scorecard.reseller_id,
        text=f"{provider.name} replied to your review of {subject}.",
        url=f"/scorecards/{scorecard.pk}/" if scorecard.provider_id else "/readiness/",
    )
    return reply
