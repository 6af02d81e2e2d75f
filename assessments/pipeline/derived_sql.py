"""Set-based recompute of provider aggregates and partnership scores, one statement each (PostgreSQL).

They give what the Python path in `aggregates` and `partnerships` gives (that path runs on other
databases), figure for figure: `tests/assessments/test_aggregates_sql.py` compares the two on
random data. Every mean and median is computed exactly, in integers of ten-thousandths, and
rounded as the engine rounds every figure (`quantize`: halves away from zero), as
`assessments.scoring.aggregate` and `assessments.scoring.partnership` do.

Level-triggered like every stored score: a row is written only if none of its inputs is marked
dirty (such a row keeps its mark; its input's job marks it again when done, or the sweep finds
it) and only where its `data_version` is still the one this statement read with its inputs. The
writers bump that version in the same transaction as any input they change, and PostgreSQL
re-checks the condition against the newest row version, so a figure computed from inputs that
changed meanwhile is never stored as current.

The joins below are all on equality between sets whose sizes the planner knows only roughly;
each input table is reached through an index on the ids an earlier step found (`= ANY(ARRAY(...))`,
computed once), never by a nested loop over a set it cannot estimate.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone


def supported() -> bool:
    return connection.vendor == "postgresql"


def _whole_half_up(p: str, n: str) -> str:
    """SQL for p / n rounded to a whole number, halves away from zero (n > 0, both whole): the
    engine's `quantize` of a mean already in ten-thousandths, exact."""
    return f"(sign({p}) * div(2 * abs({p}) + ({n}), 2 * ({n})))"


def _half_up(a: str, b: str) -> str:
    """SQL for a / b in ten-thousandths, rounded halves away from zero, as a whole number (b > 0):
    the engine's `quantize`, exact (numeric `div` truncates the exact quotient)."""
    return f"(sign({a}) * div(2 * abs({a}) * 10000 + ({b}), 2 * ({b})))"


def _four_places(whole: str) -> str:
    """SQL turning a whole number of ten-thousandths into its numeric with 4 places ('70.1200')."""
    return f"({whole} * 0.0001)"


# --- Provider aggregates -------------------------------------------------------------------

# a number answer's place in its question's range, clamped to it (0 .. high - low)
_SHARE = "LEAST(GREATEST(c.value_number - q.low, 0), q.high - q.low)"

# Step 1: the aggregates, the version each has now, whether an input is still marked dirty, and the
# latest submitted scorecard of each reseller (in the newest first order of the Python path).
_AGGREGATE_INPUTS = """
WITH agg AS MATERIALIZED (
    SELECT id, provider_id, questionnaire_id, data_version, questions_dirty
    FROM assessments_provideraggregate WHERE id = ANY(%(ids)s::bigint[])
),
submitted AS MATERIALIZED (
    SELECT g.id AS aggregate_id, s.id, s.reseller_id, s.submitted_at, s.dirty_since IS NOT NULL AS dirty
    FROM (
        SELECT id, reseller_id, provider_id, questionnaire_id, submitted_at, dirty_since
        FROM assessments_scorecard
        WHERE provider_id = ANY(ARRAY(SELECT provider_id FROM agg)) AND status = 'submitted'
    ) s
    JOIN agg g ON g.provider_id = s.provider_id AND g.questionnaire_id = s.questionnaire_id
),
latest AS (
    SELECT DISTINCT ON (aggregate_id, reseller_id) aggregate_id, id
    FROM submitted ORDER BY aggregate_id, reseller_id, submitted_at DESC, id DESC
)
SELECT g.id, g.data_version, g.provider_id, g.questions_dirty,
       NOT EXISTS (SELECT 1 FROM submitted s WHERE s.aggregate_id = g.id AND s.dirty) AS settled,
       ARRAY(SELECT l.id FROM latest l WHERE l.aggregate_id = g.id ORDER BY l.id) AS latest
FROM agg g
"""

# Step 2: the figures of the settled ones from their latest scorecards, written where the version
# is still the one step 1 read (a change since then bumped it: the writers bump it in the same
# transaction as any input they change). The latest scorecards come in as constants, so the
# planner knows how many answers it reads (an estimate from a subquery would be a handful and
# make it sort a quarter of a million answers to group them).
_AGGREGATES = f"""
WITH agg AS MATERIALIZED (
    SELECT g.id, g.data_version, p.provider_id, p.questionnaire_id
    FROM unnest(%(ids)s::bigint[], %(versions)s::integer[]) AS g(id, data_version)
    JOIN assessments_provideraggregate p ON p.id = g.id
),
latest AS MATERIALIZED (
    SELECT l.aggregate_id, l.id, s.overall
    FROM unnest(%(latest_aggregate)s::bigint[], %(latest)s::bigint[]) AS l(aggregate_id, id)
    JOIN (SELECT id, overall FROM assessments_scorecard WHERE id = ANY(%(latest)s::bigint[])) s ON s.id = l.id
),
-- every submitted scorecard each aggregate rests on (for the trend)
submitted AS (
    SELECT g.id AS aggregate_id, s.id, s.reseller_id, s.overall, s.submitted_at
    FROM (
        SELECT id, reseller_id, provider_id, questionnaire_id, overall, submitted_at FROM assessments_scorecard
        WHERE provider_id = ANY(%(providers)s::bigint[]) AND status = 'submitted'
    ) s
    JOIN agg g ON g.provider_id = s.provider_id AND g.questionnaire_id = s.questionnaire_id
),
resellers AS (
    SELECT aggregate_id, count(*) AS n FROM latest GROUP BY aggregate_id
),
-- the overall scores in ten-thousandths (whole numbers), each with its rank, for the median
ranked AS (
    SELECT aggregate_id, overall * 10000 AS v,
           row_number() OVER (PARTITION BY aggregate_id ORDER BY overall) AS i,
           count(*) OVER (PARTITION BY aggregate_id) AS n
    FROM latest WHERE overall IS NOT NULL
),
overall_sums AS (
    SELECT aggregate_id, count(*) AS n, sum(v) AS total,
           sum(v) FILTER (WHERE i IN ((n + 1) / 2, n / 2 + 1)) AS middle,  -- the one or two middle values
           count(*) FILTER (WHERE i IN ((n + 1) / 2, n / 2 + 1)) AS middles
    FROM ranked GROUP BY aggregate_id
),
-- per area key: the mean of the latest scorecards' area scores
area_sums AS (
    SELECT l.aggregate_id, a.key, count(*) AS n, sum(r.score * 10000) AS total
    FROM latest l
    JOIN (
        SELECT scorecard_id, area_id, score FROM assessments_scorecardareascore
        WHERE scorecard_id = ANY(%(latest)s::bigint[]) AND score IS NOT NULL
    ) r ON r.scorecard_id = l.id
    JOIN assessments_area a ON a.id = r.area_id
    GROUP BY l.aggregate_id, a.key
),
areas AS (
    SELECT aggregate_id,
           jsonb_object_agg(key, {_four_places(_whole_half_up("total", "n"))}::text) AS means,
           jsonb_object_agg(key, n) AS counts
    FROM area_sums GROUP BY aggregate_id
),
-- the questions of the aggregates' questionnaires, with what normalising an answer needs
q AS (
    SELECT qu.id, qu.kind, qu.reverse, qu.low, qu.high, qu.direction = 'lower_better' AS lower_better,
           (SELECT jsonb_object_agg(o.key, o.points) FROM assessments_questionoption o WHERE o.question_id = qu.id)
               AS points,
           (SELECT max(o.points) FROM assessments_questionoption o WHERE o.question_id = qu.id) AS top
    FROM assessments_question qu JOIN assessments_area a ON a.id = qu.area_id
    WHERE a.questionnaire_id IN (SELECT questionnaire_id FROM agg)
),
-- how many latest scorecards gave each distinct answer (a normalised answer depends on the answer
-- and its question only, so each distinct one is normalised once), for the aggregates whose
-- answers may have changed (`questions_dirty`; the others keep their per-question means)
answer_counts AS (
    SELECT l.aggregate_id, an.question_id, an.value_number, an.value_bool, an.value_choice, count(*) AS n
    FROM (
        SELECT scorecard_id, question_id, value_number, value_bool, value_choice FROM assessments_answer
        WHERE scorecard_id = ANY(%(question_latest)s::bigint[]) AND NOT not_applicable
    ) an
    JOIN unnest(%(latest_aggregate)s::bigint[], %(latest)s::bigint[]) AS l(aggregate_id, id) ON l.id = an.scorecard_id
    GROUP BY 1, 2, 3, 4, 5
),
-- each normalised (0..1) as the engine's explanation shows it: kept to 4 places, halves up;
-- NULL where there is no value (an empty answer) or none the question can take
normalised AS (
    SELECT c.aggregate_id, c.question_id, c.n,
        CASE
            WHEN q.kind = 'scale' THEN {_half_up("c.value_number - 1", "4")}
            WHEN q.kind = 'yes_no' THEN CASE WHEN c.value_bool <> q.reverse THEN 10000
                                            WHEN c.value_bool IS NOT NULL THEN 0 END
            WHEN q.kind = 'number' AND q.high > q.low THEN
                {_half_up("CASE WHEN q.lower_better THEN q.high - q.low - " + _SHARE + " ELSE " + _SHARE + " END", "q.high - q.low")}
            WHEN q.kind = 'choice' AND c.value_choice <> '' THEN
                CASE WHEN q.top > 0 THEN {_half_up("(q.points ->> c.value_choice)::numeric", "q.top")}
                     WHEN q.points ? c.value_choice THEN 0 END
        END AS v
    FROM answer_counts c JOIN q ON q.id = c.question_id
),
question_sums AS (
    SELECT aggregate_id, question_id, sum(n) AS n, sum(v * n) AS total
    FROM normalised WHERE v IS NOT NULL GROUP BY aggregate_id, question_id
),
questions AS (
    SELECT aggregate_id,
           jsonb_object_agg(question_id::text, {_four_places(_whole_half_up("total", "n"))}::text) AS means,
           jsonb_object_agg(question_id::text, n) AS counts
    FROM question_sums GROUP BY aggregate_id
),
-- by calendar quarter of submission (local time), the latest scorecard with an overall score each
-- reseller submitted in it
quartered AS (
    SELECT DISTINCT ON (aggregate_id, quarter, reseller_id) aggregate_id, quarter, overall * 10000 AS v
    FROM (
        SELECT s.*, extract(year FROM s.submitted_at AT TIME ZONE %(tz)s)::integer || '-Q'
                    || extract(quarter FROM s.submitted_at AT TIME ZONE %(tz)s)::integer AS quarter
        FROM submitted s
        WHERE s.overall IS NOT NULL AND s.submitted_at IS NOT NULL
    ) s
    ORDER BY aggregate_id, quarter, reseller_id, submitted_at DESC, id DESC
),
trend AS (
    SELECT aggregate_id,
           jsonb_object_agg(quarter, jsonb_build_object(
               'count', n, 'mean', {_four_places(_whole_half_up("total", "n"))}::text)) AS quarters
    FROM (SELECT aggregate_id, quarter, count(*) AS n, sum(v) AS total FROM quartered GROUP BY 1, 2) t
    GROUP BY aggregate_id
)
UPDATE assessments_provideraggregate p
SET submitted_count = COALESCE(r.n, 0),
    overall_count = COALESCE(o.n, 0),
    mean_overall = {_four_places(_whole_half_up("o.total", "o.n"))},
    median_overall = {_four_places(_whole_half_up("o.middle", "o.middles"))},
    area_means = COALESCE(a.means, '{{}}'),
    area_counts = COALESCE(a.counts, '{{}}'),
    question_means = CASE WHEN p.questions_dirty THEN COALESCE(qs.means, '{{}}') ELSE p.question_means END,
    question_counts = CASE WHEN p.questions_dirty THEN COALESCE(qs.counts, '{{}}') ELSE p.question_counts END,
    questions_dirty = false,
    trend = COALESCE(t.quarters, '{{}}'),
    computed_version = g.data_version,
    computed_at = %(now)s,  -- the application's clock, as the Python path
    dirty_since = NULL
FROM agg g
LEFT JOIN resellers r ON r.aggregate_id = g.id
LEFT JOIN overall_sums o ON o.aggregate_id = g.id
LEFT JOIN areas a ON a.aggregate_id = g.id
LEFT JOIN questions qs ON qs.aggregate_id = g.id
LEFT JOIN trend t ON t.aggregate_id = g.id
WHERE p.id = g.id AND p.data_version = g.data_version  -- the compare-and-set
RETURNING p.id
"""  # noqa: S608 (built from this module's constants only)


def provider_aggregates_recompute(*, aggregate_ids) -> int:
    """Recompute these aggregates in one statement; returns how many were written (an aggregate
    with an input still marked dirty, or changed meanwhile, keeps its mark)."""
    ids = sorted({int(i) for i in aggregate_ids})
    if not ids:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_AGGREGATE_INPUTS, {"ids": _array(ids)})
        # (id, version, provider, questions dirty, settled, latest)
        settled = [row for row in cursor.fetchall() if row[4]]
        if not settled:
            return 0
        params = {
            "ids": _array(pk for pk, *_ in settled),
            "versions": _array(version for _, version, *_ in settled),
            "providers": _array({provider for _, _, provider, *_ in settled}),
            "latest_aggregate": _array(pk for pk, *_, latest in settled for _ in latest),
            "latest": _array(sc for *_, latest in settled for sc in latest),
            "question_latest": _array(sc for _, _, _, dirty, _, latest in settled if dirty for sc in latest),
            "tz": timezone.get_current_timezone_name(),
            "now": timezone.now(),
        }
        return _execute(cursor, _AGGREGATES, params)


def _array(ids: Iterable[int]) -> str:
    """One array literal, parsed at execution (a list would become thousands of constants to plan)."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


_PLAN = "SET LOCAL work_mem = '64MB'; SET LOCAL enable_nestloop = off"
_UNPLAN = "SET LOCAL work_mem TO DEFAULT; SET LOCAL enable_nestloop TO DEFAULT"


def _execute(cursor, sql: str, params: dict) -> int:
    """Run one of the statements below (inside a transaction); returns how many rows it wrote."""
    # Every join here is an equality between sets reached by index: hash joins, whatever the
    # planner believes of their sizes (a nested loop over two sets it underestimates costs the
    # product of their sizes).
    cursor.execute(_PLAN)
    try:
        cursor.execute(sql, params)
        return len(cursor.fetchall())
    finally:  # back to the defaults for whatever else the caller's transaction does
        cursor.execute(_UNPLAN)


# --- Partnership scores ---------------------------------------------------------------------

_PARTNERSHIPS = f"""
WITH pair AS MATERIALIZED (
    SELECT id, reseller_id, provider_id, data_version FROM assessments_partnershipscore
    WHERE id = ANY(%(ids)s::bigint[])
),
-- every submitted scorecard of these resellers: about a provider, or a readiness (no provider)
submitted AS MATERIALIZED (
    SELECT id, reseller_id, provider_id, overall, submitted_at, dirty_since IS NOT NULL AS dirty
    FROM assessments_scorecard
    WHERE reseller_id = ANY(ARRAY(SELECT DISTINCT reseller_id FROM pair)) AND status = 'submitted'
),
-- the provider side: the pair's latest submitted scorecard
provider_side AS (
    SELECT DISTINCT ON (reseller_id, provider_id) reseller_id, provider_id, id, overall
    FROM submitted WHERE provider_id IS NOT NULL
    ORDER BY reseller_id, provider_id, submitted_at DESC, id DESC
),
readiness AS (
    SELECT DISTINCT ON (reseller_id) reseller_id, id, overall
    FROM submitted WHERE provider_id IS NULL
    ORDER BY reseller_id, submitted_at DESC, id DESC
),
unsettled AS (
    SELECT DISTINCT reseller_id, provider_id FROM submitted WHERE dirty
),
-- delivery: the accepted reseller-side commitments' attainments (and whether a line is dirty)
delivery AS (
    SELECT reseller_id, provider_id,
           count(*) FILTER (WHERE counted) AS n,
           sum(LEAST(attainment, 1)) FILTER (WHERE counted) AS total,
           bool_or(dirty_since IS NOT NULL) AS dirty
    FROM (
        SELECT reseller_id, provider_id, attainment, dirty_since,
               status = 'accepted' AND attainment IS NOT NULL AS counted
        FROM assessments_commitment
        WHERE reseller_id = ANY(ARRAY(SELECT DISTINCT reseller_id FROM pair)) AND side = 'reseller'
          AND ((status = 'accepted' AND attainment IS NOT NULL) OR dirty_since IS NOT NULL)
    ) c
    GROUP BY reseller_id, provider_id
),
-- the pairs none of whose inputs is marked dirty, with their parts; the reseller side and the
-- combined score as exact fractions (numerator, denominator) of them
parts AS (
    SELECT p.id, p.data_version, ps.id AS scorecard_id, ps.overall AS provider_side,
           rd.id AS readiness_id, rd.overall AS readiness, d.n, d.total
    FROM pair p
    LEFT JOIN provider_side ps ON ps.reseller_id = p.reseller_id AND ps.provider_id = p.provider_id
    LEFT JOIN readiness rd ON rd.reseller_id = p.reseller_id
    LEFT JOIN delivery d ON d.reseller_id = p.reseller_id AND d.provider_id = p.provider_id
    WHERE NOT COALESCE(d.dirty, false)
      AND NOT EXISTS (SELECT 1 FROM unsettled u WHERE u.reseller_id = p.reseller_id AND u.provider_id = p.provider_id)
      AND NOT EXISTS (SELECT 1 FROM unsettled u WHERE u.reseller_id = p.reseller_id AND u.provider_id IS NULL)
),
fractions AS (
    SELECT parts.*,
           CASE WHEN n > 0 THEN 100 * total END AS delivery_num,
           CASE WHEN readiness IS NOT NULL AND n > 0 THEN readiness * n + 100 * total
                WHEN readiness IS NOT NULL THEN readiness
                WHEN n > 0 THEN 100 * total END AS side_num,
           CASE WHEN readiness IS NOT NULL AND n > 0 THEN 2 * n
                WHEN readiness IS NOT NULL THEN 1
                WHEN n > 0 THEN n END AS side_den
    FROM parts
),
balance AS (
    SELECT COALESCE((SELECT partnership_provider_share FROM assessments_portalsettings WHERE id = 1), 0.5) AS share
)
UPDATE assessments_partnershipscore s
SET provider_side = f.provider_side,
    readiness_score = f.readiness,
    delivery = {_four_places(_half_up("f.delivery_num", "f.n"))},
    reseller_side = {_four_places(_half_up("f.side_num", "f.side_den"))},
    combined = {_four_places(_half_up("b.share * f.provider_side * f.side_den + (1 - b.share) * f.side_num", "f.side_den"))},
    scorecard_id = f.scorecard_id,
    readiness_id = f.readiness_id,
    computed_version = f.data_version,
    computed_at = %(now)s,  -- the application's clock, as the Python path
    dirty_since = NULL
FROM fractions f, balance b
WHERE s.id = f.id AND s.data_version = f.data_version  -- the compare-and-set
RETURNING s.id
"""  # noqa: S608 (built from this module's constants only)


def partnerships_recompute(*, partnership_ids) -> int:
    """Recompute these pairs in one statement; returns how many were written (a pair with an input
    still marked dirty, or changed meanwhile, keeps its mark)."""
    ids = sorted({int(i) for i in partnership_ids})
    if not ids:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        return _execute(cursor, _PARTNERSHIPS, {"ids": _array(ids), "now": timezone.now()})


_PAIR_ROWS = """
INSERT INTO assessments_partnershipscore (reseller_id, provider_id, data_version, computed_version, dirty_since)
SELECT reseller_id, provider_id, 1, 0, clock_timestamp()
FROM (
    SELECT reseller_id, provider_id FROM assessments_scorecard WHERE status = 'submitted' AND provider_id IS NOT NULL
    UNION
    SELECT reseller_id, provider_id FROM assessments_commitment
) pairs
ON CONFLICT (reseller_id, provider_id) DO NOTHING
"""


def partnership_rows_ensure() -> None:
    """A row, marked dirty, for every pair with history that has none yet, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(_PAIR_ROWS)


_FED_BY = """
WITH fed AS MATERIALIZED (
    SELECT DISTINCT reseller_id, provider_id
    FROM unnest(%(resellers)s::bigint[], %(providers)s::bigint[]) AS f(reseller_id, provider_id)
    WHERE provider_id IS NOT NULL
),
created AS (
    INSERT INTO assessments_partnershipscore (reseller_id, provider_id, data_version, computed_version, dirty_since)
    SELECT f.reseller_id, f.provider_id, 1, 0, clock_timestamp() FROM fed f
    WHERE NOT EXISTS (
        SELECT 1 FROM assessments_partnershipscore p WHERE p.reseller_id = f.reseller_id AND p.provider_id = f.provider_id
    )
    ON CONFLICT (reseller_id, provider_id) DO NOTHING
    RETURNING id
)
SELECT p.id FROM assessments_partnershipscore p JOIN fed f ON f.reseller_id = p.reseller_id AND f.provider_id = p.provider_id
UNION
SELECT id FROM assessments_partnershipscore WHERE reseller_id = ANY(%(whole)s::bigint[])
UNION
SELECT id FROM created
"""


def partnership_ids_fed_by(submitted) -> set[int]:
    """`partnerships.partnership_ids_fed_by` in one statement: the pairs these (reseller, provider)
    submitted scorecards feed (provider None: a readiness feeds every pair of its reseller), the
    missing rows created, marked dirty."""
    pairs = [(r, p) for r, p in submitted if p is not None]
    params = {
        "resellers": _array(r for r, _ in pairs),
        "providers": _array(p for _, p in pairs),
        "whole": _array({r for r, p in submitted if p is None}),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PLAN)
        try:
            cursor.execute(_FED_BY, params)
            return {pk for (pk,) in cursor.fetchall()}
        finally:
            cursor.execute(_UNPLAN)
