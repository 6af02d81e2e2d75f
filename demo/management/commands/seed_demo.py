"""`seed_demo [--password PW] [--scale N]`: the demo world (PRODUCT.md, "Demo data").

The content lives in `demo/content/` (the questionnaires in `assessments/content/`) and the
building in the rest of the `demo` app; this command parses arguments, runs the builders in a
transaction, has the scores computed and prints what it did. Running it twice changes nothing.
"""

import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from assessments.models import Answer, Scorecard
from commitments.models import Commitment
from cspeval.contentfiles import ContentError
from demo import build, scale
from demo.content import Person, Provider, World, world
from providers.models import Organisation


class Command(BaseCommand):
    help = "Build the demo world (idempotent); --scale N adds N resellers with scorecards for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="password for the demo users (default: keep, or generate for new users)")
        parser.add_argument("--scale", type=int, default=0, metavar="N", help="also build N benchmark resellers")

    def handle(self, *args, password=None, scale=0, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or more.")
        if password is not None and not password:
            raise CommandError("--password cannot be empty.")
        started = time.monotonic()
        try:
            with transaction.atomic():
                result = build.seed_world(password=password, now=timezone.now())
        except ContentError as exc:  # a broken content file: name it and the key, no traceback
            raise CommandError(f"The demo world was not built: {exc}") from exc
        if result.scorecards_created:
            # Only when this run wrote scorecards: a re-run must not compute the (dirty) scale
            # data set inline; that is the workers' job.
            self._recompute()
        self.stdout.write(
            f"Demo world ready in {time.monotonic() - started:.1f} s: {self._counts()} "
            f"(this run added {result.scorecards_created} scorecards, {result.answers_created} answers, "
            f"{result.commitments_created} commitments)."
        )
        if scale:
            self._scale(scale)
        self._print_users(result)

    def _recompute(self) -> None:
        """Compute the new scores now, through the same code as the workers, if that command exists."""
        if "recompute_scores" not in get_commands():
            self.stdout.write("Scores are marked dirty; the workers' sweep will compute them.")
            return
        try:
            call_command("recompute_scores", "--dirty", "--inline", stdout=self.stdout, stderr=self.stderr)
        except Exception as exc:  # the data is committed and marked dirty either way
            self.stderr.write(
                f"Scores were not computed now ({exc.__class__.__name__}: {exc}); "
                "they stay marked dirty for `recompute_scores --dirty` or the workers' sweep."
            )

    def _scale(self, n: int) -> None:
        started = time.monotonic()
        with transaction.atomic():
            result = scale.build_scale(n, now=timezone.now())
        if result.scorecards and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh planner statistics after a bulk load
                cursor.execute("ANALYZE assessments_answer, assessments_scorecard, assessments_scorecardareascore")
        self.stdout.write(
            f"Scale: {result.resellers} resellers, {result.scorecards} scorecards and {result.answers} answers "
            f"added in {time.monotonic() - started:.1f} s ({result.skipped} already there). Their scores are "
            "marked dirty: run `recompute_scores --dirty` or let the workers' sweep compute them."
        )

    def _counts(self) -> str:
        providers = Organisation.objects.filter(kind="provider").count()
        resellers = Organisation.objects.filter(kind="reseller").count()
        return (
            f"{providers} providers, {resellers} resellers, {Scorecard.objects.count()} scorecards, "
            f"{Answer.objects.count()} answers, {Commitment.objects.count()} commitments"
        )

    def _print_users(self, result: build.SeedResult) -> None:
        rows = []
        content = world()
        for person in content.people:
            if not person.sign_in:
                continue
            password_set = result.password_given or person.username in result.new_usernames
            shown = result.password if password_set else "(unchanged)"
            rows.append((person.username, _role(content, person), shown))
        widths = [max(len(r[i]) for r in [*rows, ("username", "role", "password")]) for i in range(3)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("")
        self.stdout.write(line.format("username", "role", "password"))
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
        if not result.password_given and result.kept_usernames:
            self.stdout.write("Passwords of existing users were left unchanged (pass --password to reset them).")
        if result.generated:
            self.stdout.write(self.style.WARNING("The password above was generated for new users: note it now."))


def _role(content: World, person: Person) -> str:
    """ "reseller member of Contoso IT", or the portal's staff."""
    if person.organisation is None:
        return "portal admin (staff, superuser)"
    organisation = content.organisation(person.organisation)
    kind = "provider" if isinstance(organisation, Provider) else "reseller"
    return f"{kind} {person.role} of {organisation.name}"
