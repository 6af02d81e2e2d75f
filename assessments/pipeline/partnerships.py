"""Recomputing partnership scores per (reseller, provider) pair: set-based on PostgreSQL
(`derived_sql`), in locked batches elsewhere, the same figures either way."""

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import PartnershipScore, PortalSettings, Scorecard, ScorecardStatus
from assessments.pipeline import derived_sql
from assessments.pipeline.marking import partnership_rows_ensure
from assessments.scoring import partnership_score
from commitments.models import Commitment, CommitmentSide, CommitmentStatus


def partnership_ids_fed_by(submitted) -> set[int]:
    """The pairs these submitted scorecards feed, as (reseller, provider) with provider None for a
    readiness self-assessment: a provider scorecard its own pair (its row created when new), a
    readiness every pair of its reseller."""
    if not submitted:
        return set()
    if derived_sql.supported():
        return derived_sql.partnership_ids_fed_by(submitted)
    pairs = {(r, p) for r, p in submitted if p is not None}
    whole_resellers = {r for r, p in submitted if p is None}
    rows = PartnershipScore.objects.filter(reseller_id__in={r for r, _ in submitted}).values_list(
        "pk", "reseller_id", "provider_id"
    )
    found = list(rows)
    missing = pairs - {(r, p) for _, r, p in found}
    if missing:  # only the new pairs: rebuilding every pair's row costs more than recomputing it
        partnership_rows_ensure(pairs=missing)
        found = list(rows.all())  # a fresh query: `rows` keeps its first results
    return {pk for pk, r, p in found if r in whole_resellers or (r, p) in pairs}


def pairs_with_history_ensure() -> None:
    """A row (marked dirty) for every pair with history: a submitted scorecard of the provider by
    the reseller, or a commitment between them."""
    if derived_sql.supported():
        derived_sql.partnership_rows_ensure()
        return
    pairs = set(
        Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED, provider__isnull=False).values_list(
            "reseller_id", "provider_id"
        )
    ) | set(Commitment.objects.values_list("reseller_id", "provider_id"))
    existing = set(PartnershipScore.objects.values_list("reseller_id", "provider_id"))
    partnership_rows_ensure(pairs=pairs - existing, dirty=True)


def partnerships_follow(*, submitted) -> int:
    """Recompute the pairs marked dirty and those these just recomputed submitted scorecards feed
    ((reseller, provider) pairs, provider None for a readiness); returns how many were written."""
    dirty = set(PartnershipScore.objects.filter(dirty_since__isnull=False).values_list("pk", flat=True))
    return partnerships_recompute(partnership_ids=dirty | partnership_ids_fed_by(submitted))


BATCH = 1000
SQL_BATCH = 20000  # pairs per statement on PostgreSQL (each batch is its own transaction)


def partnership_recompute(*, partnership_id: int) -> bool:
    """Recompute one pair (the task's unit of work)."""
    return partnerships_recompute(partnership_ids=[partnership_id]) == 1


def partnerships_recompute(*, partnership_ids) -> int:
    """Recompute these pairs from scratch, in batches; returns how many rows were written.

    On PostgreSQL each batch is one statement (`derived_sql`: it reads every input of the batch,
    computes and writes by compare-and-set on each row's version). Elsewhere each batch locks its
    rows, reads every input of the batch at once (the latest submitted scorecard of each pair,
    each reseller's latest readiness, the accepted commitments' attainments, the admin's
    balance), computes through the pure engine, and writes the rows back, clearing their dirty
    marks under the lock. Either way a pair with an input still marked dirty keeps its mark."""
    ids = sorted(set(partnership_ids))
    if derived_sql.supported():
        return sum(
            derived_sql.partnerships_recompute(partnership_ids=ids[start : start + SQL_BATCH])
            for start in range(0, len(ids), SQL_BATCH)
        )
    share = PortalSettings.current().partnership_provider_share
    done = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            rows = list(
                PartnershipScore.objects.select_for_update().filter(pk__in=ids[start : start + BATCH]).order_by("pk")
            )
            if not rows:
                continue
            scorecards, readiness, attainments, unsettled = _inputs({row.reseller_id for row in rows})
            now = timezone.now()
            # a pair whose inputs are still being recomputed keeps its mark: their jobs mark it
            # again when done (or the sweep finds it), and clearing it now would pass off old figures
            rows = [
                r for r in rows if (r.reseller_id, r.provider_id) not in unsettled and r.reseller_id not in unsettled
            ]
            for row in rows:
                scorecard_id, scorecard_overall = scorecards.get((row.reseller_id, row.provider_id), (None, None))
                readiness_id, readiness_overall = readiness.get(row.reseller_id, (None, None))
                result = partnership_score(
                    provider_scorecard=scorecard_overall,
                    readiness=readiness_overall,
                    attainments=tuple(attainments.get((row.reseller_id, row.provider_id), ())),
                    provider_share=share,
                )
                row.provider_side, row.reseller_side, row.combined = (
                    result.provider_side,
                    result.reseller_side,
                    result.combined,
                )
                row.readiness_score, row.delivery = result.readiness, result.delivery
                row.scorecard_id, row.readiness_id = scorecard_id, readiness_id
                row.computed_version, row.computed_at, row.dirty_since = row.data_version, now, None
            if rows:
                _write(rows)
            done += len(rows)
    return done


_FIELDS = [
    "provider_side",
    "reseller_side",
    "combined",
    "readiness_score",
    "delivery",
    "scorecard",
    "readiness",
    "computed_version",
    "computed_at",
    "dirty_since",
]


def _write(rows: list[PartnershipScore]) -> None:
    """Write the batch back: one UPDATE ... FROM (VALUES ...) on PostgreSQL (Django's bulk_update
    builds a CASE per row and field, which costs more than the computing), bulk_update elsewhere."""
    if connection.vendor != "postgresql":
        PartnershipScore.objects.bulk_update(rows, _FIELDS)
        return
    row_sql = (
        "(%s::bigint, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s::bigint, %s::bigint,"
        " %s::integer, %s::timestamptz)"
    )
    params = [
        v
        for r in rows
        for v in (
            r.pk,
            r.provider_side,
            r.reseller_side,
            r.combined,
            r.readiness_score,
            r.delivery,
            r.scorecard_id,
            r.readiness_id,
            r.computed_version,
            r.computed_at,
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PartnershipScore._meta.db_table} AS p SET provider_side = v.provider_side, "  # noqa: S608 (no input in the text)
            "reseller_side = v.reseller_side, combined = v.combined, readiness_score = v.readiness_score, "
            "delivery = v.delivery, scorecard_id = v.scorecard_id, readiness_id = v.readiness_id, "
            "computed_version = v.computed_version, computed_at = v.computed_at, dirty_since = NULL "
            f"FROM (VALUES {', '.join([row_sql] * len(rows))}) "
            "AS v(id, provider_side, reseller_side, combined, readiness_score, delivery, scorecard_id, readiness_id,"
            " computed_version, computed_at) WHERE p.id = v.id",
            params,
        )


def _inputs(reseller_ids: set[int]) -> tuple[dict, dict, dict, set]:
    """For these resellers: the latest submitted scorecard (id, overall) per (reseller, provider),
    the latest submitted readiness (id, overall) per reseller, the accepted reseller-side
    commitments' attainments per (reseller, provider), in the commitments' own order, and what is
    unsettled (an input still marked dirty): (reseller, provider) pairs, and resellers whose
    readiness is."""
    scorecards: dict[tuple[int, int], tuple] = {}
    readiness: dict[int, tuple] = {}
    unsettled: set = set()
    submitted = (
        Scorecard.objects.filter(reseller_id__in=reseller_ids)
        .submitted()
        .latest_first("reseller_id", "provider_id")
        .values_list("id", "reseller_id", "provider_id", "overall", "dirty_since")
    )
    for scorecard_id, reseller_id, provider_id, overall, dirty_since in submitted:  # each pair's latest first
        if dirty_since is not None:
            unsettled.add(reseller_id if provider_id is None else (reseller_id, provider_id))
        if provider_id is None:
            readiness.setdefault(reseller_id, (scorecard_id, overall))
        else:
            scorecards.setdefault((reseller_id, provider_id), (scorecard_id, overall))
    attainments: dict[tuple[int, int], list] = {}
    lines = Commitment.objects.filter(
        Q(status=CommitmentStatus.ACCEPTED, attainment__isnull=False) | Q(dirty_since__isnull=False),
        reseller_id__in=reseller_ids,
        side=CommitmentSide.RESELLER,
    ).values_list("reseller_id", "provider_id", "status", "attainment", "dirty_since")
    for reseller_id, provider_id, status, attainment, dirty_since in lines:
        if dirty_since is not None:
            unsettled.add((reseller_id, provider_id))
        if status == CommitmentStatus.ACCEPTED and attainment is not None:
            attainments.setdefault((reseller_id, provider_id), []).append(attainment)
    return scorecards, readiness, attainments, unsettled
