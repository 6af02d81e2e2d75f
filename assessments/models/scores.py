"""Stored derived scores: each provider's aggregate per questionnaire, and each pair's partnership score."""

from django.db import models

from assessments.models.questionnaires import Questionnaire
from assessments.models.recomputable import Recomputable
from providers.models import Organisation


class ProviderAggregate(Recomputable):
    """Submitted scorecards about one provider on one questionnaire, aggregated."""

    # the figures a recompute writes (the Python path's save, and what the set-based path must equal)
    FIGURES = (
        "submitted_count",
        "overall_count",
        "mean_overall",
        "median_overall",
        "area_means",
        "area_counts",
        "question_means",
        "question_counts",
        "trend",
    )

    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aggregates")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="aggregates")
    # Every figure keeps how many distinct resellers it rests on: `assessments.disclosure` shows
    # a figure only from AGGREGATE_MIN_SCORECARDS of them up.
    submitted_count = models.PositiveIntegerField(default=0)  # resellers with a submitted scorecard
    overall_count = models.PositiveIntegerField(default=0)  # of them, those with an overall score
    mean_overall = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    median_overall = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    area_means = models.JSONField(default=dict, blank=True)
    area_counts = models.JSONField(default=dict, blank=True)  # area key -> resellers with a score in it
    # question id -> mean normalised answer (0..1), for the provider's weakest questions
    question_means = models.JSONField(default=dict, blank=True)
    question_counts = models.JSONField(default=dict, blank=True)  # question id -> resellers who answered it
    # The per-question means rest on the answers alone (a normalised answer never depends on a
    # weight), so a weight change marks the aggregate but leaves this False, and its recompute keeps
    # them rather than reading every answer again. Set by every other mark (an answer, a submit, a
    # withdrawal, `recompute_scores --all`); cleared by the recompute that computed them.
    questions_dirty = models.BooleanField(default=True)
    # "2026-Q3" -> {"count": resellers, "mean": "71.2"}: the latest scorecard each reseller
    # submitted in the quarter
    trend = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "questionnaire"], name="aggregate_unique_provider_q"),
        ]

    def __str__(self) -> str:
        return f"Aggregate of provider {self.provider_id} on questionnaire {self.questionnaire_id}"


def _derived_source() -> models.ForeignKey:
    """A derived row's reference to the scorecard it was computed from (see PartnershipScore)."""
    return models.ForeignKey(
        "assessments.Scorecard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )


class PartnershipScore(Recomputable):
    reseller = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partnerships_as_reseller")
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partnerships_as_provider")
    # Not indexed, as on Scorecard: every pair is marked and rewritten after a weight change, and
    # with no indexed column changing (and room on the page: fillfactor 50, migration 0007) each
    # write is a HOT update instead of an entry in each of the table's seven indexes. The sweep
    # finds the dirty ones by scanning the table.
    dirty_since = models.DateTimeField(null=True, blank=True)
    provider_side = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    reseller_side = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    combined = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    # The parts and where they come from, so that the provider is shown only what was shared
    # with it (`assessments.disclosure.partnership_for_viewer`).
    readiness_score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    delivery = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    # Where the sides come from, set by the recompute from rows it read in the same statement (and
    # cleared by Django when a scorecard is deleted): neither a constraint nor an index in the
    # database, so that writing them is a HOT update with no check per row.
    scorecard = _derived_source()
    readiness = _derived_source()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reseller", "provider"], name="partnership_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"Partnership of reseller {self.reseller_id} and provider {self.provider_id}"
