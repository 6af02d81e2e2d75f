"""Set-based recompute of many scorecards of one questionnaire in one SQL statement per batch (PostgreSQL).

It gives exactly what the pure engine (`assessments.scoring`) gives, rounded the same way
(4 places, halves away from zero); `tests/assessments/test_fleet_sql.py` compares the two on
random data.

No lock is taken up front. The statement reads each scorecard's `data_version` in the same
snapshot as its answers (writers bump it in the transaction that changes an answer or a weight)
and writes the score only where the row still carries that version: a compare-and-set, which
PostgreSQL re-checks against the newest row version if a writer got there first. A scorecard
changed meanwhile keeps its mark, and its own job (or the sweep) recomputes it. Its area rows
are written only for the scorecards whose score was written, and only where a figure changed.
On other databases the caller falls back to the one-by-one path.
"""

from django.db import connection, transaction

from assessments.models import Questionnaire

_BATCH = """
WITH q AS (
    SELECT qu.id, qu.area_id, qu.weight, qu.reverse, qu.low, qu.high,
           CASE qu.kind WHEN 'scale' THEN 1 WHEN 'yes_no' THEN 2 WHEN 'number' THEN 3 WHEN 'choice' THEN 4 END AS k,
           qu.weight / 4 AS w4,
           (qu.weight * 1000)::integer AS wi,  -- exact: a weight has 3 decimal places; integers sum fast
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
-- the batch, with the version each scorecard had when this statement's snapshot was taken
batch AS MATERIALIZED (
    SELECT s.id, s.data_version
    FROM unnest(%(ids)s::bigint[]) AS b(id) JOIN assessments_scorecard s ON s.id = b.id
    WHERE s.questionnaire_id = %(qid)s AND s.id BETWEEN %(lo)s AND %(hi)s
),
-- each answer once (the OFFSET 0 stops the expressions being re-evaluated for every aggregate
-- that reads them): its weighted points (weight x normalised value; NULL when it does not count)
-- and its state: 0 unanswered, 1 not applicable, 2 counted, 3 counted with evidence
counted AS (
    SELECT scorecard_id, area_id, wi, wp,
           CASE WHEN not_applicable THEN 1 WHEN wp IS NULL THEN 0 WHEN ev THEN 3 ELSE 2 END AS state
    FROM (
        SELECT an.scorecard_id, q.area_id, q.wi, an.not_applicable,
            CASE
                WHEN an.not_applicable THEN NULL
                WHEN q.k = 1 THEN (an.value_number - 1) * q.w4
                WHEN q.k = 2 THEN CASE WHEN an.value_bool <> q.reverse THEN q.weight
                                       WHEN an.value_bool IS NOT NULL THEN 0 END
                WHEN q.k = 3 THEN
                    q.weight * CASE WHEN q.lower_better
                                    THEN 1 - LEAST(GREATEST((an.value_number - q.low) / (q.high - q.low), 0), 1)
                                    ELSE LEAST(GREATEST((an.value_number - q.low) / (q.high - q.low), 0), 1) END
                WHEN q.k = 4 THEN (q.choice_wp -> an.value_choice)::numeric
            END AS wp,
            an.evidenced AS ev  -- kept by the database: Answer.has_evidence
        {answers}
        OFFSET 0
    ) one
),
-- weights summed as integers (thousandths), turned back into exact numerics once per area
tally AS (
    SELECT scorecard_id, area_id,
           sum(wi) FILTER (WHERE state >= 2) / 1000.0 AS answered,
           sum(wp) AS points,
           sum(wi) FILTER (WHERE state >= 1) / 1000.0 AS responded,
           sum(wi) FILTER (WHERE state = 3) / 1000.0 AS evidenced
    FROM counted GROUP BY scorecard_id, area_id
),
per_area AS (
    SELECT b.id AS scorecard_id, b.data_version, area.area_id, area.aw, area.total_w,
           COALESCE(t.answered, 0) AS answered, COALESCE(t.responded, 0) AS responded,
           COALESCE(t.evidenced, 0) AS evidenced,
           CASE WHEN t.answered > 0 THEN 100 * t.points / t.answered END AS score
    FROM batch b CROSS JOIN area
    LEFT JOIN tally t ON t.scorecard_id = b.id AND t.area_id = area.area_id
),
-- each scorecard's overall figures, and its area rows as arrays that travel with it through the
-- write below (every aggregate of a group reads its rows in the same order, so the arrays align):
-- no join of the written scorecards back to their areas, whose size the planner cannot estimate
overall AS (
    SELECT scorecard_id, data_version,
           sum(aw * score) FILTER (WHERE score IS NOT NULL AND aw > 0)
               / NULLIF(sum(aw) FILTER (WHERE score IS NOT NULL AND aw > 0), 0) AS overall,
           sum(aw * responded / total_w) FILTER (WHERE aw > 0 AND total_w > 0)
               / NULLIF(sum(aw) FILTER (WHERE aw > 0 AND total_w > 0), 0) AS completeness,
           sum(aw * evidenced / total_w) FILTER (WHERE aw > 0 AND total_w > 0)
               / NULLIF(sum(aw * answered / total_w) FILTER (WHERE aw > 0 AND total_w > 0), 0) AS evidence_share,
           array_agg(area_id) AS area_ids,
           array_agg(round(score, 4)) AS area_scores,
           array_agg(CASE WHEN total_w > 0 THEN round(responded / total_w, 4) END) AS area_completeness,
           array_agg(CASE WHEN answered > 0 THEN round(evidenced / answered, 4) END) AS area_evidence
    FROM per_area GROUP BY scorecard_id, data_version
),
-- the compare-and-set: only where the version is still the one the answers were read with
written AS (
    UPDATE assessments_scorecard sc
    SET overall = round(o.overall, 4),
        completeness = COALESCE(round(o.completeness, 4), 0),
        evidence_share = round(o.evidence_share, 4),
        computed_version = o.data_version,
        computed_weights_revision = %(revision)s,
        computed_at = clock_timestamp(),  -- when this row was computed, not when its batch began
        dirty_since = NULL
    FROM overall o
    WHERE sc.id = o.scorecard_id AND sc.data_version = o.data_version AND sc.id BETWEEN %(lo)s AND %(hi)s
    RETURNING sc.id, sc.reseller_id, sc.provider_id, sc.status = 'submitted' AS submitted,
              o.area_ids, o.area_scores, o.area_completeness, o.area_evidence
),
-- the area rows of the scorecards written, and none other
areas_out AS (
    SELECT w.id AS scorecard_id, x.area_id, x.score, x.completeness, x.evidence_share
    FROM written w
    CROSS JOIN LATERAL unnest(w.area_ids, w.area_scores, w.area_completeness, w.area_evidence)
        AS x(area_id, score, completeness, evidence_share)
),
-- each one beside its stored row, if any. A FULL JOIN can only be a hash or a merge join (never a
-- nested loop, which would read the stored rows once per row: on a first computation, or before a
-- vacuum, the planner expects almost none and chose one, at a cost growing with the square of the
-- batch). The OFFSET 0 keeps the filter below from turning it back into a LEFT JOIN.
beside AS (
    SELECT x.scorecard_id, x.area_id, x.score, x.completeness, x.evidence_share, e.id AS stored,
           (e.score, e.completeness, e.evidence_share)
               IS DISTINCT FROM (x.score, x.completeness, x.evidence_share) AS changed
    FROM areas_out x
    FULL JOIN ({stored}) e ON e.scorecard_id = x.scorecard_id AND e.area_id = x.area_id
    OFFSET 0
),
-- area rows only where a figure changed (an area weight never changes an area's own score), so
-- unchanged rows are neither locked nor rewritten
upsert AS (
    INSERT INTO assessments_scorecardareascore (scorecard_id, area_id, score, completeness, evidence_share)
    SELECT scorecard_id, area_id, score, completeness, evidence_share
    FROM beside
    WHERE scorecard_id IS NOT NULL AND (stored IS NULL OR changed)
    ON CONFLICT (scorecard_id, area_id) DO UPDATE
    SET score = EXCLUDED.score, completeness = EXCLUDED.completeness, evidence_share = EXCLUDED.evidence_share
)
SELECT reseller_id, provider_id, submitted FROM written
"""

# How the answers are read. A dense batch (consecutive ids, as a fleet job takes them) reads the
# id range through the answers' (scorecard, question) index in one pass; a sparse one (a few dirty
# scorecards far apart, as the sweep may find them) probes each scorecard's answers instead. The
# OFFSET 0 fences keep the planner (which cannot see how many questions `q` holds) from turning
# either into one probe per question over every answer the question ever had.
# Only the columns the figures need: a row carrying the comment and the evidence link through
# the join and the grouping costs a third more.
_ANSWER_COLUMNS = "scorecard_id, question_id, value_number, value_bool, value_choice, not_applicable, evidenced"
_DENSE = f"""FROM (SELECT {_ANSWER_COLUMNS} FROM assessments_answer
          WHERE scorecard_id BETWEEN %(lo)s AND %(hi)s OFFSET 0) an
    JOIN q ON q.id = an.question_id"""  # noqa: S608 (built from this module's constants only)
_SPARSE = f"""FROM batch b
    CROSS JOIN LATERAL (SELECT {_ANSWER_COLUMNS} FROM assessments_answer a WHERE a.scorecard_id = b.id OFFSET 0) an
    JOIN q ON q.id = an.question_id"""  # noqa: S608 (built from this module's constants only)
# The stored area rows to compare with, read the same way.
_DENSE_STORED = """SELECT * FROM assessments_scorecardareascore WHERE scorecard_id BETWEEN %(lo)s AND %(hi)s"""
_SPARSE_STORED = """SELECT * FROM assessments_scorecardareascore WHERE scorecard_id IN (SELECT id FROM batch)"""
_DENSE_BATCH = _BATCH.replace("{answers}", _DENSE).replace("{stored}", _DENSE_STORED)
_SPARSE_BATCH = _BATCH.replace("{answers}", _SPARSE).replace("{stored}", _SPARSE_STORED)
DENSE_SPREAD = 4  # a batch is dense when its id range is at most this many times its size


def supported() -> bool:
    return connection.vendor == "postgresql"


def scorecards_recompute_batch(
    *, questionnaire_id: int, scorecard_ids: list[int]
) -> tuple[int, set[tuple[int, int | None]]]:
    """Recompute these scorecards (those of the questionnaire among them) in one statement. Returns
    how many were written (a scorecard changed meanwhile is left to its own job) and the
    (reseller, provider) of the submitted ones written (provider None: a readiness)."""
    ids = sorted(set(scorecard_ids))
    if not ids:
        return 0, set()
    dense = ids[-1] - ids[0] + 1 <= DENSE_SPREAD * len(ids)
    with transaction.atomic():
        revision = Questionnaire.objects.values_list("weights_revision", flat=True).get(pk=questionnaire_id)
        params = {
            "qid": questionnaire_id,
            # one array literal, parsed at execution: a list would become thousands of constants to plan
            "ids": "{" + ",".join(str(int(i)) for i in ids) + "}",
            "lo": ids[0],
            "hi": ids[-1],
            "revision": revision,
        }
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")  # the batch's sorts stay in memory
            # hash joins only: the planner cannot estimate the batch's rows (a first computation,
            # area rows not yet vacuumed) and a nested loop over them costs the square of the batch
            cursor.execute("SET LOCAL enable_nestloop = off")
            # Derived data: should the server crash before this commit reaches the disk, the marks
            # it cleared come back with it and the sweep recomputes those scorecards. So the batch
            # does not wait for its commit to be flushed.
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(_DENSE_BATCH if dense else _SPARSE_BATCH, params)
            rows = cursor.fetchall()
            # for whatever else a caller's transaction does
            cursor.execute("SET LOCAL work_mem TO DEFAULT; SET LOCAL enable_nestloop TO DEFAULT")
    return len(rows), {(reseller_id, provider_id) for reseller_id, provider_id, sent in rows if sent}
