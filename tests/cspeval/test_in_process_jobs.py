"""`make run` has no broker: every job runs in the web process itself (CELERY_TASK_ALWAYS_EAGER).

The tests' own process imports the task modules along the way, so this runs a fresh process, as
`make run` does, and checks that a saved answer's score is fresh when the save returns."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", password="demo-pass-123", verbosity=0)
from django.contrib.auth import get_user_model
from assessments.models import Question, Scorecard, ScorecardStatus
from assessments.services.scorecards import answer_save
user = get_user_model().objects.get(username="reseller")
draft = Scorecard.objects.filter(status=ScorecardStatus.DRAFT, reseller__memberships__user=user).first()
question = Question.objects.filter(area__questionnaire=draft.questionnaire, kind="scale").first()
answer_save(user=user, scorecard_id=draft.pk, question_id=question.pk, value=5)
draft.refresh_from_db()
print("stale" if draft.is_stale else "fresh", draft.overall)
"""


def test_a_save_without_a_broker_is_scored_in_the_same_request(tmp_path):
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "cspeval.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    state, overall = done.stdout.split()[-2:]
    assert state == "fresh", done.stderr[-3000:]
    assert overall != "None"
