"""Derived scores are level-triggered to the end: a worker killed (SIGKILL) at any point of a fleet
recompute leaves marks, never a wrong aggregate or partnership score that says it is current.

A weight change marks the scorecards and, in the same transaction, every aggregate and pair they
feed. A real worker process then runs the fleet job and is killed at one point of it; afterwards
every figure that differs from a from-scratch recompute must be marked stale (the API says so),
and one sweep must bring every figure right.
"""

import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Answer, PartnershipScore, ProviderAggregate, Scorecard
from assessments.pipeline.sweep import sweep_dirty
from assessments.services.questionnaires import weights_set
from commitments.models import Commitment
from tests.factories import OrganisationFactory, SubmittedScorecardFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]

# Where the worker dies: each wraps one step of `questionnaire_recompute` in the worker process.
KILL_POINTS = {
    # inside the first scorecard batch's transaction, before it commits
    "before the batch commit": """
        original = fleet_sql.scorecards_recompute_batch
        def batch(**kwargs):
            with transaction.atomic():
                original(**kwargs)
                die()
        fleet_sql.scorecards_recompute_batch = batch
    """,
    # right after the first batch committed (more batches to come)
    "after the batch commit": """
        original = fleet_sql.scorecards_recompute_batch
        def batch(**kwargs):
            result = original(**kwargs)
            die()
        fleet_sql.scorecards_recompute_batch = batch
    """,
    # after every batch and the aggregates (one statement on PostgreSQL), before the pairs
    "after the aggregates": """
        original = scorecards.provider_aggregates_recompute
        def aggregates(**kwargs):
            original(**kwargs)
            die()
        scorecards.provider_aggregates_recompute = aggregates
    """,
}


def _worker(kill_point: str, questionnaire_id: int) -> int:
    """Run the fleet job in a process of its own, on the test database, killed at `kill_point`."""
    script = textwrap.dedent(
        """
        import os, signal
        import django
        django.setup()
        from django.db import transaction
        from assessments.pipeline import fleet_sql, scorecards
        def die():
            os.kill(os.getpid(), signal.SIGKILL)
        {patch}
        scorecards.questionnaire_recompute(questionnaire_id={qid}, batch_size=4)
        """
    ).format(patch=textwrap.dedent(KILL_POINTS[kill_point]), qid=questionnaire_id)
    db = django_settings.DATABASES["default"]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "cspeval.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
    }
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=120)
    return done.returncode


def _figures() -> dict:
    """Every derived figure, with whether it says it is stale."""
    aggregates = {
        ("aggregate", a.provider_id): ((a.mean_overall, a.median_overall, a.area_means, a.question_means), a.is_stale)
        for a in ProviderAggregate.objects.all()
    }
    pairs = {
        ("pair", p.reseller_id, p.provider_id): ((p.provider_side, p.reseller_side, p.combined), p.is_stale)
        for p in PartnershipScore.objects.all()
    }
    return aggregates | pairs


@pytest.fixture
def fleet(world, postgres):
    """Eight resellers' submitted reviews of Northwind and Fabrikam, their readiness, Contoso's accepted
    commitment with progress: every score computed and fresh."""
    resellers = [world.contoso, world.tailspin] + [OrganisationFactory(name=f"Reseller {i}") for i in range(6)]
    now = timezone.now()
    Scorecard.objects.filter(status="draft").delete()
    for i, reseller in enumerate(resellers):
        for provider in (world.northwind, world.fabrikam):
            sc = SubmittedScorecardFactory(
                reseller=reseller,
                provider=provider,
                questionnaire=world.questionnaire,
                submitted_at=now,
                dirty_since=None,
            )
            for area in world.questionnaire.areas.all():
                scale = area.questions.get(kind="scale")
                Answer.objects.create(scorecard=sc, question=scale, value_number=1 + (i + area.order) % 5)
                yes_no = area.questions.get(kind="yes_no")
                Answer.objects.create(scorecard=sc, question=yes_no, value_bool=(i + area.order) % 2 == 0)
        readiness = SubmittedScorecardFactory(
            reseller=reseller,
            provider=None,
            questionnaire=world.readiness_questionnaire,
            submitted_at=now,
            dirty_since=None,
        )
        relationships = world.readiness_questionnaire.areas.get(key="relationships")
        Answer.objects.create(scorecard=readiness, question=relationships.questions.get(kind="scale"), value_number=3)
    Commitment.objects.create(
        reseller=world.contoso,
        provider=world.northwind,
        kpi="seat_adds",
        target=Decimal("100"),
        unit="seats",
        period_start=now.date(),
        period_end=now.date(),
        status="accepted",
    ).progress.create(date=now.date(), actual=Decimal("40"))
    sweep_dirty(grace_seconds=0, everything=True)
    assert not any(stale for _, stale in _figures().values())
    return world


@pytest.mark.parametrize("kill_point", list(KILL_POINTS))
def test_worker_killed_mid_fleet_leaves_marks_not_wrong_fresh_figures(fleet, jobs_wait_in_the_queue, kill_point):
    world = fleet
    # given a weight change (relationships' scale question counts four times as much), queued for a worker
    scale = world.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
    weights_set(user=world.admin, questionnaire_id=world.questionnaire.pk, question_weights={scale.pk: "4"})
    # when the worker running it is killed at this point
    assert _worker(kill_point, world.questionnaire.pk) == -signal.SIGKILL
    connection.close()  # a fresh connection sees everything the worker committed
    after_kill = _figures()
    # then no figure is wrong while saying it is current: compared with a from-scratch recompute
    # (done last, below), each one either is right or says it is stale
    marked_stale = {key for key, (_, stale) in after_kill.items() if stale}
    api = APIClient()
    api.force_authenticate(world.admin)
    for provider in (world.northwind, world.fabrikam):
        body = api.get(f"/api/providers/{provider.slug}/").json()
        assert body["aggregate"]["stale"] is (("aggregate", provider.pk) in marked_stale)
    # and when the worker is back, one sweep brings every figure right and fresh
    sweep_dirty(grace_seconds=0)
    after_sweep = _figures()
    sweep_dirty(grace_seconds=0, everything=True)
    truth = _figures()
    wrong_but_fresh = [k for k, (value, stale) in after_kill.items() if not stale and value != truth[k][0]]
    assert not wrong_but_fresh, f"wrong figures that said they were current: {wrong_but_fresh}"
    assert not [key for key, (_, stale) in after_sweep.items() if stale]
    assert {k: v for k, (v, _) in after_sweep.items()} == {k: v for k, (v, _) in truth.items()}
    # and the weight change did move figures (so the comparisons above could fail)
    assert any(after_kill[k][0] != truth[k][0] for k in marked_stale)


def test_progress_and_submit_mark_the_derived_scores_in_their_own_commit(fleet, jobs_wait_in_the_queue):
    """Before any job runs, the pair a progress entry feeds and the aggregate a submitted review
    feeds already say they are stale (they used to look current until their job ran)."""
    from assessments.services.scorecards import scorecard_submit
    from commitments.services import progress_record

    world = fleet
    commitment = Commitment.objects.get(reseller=world.contoso, provider=world.northwind)
    # when Contoso records progress (its jobs wait in a queue no worker reads)
    progress_record(user=world.reseller, commitment_id=commitment.pk, date=timezone.localdate(), actual="10")
    # then the pair's partnership score is marked in the same commit
    assert PartnershipScore.objects.get(reseller=world.contoso, provider=world.northwind).is_stale
    # and when a new reseller submits a review of Fabrikam, Fabrikam's aggregate and the new pair are
    newcomer = OrganisationFactory(name="Newcomer")
    draft = Scorecard.objects.create(reseller=newcomer, provider=world.fabrikam, questionnaire=world.questionnaire)
    scale = world.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
    Answer.objects.create(scorecard=draft, question=scale, value_number=5)
    from tests.factories import MembershipFactory

    member = MembershipFactory(organisation=newcomer).user
    scorecard_submit(user=member, scorecard_id=draft.pk, version=draft.version)
    assert ProviderAggregate.objects.get(provider=world.fabrikam, questionnaire=world.questionnaire).is_stale
    assert PartnershipScore.objects.get(reseller=newcomer, provider=world.fabrikam).is_stale
    # and the sweep settles all of it
    sweep_dirty(grace_seconds=0)
    assert not [key for key, (_, stale) in _figures().items() if stale]
