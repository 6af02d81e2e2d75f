"""Pages about organisations: the signed-in user's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessments.selectors import dashboard_for_user


@login_required
def dashboard(request):
    return render(request, "providers/dashboard.html", dashboard_for_user(request.user))


def provider_list(request):  # being built
    from django.http import Http404

    raise Http404


def provider_detail(request, slug):  # being built
    from django.http import Http404

    raise Http404
