"""`seed_demo --scale N`: N more resellers, each with submitted scorecards of 3 to 5 providers.

Built in memory with a seeded RNG per reseller, 500 resellers at a time. On PostgreSQL the rows
go in through `COPY ... FROM STDIN` from an in-memory buffer (ids of the organisations and
scorecards reserved from their sequences first, so the rows that point at them can be written
the same way): 2,000 resellers (about 8,000 scorecards and 255,000 answers) take about 7 s
against 13 s through `bulk_create` (25,000: 85 s), a little over half of it in Python drawing
the random answers. Elsewhere (SQLite) they go through `bulk_create`, with the same rows. Scorecards go in already dirty (data_version 1, computed_version 0): the workers'
sweep computes them. Resellers that already exist are skipped, so the command stays idempotent.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Model

from assessments.models import (
    Answer,
    ProviderAggregate,
    Questionnaire,
    Scorecard,
    ScorecardStatus,
)
from assessments.pipeline.marking import ANSWERS_CHANGED, mark
from demo.activity import BATCH, answer_set, question_plans
from demo.content import world
from providers.models import Organisation, OrganisationKind, ResellerProfile

CHUNK = 500  # resellers built and written per round, to bound memory


@dataclass
class ScaleResult:
    resellers: int = 0
    skipped: int = 0
    scorecards: int = 0
    answers: int = 0


def scale_slug(i: int) -> str:
    return f"scale-reseller-{i:04d}"


def build_scale(n: int, *, now: datetime, copy: bool | None = None) -> ScaleResult:
    """Add `scale-reseller-0001` ... up to `n`; call inside a transaction, after the demo world exists.

    `copy` chooses the writer: COPY (PostgreSQL only) or `bulk_create`; by default COPY where it can."""
    writer = _CopyWriter(now) if (connection.vendor == "postgresql" if copy is None else copy) else _BulkWriter()
    result = ScaleResult()
    questionnaire = Questionnaire.objects.published().get()
    plans = question_plans(questionnaire, world())
    profiles = {p.slug: p for p in world().providers}
    providers = list(Organisation.objects.filter(slug__in=profiles, kind=OrganisationKind.PROVIDER).order_by("slug"))
    existing = set(Organisation.objects.filter(slug__startswith="scale-reseller-").values_list("slug", flat=True))
    wanted = [i for i in range(1, n + 1) if scale_slug(i) not in existing]
    result.skipped = n - len(wanted)
    for start in range(0, len(wanted), CHUNK):
        _build_chunk(wanted[start : start + CHUNK], questionnaire, plans, providers, profiles, now, result, writer)
    if wanted and providers:
        # The aggregates of these providers now have more to take in.
        mark(
            ProviderAggregate.objects.filter(provider__in=providers, questionnaire=questionnaire),
            at=now,
            **ANSWERS_CHANGED,
        )
    return result


def _build_chunk(indices, questionnaire, plans, providers, profiles, now, result: ScaleResult, writer) -> None:
    rngs = {i: random.Random(f"cspeval-scale:{i}") for i in indices}
    orgs = writer.insert(
        Organisation,
        [
            Organisation(name=f"Scale Reseller {i:04d}", slug=scale_slug(i), kind=OrganisationKind.RESELLER)
            for i in indices
        ],
        keep_ids=True,
    )
    writer.insert(
        ResellerProfile,
        [
            ResellerProfile(
                organisation=org,
                description="A reseller generated for benchmarks.",
                monthly_spend=Decimal(rngs[i].randrange(5_000, 150_000, 500)),
                seat_count=rngs[i].randrange(100, 12_000, 50),
            )
            for i, org in zip(indices, orgs, strict=True)
        ],
    )
    scorecards, jobs = [], []
    for i, org in zip(indices, orgs, strict=True):
        rng = rngs[i]
        bias = rng.gauss(0, 0.06)
        for provider in rng.sample(providers, min(len(providers), rng.randint(3, 5))):
            submitted_at = now - timedelta(days=rng.randint(1, 330), hours=rng.randint(0, 23))
            scorecard = Scorecard(
                reseller=org,
                provider=provider,
                questionnaire=questionnaire,
                status=ScorecardStatus.SUBMITTED,
                version=2,
                shared_with_provider=rng.random() < 0.2,
                submitted_at=submitted_at,
                data_version=1,
                computed_version=0,
                dirty_since=now,
            )
            scorecards.append(scorecard)
            jobs.append((scorecard, rng, bias, profiles[provider.slug], org.slug))
    writer.insert(Scorecard, scorecards, keep_ids=True)
    answers: list[Answer] = []
    for scorecard, rng, bias, profile, reseller_slug in jobs:
        answers += answer_set(
            scorecard=scorecard,
            plans=plans,
            rng=rng,
            quality=profile.quality,
            bias=bias,
            profile=profile,
            evidence_path=f"{reseller_slug}/{profile.slug}",
        )
        if len(answers) >= BATCH * 4:
            result.answers += len(writer.insert(Answer, answers))
            answers = []
    result.answers += len(writer.insert(Answer, answers))
    result.resellers += len(orgs)
    result.scorecards += len(scorecards)


class _BulkWriter:
    """`bulk_create` in batches: any database."""

    def insert(self, model: type[Model], objs: list, *, keep_ids: bool = False) -> list:
        return model.objects.bulk_create(objs, batch_size=BATCH)


class _CopyWriter:
    """PostgreSQL's `COPY ... FROM STDIN` (text format) from an in-memory buffer.

    With `keep_ids`, the objects' ids are taken from the table's sequence first and written with
    them (set on the objects, as `bulk_create` does), so that the rows pointing at them can be
    built before they are read back. The columns `auto_now` / `auto_now_add` would fill get the
    build's `now`, as `bulk_create` gives them the moment of the insert; generated columns are
    left to the database."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def insert(self, model: type[Model], objs: list, *, keep_ids: bool = False) -> list:
        if not objs:
            return objs
        meta = model._meta
        fields = [f for f in meta.concrete_fields if not f.generated and (keep_ids or not f.primary_key)]
        with connection.cursor() as cursor:
            if keep_ids:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, len(objs)],
                )
                for obj, pk in zip(objs, sorted(row[0] for row in cursor.fetchall()), strict=True):
                    obj.pk = pk
                    obj._state.adding = False
            stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
            for obj in objs:
                for name in stamped:
                    setattr(obj, name, self.now)
            names = [f.attname for f in fields]
            buffer = io.StringIO()
            write = buffer.write
            for obj in objs:
                values = obj.__dict__
                write("\t".join([_copy_text(values[name]) for name in names]))
                write("\n")
            buffer.seek(0)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            cursor.copy_expert(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN", buffer)
        return objs


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
