"""Set-based recompute of many scorecards of one questionnaire in one SQL statement per batch (PostgreSQL).

It gives exactly what the pure engine (`assessments.scoring`) gives, rounded the same way
(4 places, halves away from zero); `tests/assessments/test_fleet_sql.py` compares the two on
random data. The batch's rows are locked first (writers lock the scorecard row before they
touch an answer), so the statements that follow read a settled state and clearing the dirty
mark is a compare-and-set in effect. On other databases the caller falls back to the loop.
"""

from django.db import connection, transaction

from assessments.models import Questionnaire, Scorecard

_SCORED = """
WITH q AS (
    SELECT qu.id, qu.area_id, qu.weight, qu.reverse, qu.low, qu.high,
           CASE qu.kind WHEN 'scale' THEN 1 WHEN 'yes_no' THEN 2 WHEN 'number' THEN 3 WHEN 'choice' THEN 4 END AS k,
           qu.weight / 4 AS w4,
           qu.direction = 'lower_better' AS lower_better,
           -- a choice's weighted points by option key, once per question rather than once per answer
           (SELECT jsonb_object_agg(o.key, qu.weight * CASE WHEN m.top > 0 THEN o.points / m.top ELSE 0 END)
            FROM assessments_questionoption o,
                 (SELECT max(points) AS top FROM assessments_questionoption WHERE question_id = qu.id) m
            WHERE o.question_id = qu.id) AS choice_wp
    FROM assessments_question qu JOIN assessments_area a ON a.id = qu.area_id
    WHERE a.questionnaire_id = %(qid)s
),
area AS (
    SELECT a.id AS area_id, a.weight AS aw, COALESCE(sum(q.weight), 0) AS total_w
    FROM assessments_area a LEFT JOIN q ON q.area_id = a.id
    WHERE a.questionnaire_id = %(qid)s GROUP BY a.id, a.weight
),
-- each answer's weighted points (weight x normalised value; NULL when it does not count), computed
-- once: a scale's weight / 4 and a choice's points come from the question rows above
rows AS MATERIALIZED (
    SELECT an.scorecard_id, q.area_id, q.weight, an.not_applicable,
        CASE
            WHEN an.not_applicable THEN NULL
            WHEN q.k = 1 THEN (an.value_number - 1) * q.w4
            WHEN q.k = 2 THEN CASE WHEN an.value_bool IS NULL THEN NULL
                                   WHEN an.value_bool <> q.reverse THEN q.weight ELSE 0 END
            WHEN q.k = 3 AND an.value_number IS NOT NULL THEN
                q.weight * CASE WHEN q.lower_better
                                THEN 1 - LEAST(GREATEST((an.value_number - q.low) / (q.high - q.low), 0), 1)
                                ELSE LEAST(GREATEST((an.value_number - q.low) / (q.high - q.low), 0), 1) END
            WHEN q.k = 4 THEN (q.choice_wp -> an.value_choice)::numeric
        END AS wp,
        (an.evidence_url <> '' OR an.evidence_level IN ('document', 'reference', 'verified')) AS ev
    FROM unnest(%(ids)s::bigint[]) AS batch(id)
    -- each scorecard's answers through its index (OFFSET 0 keeps the planner from flattening this
    -- into a scan of every answer to the questionnaire's questions, which it prefers for large batches)
    CROSS JOIN LATERAL (SELECT * FROM assessments_answer a WHERE a.scorecard_id = batch.id OFFSET 0) an
    JOIN q ON q.id = an.question_id
),
tally AS (
    SELECT scorecard_id, area_id,
           sum(weight) FILTER (WHERE wp IS NOT NULL) AS answered,
           sum(wp) AS points,
           sum(weight) FILTER (WHERE wp IS NOT NULL OR not_applicable) AS responded,
           sum(weight) FILTER (WHERE wp IS NOT NULL AND ev) AS evidenced
    FROM rows GROUP BY scorecard_id, area_id
),
grid AS (
    SELECT sc.id AS scorecard_id, area.area_id, area.aw, area.total_w,
           COALESCE(t.answered, 0) AS answered, COALESCE(t.points, 0) AS points,
           COALESCE(t.responded, 0) AS responded, COALESCE(t.evidenced, 0) AS evidenced
    FROM unnest(%(ids)s::bigint[]) AS sc(id) CROSS JOIN area
    LEFT JOIN tally t ON t.scorecard_id = sc.id AND t.area_id = area.area_id
),
per_area AS (
    SELECT scorecard_id, area_id, aw, total_w, answered, responded, evidenced,
           CASE WHEN answered > 0 THEN 100 * points / answered END AS score
    FROM grid
)
"""

# One statement per batch: the area rows are upserted by a data-modifying CTE (PostgreSQL runs it
# exactly once, whether or not the outer statement reads it) and only where a figure changed (an
# area weight never changes an area's own score); the scorecards are updated from the same
# `per_area` rows, and return who they belong to (the submitted ones feed aggregates and pairs).
_BATCH = (
    _SCORED  # noqa: S608 (constant SQL; values go in as parameters)
    + """,
upsert AS (
    INSERT INTO assessments_scorecardareascore (scorecard_id, area_id, score, completeness, evidence_share)
    SELECT scorecard_id, area_id, round(score, 4),
           CASE WHEN total_w > 0 THEN round(responded / total_w, 4) END,
           CASE WHEN answered > 0 THEN round(evidenced / answered, 4) END
    FROM per_area
    ON CONFLICT (scorecard_id, area_id) DO UPDATE
    SET score = EXCLUDED.score, completeness = EXCLUDED.completeness, evidence_share = EXCLUDED.evidence_share
    WHERE (assessments_scorecardareascore.score, assessments_scorecardareascore.completeness,
           assessments_scorecardareascore.evidence_share)
          IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.completeness, EXCLUDED.evidence_share)
),
overall AS (
    SELECT scorecard_id,
           sum(aw * score) FILTER (WHERE score IS NOT NULL AND aw > 0)
               / NULLIF(sum(aw) FILTER (WHERE score IS NOT NULL AND aw > 0), 0) AS overall,
           sum(aw * responded / total_w) FILTER (WHERE aw > 0 AND total_w > 0)
               / NULLIF(sum(aw) FILTER (WHERE aw > 0 AND total_w > 0), 0) AS completeness,
           sum(aw * evidenced / total_w) FILTER (WHERE aw > 0 AND total_w > 0)
               / NULLIF(sum(aw * answered / total_w) FILTER (WHERE aw > 0 AND total_w > 0), 0) AS evidence_share
    FROM per_area GROUP BY scorecard_id
)
UPDATE assessments_scorecard sc
SET overall = round(o.overall, 4),
    completeness = COALESCE(round(o.completeness, 4), 0),
    evidence_share = round(o.evidence_share, 4),
    computed_version = sc.data_version,
    computed_weights_revision = %(revision)s,
    computed_at = now(),
    dirty_since = NULL
FROM overall o
WHERE sc.id = o.scorecard_id
RETURNING sc.reseller_id, sc.provider_id, sc.status = 'submitted'
"""
)


def supported() -> bool:
    return connection.vendor == "postgresql"


def scorecards_recompute_batch(
    *, questionnaire_id: int, scorecard_ids: list[int]
) -> tuple[int, set[tuple[int, int | None]]]:
    """Recompute these scorecards in one transaction: lock them, then one statement. Returns how many
    were written and the (reseller, provider) of the submitted ones (provider None: a readiness)."""
    if not scorecard_ids:
        return 0, set()
    with transaction.atomic():
        revision = Questionnaire.objects.values_list("weights_revision", flat=True).get(pk=questionnaire_id)
        ids = list(
            Scorecard.objects.select_for_update()
            .filter(pk__in=scorecard_ids, questionnaire_id=questionnaire_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0, set()
        params = {"qid": questionnaire_id, "ids": ids, "revision": revision}
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")  # the batch's sorts stay in memory
            cursor.execute(_BATCH, params)
            submitted = {(reseller_id, provider_id) for reseller_id, provider_id, sent in cursor.fetchall() if sent}
            return cursor.rowcount, submitted
