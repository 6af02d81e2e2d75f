"""On SQLite two submits of one scorecard version at once give 200 and 409, not 200 and a 500
("database is locked"). The suite runs on PostgreSQL, so the race runs in a subprocess on a
SQLite file of its own (see sqlite_race_support.py for how the race is made to happen)."""

import json
import os
import subprocess
import sys
from pathlib import Path

SUPPORT = Path(__file__).with_name("sqlite_race_support.py")
ROOT = Path(__file__).resolve().parents[2]


def test_submit_race_on_sqlite_gives_200_and_409(tmp_path):
    # given a fresh SQLite database with one answered draft, and the settings a local install uses
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "REDIS_URL"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    # when two submits of the same version meet inside their transactions
    result = subprocess.run(
        [sys.executable, str(SUPPORT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    # then one is submitted and the other told it lost the race; the scorecard moved once
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"statuses": [200, 409], "status": "submitted", "version": 2}, result.stderr[-3000:]
