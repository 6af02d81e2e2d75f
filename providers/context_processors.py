"""Navigation fitted to the signed-in user's role."""

from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from notifications.models import Notification
from providers.policies import user_context

# (url name, label, who sees it). Pages added by later work appear once their URL exists.
_NAV = [
    ("dashboard", "Dashboard", {"reseller", "provider", "admin", "none"}),
    ("provider_list", "Providers", {"reseller", "provider", "admin"}),
    ("scorecard_list", "Scorecards", {"reseller"}),
    ("compare", "Compare", {"reseller"}),
    ("readiness", "Readiness", {"reseller"}),
    ("commitment_list", "Commitments", {"reseller", "provider"}),
    ("provider_home", "Our scores", {"provider"}),
    ("weights", "Weights", {"admin"}),
    ("admin:index", "Admin", {"admin"}),
    ("notification_list", "Notifications", {"reseller", "provider", "admin", "none"}),
]


def _audiences(ctx) -> set[str]:
    audiences = set()
    if ctx.reseller_ids:
        audiences.add("reseller")
    if ctx.provider_ids:
        audiences.add("provider")
    if ctx.is_admin:
        audiences.add("admin")
    return audiences or {"none"}


@cache
def _url(name: str) -> str | None:
    """The nav item's address, or None while its page does not exist (the URLs are fixed at start)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ctx = user_context(user)
    audiences = _audiences(ctx)
    items = []
    for name, label, who in _NAV:
        if not who & audiences:
            continue
        url = _url(name)
        if url is None:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active, "name": name})
    # lazy: only pages with the portal's navigation pay the query (the admin's pages don't)
    return {"portal_user": ctx, "nav_items": items, "unread_count": SimpleLazyObject(lambda: _unread(user))}


def _unread(user) -> int:
    """Unread notifications: one query per signed-in page, shown as a badge on Notifications."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
