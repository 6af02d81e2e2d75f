"""Splitting `assessments` into apps moved models, never tables: a database migrated to the last
migration before the split and one migrated to the end have the same schema (every table, column,
index and constraint), and `makemigrations` finds nothing to do."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from tests.conftest import need

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[1]
# The last migration of `assessments` before the split; the apps made by the split come after it.
BEFORE_SPLIT = ("assessments", "0008_derived_write_path")
SPLIT_APPS = ("notifications", "compare", "commitments")

SCHEMA = """
SELECT 'column', c.table_name, c.column_name, concat_ws(' ', c.data_type, c.character_maximum_length,
       c.numeric_precision, c.numeric_scale, c.is_nullable, c.column_default)
FROM information_schema.columns c WHERE c.table_schema = 'public'
UNION ALL
SELECT 'index', i.tablename, i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'
UNION ALL
SELECT 'constraint', k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid)
FROM pg_constraint k WHERE k.connamespace = 'public'::regnamespace
ORDER BY 1, 2, 3
"""


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


def _admin():
    connection = _connect("postgres")
    connection.autocommit = True
    return connection


def _fresh(name: str) -> None:
    _drop(name)
    admin = _admin()
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _drop(name: str) -> None:
    admin = _admin()
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


def _migrate(name: str, *targets: str) -> None:
    env = os.environ | {"DATABASE_URL": _url(name), "DJANGO_SETTINGS_MODULE": "cspeval.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0", *targets],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def _connect(name: str):
    db = settings.DATABASES["default"]
    return psycopg2.connect(
        dbname=name, user=db["USER"], password=db.get("PASSWORD") or None, host=db["HOST"], port=db["PORT"]
    )


def _query(name: str, sql: str) -> list[tuple]:
    connection = _connect(name)
    try:
        with connection.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()
    finally:
        connection.close()


def _execute(name: str, sql: str) -> None:
    connection = _connect(name)
    try:
        with connection, connection.cursor() as cur:
            cur.execute(sql)
    finally:
        connection.close()


def _schema(name: str) -> list[tuple]:
    return _query(name, SCHEMA)


def test_the_split_moved_no_table_column_index_or_constraint():
    need(settings.IS_POSTGRES, "needs PostgreSQL: set DATABASE_URL=postgres://...")
    base = settings.DATABASES["default"]["NAME"]
    before, after = f"{base}_before_split", f"{base}_after_split"
    other_apps = sorted(
        set(MigrationLoader(None, ignore_no_migrations=True).migrated_apps) - {"assessments", *SPLIT_APPS}
    )
    try:
        # given one database migrated as it was before the split (no migration of the new apps)
        _fresh(before)
        _migrate(before, *BEFORE_SPLIT)
        for label in other_apps:
            _migrate(before, label)
        # and one migrated to the end
        _fresh(after)
        _migrate(after)
        # then both have the same tables, columns, indexes and constraints
        old, new = _schema(before), _schema(after)
        assert any(row[1] == "assessments_commitment" for row in new)
        assert [r for r in old if r not in new] == []
        assert [r for r in new if r not in old] == []
        # and when the database of before is migrated on, its rows stay and its content types move
        # with their permissions, once each
        _execute(
            before,
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,"
            " is_staff, is_active, date_joined) VALUES ('', false, 'kept', '', '', '', false, true, now())",
        )
        _execute(
            before,
            "INSERT INTO assessments_notification (user_id, text, url, created_at)"
            " SELECT id, 'still here', '', now() FROM auth_user WHERE username = 'kept'",
        )
        _migrate(before)
        assert _schema(before) == new
        rows = _query(
            before,
            "SELECT app_label, model FROM django_content_type WHERE model IN"
            " ('commitment', 'historicalcommitment', 'notification', 'weightprofile') ORDER BY 1, 2",
        )
        assert rows == [
            ("commitments", "commitment"),
            ("commitments", "historicalcommitment"),
            ("compare", "weightprofile"),
            ("notifications", "notification"),
        ]
        assert _query(
            before,
            "SELECT count(*) FROM auth_permission p JOIN django_content_type c"
            " ON c.id = p.content_type_id WHERE c.app_label = 'commitments' AND p.codename = 'change_commitment'",
        ) == [(1,)]
        assert _query(before, "SELECT text FROM assessments_notification") == [("still here",)]
    finally:
        _drop(before)
        _drop(after)


def test_the_models_and_the_migrations_agree(db):
    # the moved models' state matches their code: no migration is missing
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
