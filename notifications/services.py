"""In-app notifications, and the same notice by e-mail through a Celery task."""

from django.utils import timezone

from assessments import jobs
from notifications.models import Notification
from providers.models import Membership


def notify_organisation(*, organisation_id: int, text: str, url: str = "", exclude_user_id: int | None = None) -> int:
    """Notify every member of an organisation (in the caller's transaction); e-mail after commit."""
    user_ids = list(
        Membership.objects.filter(organisation_id=organisation_id)
        .exclude(user_id=exclude_user_id)
        .values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create([Notification(user_id=uid, text=text, url=url) for uid in user_ids])
    if user_ids:
        jobs.send_on_commit(jobs.EMAIL, user_ids, text, url)
    return len(user_ids)


def notifications_mark_read(*, user, notification_ids=None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
