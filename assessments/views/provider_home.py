"""A provider's own home, and its right of reply to what resellers share with it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.policies import access_scorecard
from assessments.selectors import current_bands
from assessments.selectors import provider_home as provider_home_data
from assessments.services import replies
from providers.policies import user_context


@login_required
def provider_home(request):
    provider = user_context(request.user).provider
    if provider is None:
        raise PermissionDenied("This page is for indirect providers' staff.")
    context = provider_home_data(request.user, provider) | {"bands": current_bands()}
    return render(request, "assessments/provider_home.html", context)


@login_required
@require_POST
def scorecard_reply(request, pk):
    scorecard = access_scorecard(request.user, pk)
    try:
        replies.reply_save(user=request.user, scorecard_id=scorecard.pk, body=request.POST.get("body", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Your reply is saved; the reseller sees it beside its review.")
    return redirect("scorecard_detail", pk=scorecard.pk)
