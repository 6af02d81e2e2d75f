"""Who may manage questionnaires, weights and standings: portal staff only.

For everyone else these pages and API endpoints do not exist (404), so nothing can be probed.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from providers.policies import is_portal_admin


def can_manage_questionnaires(user) -> bool:
    return is_portal_admin(user)


def require_portal_admin(user) -> None:
    if not can_manage_questionnaires(user):
        raise Http404("No such page.")


def portal_admin_page(view):
    """Anonymous visitors go to sign in; signed-in users who are not staff get 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_portal_admin(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapped)
