"""`recompute_scores [--all | --dirty] [--inline]`: the same code as the workers."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from assessments import jobs
from assessments.models import Questionnaire
from assessments.pipeline.marking import questionnaire_mark_dirty
from assessments.pipeline.sweep import marked_count, sweep_dirty


class Command(BaseCommand):
    help = "Recompute stored scores: every one (--all) or those marked dirty (--dirty, the default)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="recompute every score")
        which.add_argument("--dirty", action="store_true", help="recompute scores marked dirty (default)")
        parser.add_argument("--inline", action="store_true", help="compute in this process; needs no broker")

    def handle(self, *args, all=False, dirty=False, inline=False, **options):
        if inline or settings.CELERY_TASK_ALWAYS_EAGER:
            counts = sweep_dirty(grace_seconds=0, everything=all)
            self.stdout.write(
                f"Recomputed {counts['scorecards']} scorecard scores, {counts['aggregates']} provider aggregates, "
                f"{counts.get('commitments', 0)} commitments and {counts.get('partnerships', 0)} partnership scores."
            )
            return
        if all:
            # the weight-change path: every scorecard marked in one statement per questionnaire, and
            # one fleet job each, set-based on PostgreSQL
            questionnaires = list(
                Questionnaire.objects.filter(scorecards__isnull=False).distinct().values_list("pk", flat=True)
            )
            with transaction.atomic():
                marked = sum(questionnaire_mark_dirty(questionnaire_id=pk) for pk in questionnaires)
            self.stdout.write(
                f"Marked {marked} scorecard scores; queued {len(questionnaires)} fleet recomputes for the workers."
                if marked
                else "Nothing to recompute."
            )
            return
        marked = marked_count()
        if marked:
            jobs.enqueue(jobs.MARKED, 0)  # one batch job for all of them
        self.stdout.write(
            f"Queued one batch recompute of {marked} marked scores for the workers."
            if marked
            else "Nothing to recompute."
        )
