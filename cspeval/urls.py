from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import SignOutView
from cspeval import health
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
