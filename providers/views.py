"""Pages about organisations: the signed-in user's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessments.selectors import dashboard_for_user


@login_required
def dashboard(request):
    return render(request, "providers/dashboard.html", dashboard_for_user(request.user))
