from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Questionnaires and scorecards"

    def ready(self):
        # Jobs are sent by name (assessments.jobs). A worker finds the tasks by Celery's
        # autodiscovery; a process that runs them itself (no broker: `make run`) must register them.
        from assessments import tasks  # noqa: F401
