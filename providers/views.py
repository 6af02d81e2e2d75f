"""Pages about organisations: the signed-in user's dashboard, the provider directory and profile."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assessments.selectors import dashboard_for_user
from providers.selectors import provider_directory_for_user, provider_page_for_user


@login_required
def dashboard(request):
    return render(request, "providers/dashboard.html", dashboard_for_user(request.user))


@login_required
@require_safe
def provider_list(request):
    return render(
        request, "providers/provider_list.html", {"directory": provider_directory_for_user(request.user, request.GET)}
    )


@login_required
@require_safe
def provider_detail(request, slug):
    return render(request, "providers/provider_detail.html", {"page": provider_page_for_user(request.user, slug)})
