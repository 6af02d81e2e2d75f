"""Scorecards (a reseller's review of a provider, or its own readiness), their answers and stored area scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from assessments.models.questionnaires import ZERO, Area, Question, QuestionKind, Questionnaire
from assessments.models.recomputable import Recomputable, RecomputableQuerySet
from providers.models import Organisation


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class ScorecardQuerySet(RecomputableQuerySet):
    def submitted(self):
        return self.filter(status=ScorecardStatus.SUBMITTED)

    def latest_first(self, *within: str):
        """Ordered by `within` (fields), then newest submission first: the one rule of which of a
        reseller's submitted scorecards counts (the latest; re-reviews replace earlier ones). The
        first row of each group is its latest (`.first()`, or `dict.setdefault` while iterating);
        the set-based aggregates take it with the same order (`DISTINCT ON`, `derived_sql`)."""
        return self.order_by(*within, "-submitted_at", "-id")


class Scorecard(Recomputable):
    """A reseller's answers to one questionnaire: about a provider, or about itself (readiness)."""

    reseller = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="scorecards")
    # (provider, status) below serves the lookups by provider
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scorecards_received",
        db_index=False,
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT)
    # Not indexed, unlike the other stored scores: a scorecard's score is written on every recompute
    # (tens of thousands at once after a weight change), and with no indexed column changing and
    # room left on the page (the table's fillfactor is 50, see migration 0004) PostgreSQL updates
    # the row in place (a HOT update) instead of adding an entry to each of the table's indexes.
    # The stale lookups go by questionnaire (indexed) or scan the table, once per sweep.
    dirty_since = models.DateTimeField(null=True, blank=True)
    # Optimistic lock for scorecard-level writes (submit, reopen): a stale version gets 409.
    version = models.PositiveIntegerField(default=1)
    shared_with_provider = models.BooleanField(default=False)
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="readiness_shared_with_me")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The stored score (0..100 / 0..1; null where nothing is answered) and what it was computed from.
    overall = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    completeness = models.DecimalField(max_digits=5, decimal_places=4, default=ZERO)
    evidence_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    computed_weights_revision = models.PositiveIntegerField(default=0)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reseller", "provider", "questionnaire"],
                condition=Q(status=ScorecardStatus.DRAFT),
                name="scorecard_one_draft_per_provider",
            ),
            models.UniqueConstraint(
                fields=["reseller", "questionnaire"],
                condition=Q(status=ScorecardStatus.DRAFT, provider__isnull=True),
                name="readiness_one_draft_per_reseller",
            ),
            models.CheckConstraint(condition=Q(status__in=ScorecardStatus.values), name="scorecard_status_valid"),
            models.CheckConstraint(
                condition=Q(overall__isnull=True) | Q(overall__gte=0, overall__lte=100),
                name="scorecard_overall_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(status=ScorecardStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                name="scorecard_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["provider", "status"], name="scorecard_provider_status")]

    def __str__(self) -> str:
        subject = self.provider.name if self.provider_id else "readiness"
        return f"Scorecard #{self.pk}: {self.reseller.name} on {subject}"

    @property
    def is_stale(self) -> bool:
        """Stale, by the one rule, also while the weights it was computed with are not the current
        ones (a weight change marks every scorecard in its own transaction; this holds between)."""
        return super().is_stale or self.computed_weights_revision < self.questionnaire.weights_revision

    @property
    def is_readiness(self) -> bool:
        return self.provider_id is None

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED


class ScorecardAreaScore(models.Model):
    # Derived rows, written only by the recompute from the scorecard and areas it read in the same
    # statement, and deleted with them by Django's cascade. So no foreign-key constraint in the
    # database (on a first computation its checks, one per row at commit, cost more than the whole
    # insert) and no index on the area (only an area's deletion looks them up by it). The unique
    # (scorecard, area) index below serves the lookups by scorecard.
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="area_scores", db_index=False, db_constraint=False
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False)
    score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    completeness = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    evidence_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "area"], name="area_score_unique_scorecard_area"),
        ]

    def __str__(self) -> str:
        return f"Scorecard {self.scorecard_id}, area {self.area_id}: {self.score}"


class EvidenceLevel(models.TextChoices):
    CLAIM = "claim", "A claim"
    DOCUMENT = "document", "A document"
    REFERENCE = "reference", "A reference customer or partner"
    VERIFIED = "verified", "Verified by us"


# The evidence levels that count as evidence (a bare claim does not).
EVIDENCED_LEVELS = (EvidenceLevel.DOCUMENT, EvidenceLevel.REFERENCE, EvidenceLevel.VERIFIED)


def stored_value(kind: str, *, number=None, flag=None, choice: str = "", not_applicable: bool = False):
    """The one reading of an answer's stored value by its question's kind: the number of a scale or
    number question, the yes/no, the chosen option's key; None when not applicable or empty."""
    if not_applicable:
        return None
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return number
    if kind == QuestionKind.YES_NO:
        return flag
    return choice or None


class Answer(models.Model):
    # the unique (scorecard, question) index below serves the lookups by scorecard
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value_number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value_bool = models.BooleanField(null=True, blank=True)
    value_choice = models.CharField(max_length=40, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True, max_length=2000)
    evidence_url = models.URLField(max_length=500, blank=True)
    evidence_level = models.CharField(max_length=10, choices=EvidenceLevel.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # `has_evidence` below, kept by the database on every write, for the set-based recompute to read
    # (about 5% of its time when it tested the text columns itself)
    evidenced = models.GeneratedField(
        expression=~Q(evidence_url="") | Q(evidence_level__in=EVIDENCED_LEVELS),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["evidenced"])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "question"], name="answer_unique_scorecard_question"),
            models.CheckConstraint(
                condition=Q(evidence_level="") | Q(evidence_level__in=EvidenceLevel.values),
                name="answer_evidence_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to question {self.question_id} on scorecard {self.scorecard_id}"

    def value_for(self, kind: str):
        """This answer's value for a question of `kind` (`stored_value`)."""
        return stored_value(
            kind,
            number=self.value_number,
            flag=self.value_bool,
            choice=self.value_choice,
            not_applicable=self.not_applicable,
        )

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_url or self.evidence_level in EVIDENCED_LEVELS)


class ScorecardReply(models.Model):
    scorecard = models.ForeignKey("assessments.Scorecard", on_delete=models.CASCADE, related_name="replies")
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "provider"], name="reply_one_per_provider_scorecard"),
        ]

    def __str__(self) -> str:
        return f"Reply of {self.provider_id} to scorecard {self.scorecard_id}"
