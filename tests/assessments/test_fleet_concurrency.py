"""A fleet batch racing a reseller's answer (real PostgreSQL sessions in two threads).

The fleet statement takes no lock up front: it reads each scorecard's version with its answers
and writes only where the version is unchanged. These tests hold a reseller's save open while
a batch runs, so the batch reads the old answer and must not overwrite the newer one's score.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from assessments.models import Scorecard, ScorecardAreaScore
from assessments.pipeline import fleet_sql
from assessments.pipeline.marking import questionnaire_mark_dirty
from assessments.pipeline.scorecards import scorecard_recompute
from assessments.services.scorecards import answer_save
from tests.assessments.lock_support import blocked_on_a_lock

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_batch_that_read_an_older_answer_leaves_the_newer_one_to_its_own_job(world, postgres, jobs_wait_in_the_queue):
    # given Contoso's scorecard of Northwind answered 2 on the relationships scale, scored fresh
    sc, other = world.contoso_on_northwind, world.tailspin_on_northwind
    scale = sc.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
    answer_save(user=world.reseller, scorecard_id=sc.pk, question_id=scale.pk, value=2)
    answer_save(user=world.reseller2, scorecard_id=other.pk, question_id=scale.pk, value=4)
    scorecard_recompute(scorecard_id=sc.pk)
    scorecard_recompute(scorecard_id=other.pk)
    assert Scorecard.objects.get(pk=sc.pk).overall == 25  # (2 - 1) / 4
    # and a weight change has marked both for the fleet job
    questionnaire_mark_dirty(questionnaire_id=sc.questionnaire_id)

    saved, release, done = threading.Event(), threading.Event(), threading.Event()
    result: dict = {}

    def reseller_changes_the_answer_to_5():
        try:
            with transaction.atomic():
                answer_save(user=world.reseller, scorecard_id=sc.pk, question_id=scale.pk, value=5)
                saved.set()
                release.wait(10)  # the save is not committed yet; its row lock is held
        finally:
            connections.close_all()

    def fleet_batch():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                result["pid"] = cursor.fetchone()[0]
            result["batch"] = fleet_sql.scorecards_recompute_batch(
                questionnaire_id=sc.questionnaire_id, scorecard_ids=[sc.pk, other.pk]
            )
        finally:
            done.set()
            connections.close_all()

    writer = threading.Thread(target=reseller_changes_the_answer_to_5)
    writer.start()
    assert saved.wait(10)
    # when a fleet batch starts while the save is open (it reads the answer 2 and the old version)
    batch = threading.Thread(target=fleet_batch)
    batch.start()
    blocked_on_a_lock(result, "the fleet batch")
    # and the save commits while the batch waits to write
    release.set()
    writer.join(10)
    assert done.wait(10)
    batch.join(10)

    # then the batch wrote only Tailspin's scorecard
    written, _ = result["batch"]
    assert written == 1
    assert Scorecard.objects.get(pk=other.pk).dirty_since is None
    # and Contoso's stays marked: the score of the answer 2 was not stored as current
    mine = Scorecard.objects.get(pk=sc.pk)
    assert mine.dirty_since is not None and mine.computed_version < mine.data_version
    assert mine.overall == 25  # the last score stored, still shown as stale
    # when its own job runs, the reseller sees the score of the answer 5
    scorecard_recompute(scorecard_id=sc.pk)
    mine = Scorecard.objects.get(pk=sc.pk)
    assert mine.overall == 100 and mine.dirty_since is None
    relationships = ScorecardAreaScore.objects.get(scorecard=sc, area__key="relationships")
    assert relationships.score == 100
