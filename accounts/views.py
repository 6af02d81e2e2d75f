"""The signed-in user's API tokens page, and signing out (which ends the user's API tokens too)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.selectors import api_tokens_live_for_user
from accounts.services import TOKENS_PER_USER, api_token_revoke, api_tokens_revoke_all


class SignOutView(auth_views.LogoutView):
    """Django's sign-out (POST only), which first revokes every API token of the user."""

    def post(self, request, *args, **kwargs):
        revoked = api_tokens_revoke_all(user=request.user) if request.user.is_authenticated else 0
        response = super().post(request, *args, **kwargs)
        if revoked:
            tokens = "your API token has" if revoked == 1 else f"your {revoked} API tokens have"
            messages.info(request, f"You have signed out, and {tokens} been revoked.")
        return response


@login_required
@require_safe
def token_list(request):
    tokens = list(api_tokens_live_for_user(request.user))
    context = {"tokens": tokens, "ttl_days": settings.API_TOKEN_TTL_DAYS, "tokens_per_user": TOKENS_PER_USER}
    return render(request, "accounts/token_list.html", context)


@login_required
@require_POST
def token_revoke(request, pk):
    token = api_token_revoke(user=request.user, token_id=pk)
    messages.success(request, f"Token {token.prefix}… has been revoked: anything using it must ask for a new one.")
    return redirect("account_tokens")
