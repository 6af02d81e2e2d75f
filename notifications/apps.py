from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # The e-mail job is sent by name (assessments.jobs): register it for a process that runs
        # jobs itself (no broker: `make run`); a worker finds it by Celery's autodiscovery.
        from notifications import tasks  # noqa: F401
