from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import SignOutView
from cspeval import health
from cspeval.api_errors import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, UNAVAILABLE_DETAIL
from providers import views as provider_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("", provider_views.dashboard, name="dashboard"),
    path("providers/", include("providers.urls")),
    path("", include("assessments.urls")),
    path("", include("compare.urls")),
    path("commitments/", include("commitments.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/", include("cspeval.api_urls")),
    path("admin/", admin.site.urls),
]


def handler404(request, exception):
    """JSON for the API (its clients parse errors), the friendly page elsewhere."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    """A database that is down, refusing or gave up waiting is a 503 with Retry-After (JSON under the
    API, the branded 503 page elsewhere); any other error the branded 500 page.

    The pages are rendered without the request, so no context processor runs: theirs (the signed-in
    user's session, the navigation, unread notices) would need the very database that failed.
    """
    import sys

    from django.http import HttpResponse, JsonResponse
    from django.template import loader

    unavailable = isinstance(sys.exception(), DATABASE_UNAVAILABLE)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        detail = UNAVAILABLE_DETAIL if unavailable else "Something went wrong on our side; it has been logged."
        response = JsonResponse({"detail": detail}, status=status)
    else:
        response = HttpResponse(loader.get_template(f"{status}.html").render(), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
