"""The signed-in user's notifications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from notifications.models import Notification
from notifications.services import notifications_mark_read


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("notification_list")
    notifications = list(Notification.objects.filter(user=request.user)[:100])
    return render(request, "notifications/notification_list.html", {"notifications": notifications})
