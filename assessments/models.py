"""Questionnaires, scorecards, answers, stored scores and the two-way commitment ledger.

Stored scores carry their freshness: writers bump `data_version` and set
`dirty_since` in the same transaction as the change; the recompute job writes the
score with the version it read (`computed_version`) and clears `dirty_since` only
if the version did not move meanwhile. A score is stale while
`computed_version < data_version` (or it was computed against older weights).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Now
from simple_history.models import HistoricalRecords

from providers.models import Organisation

ZERO = Decimal("0")


class QuestionnaireKind(models.TextChoices):
    PROVIDER_SCORECARD = "provider_scorecard", "Provider scorecard"
    RESELLER_READINESS = "reseller_readiness", "Reseller readiness"


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class QuestionnaireQuerySet(models.QuerySet):
    def published(self, kind: str = QuestionnaireKind.PROVIDER_SCORECARD):
        """The current questionnaire of a kind, the one place that says which it is (at most one
        is published per kind: a constraint below); `.first()` gives it, or None before any."""
        return self.filter(kind=kind, status=QuestionnaireStatus.PUBLISHED)


class Questionnaire(models.Model):
    kind = models.CharField(max_length=20, choices=QuestionnaireKind.choices)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # Bumped whenever an area or question weight changes; scores record the revision they used.
    weights_revision = models.PositiveIntegerField(default=1)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="questionnaire_unique_kind_version"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(status=QuestionnaireStatus.PUBLISHED),
                name="questionnaire_one_published_per_kind",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="questionnaire_version_positive"),
            models.CheckConstraint(condition=Q(kind__in=QuestionnaireKind.values), name="questionnaire_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=QuestionnaireStatus.values), name="questionnaire_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.get_status_display()})"


class AreaKey(models.TextChoices):
    RELATIONSHIPS = "relationships", "Relationships: a two-way street"
    COMMUNITY = "community", "Community"
    REALISM = "realism", "Realism"
    MINDSET = "mindset", "Mindset and culture"


weight_validators = [MinValueValidator(ZERO, message="A weight cannot be below zero.")]


class Area(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="areas")
    key = models.CharField(max_length=20, choices=AreaKey.choices)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=8, decimal_places=3, default=Decimal("1"), validators=weight_validators)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="area_unique_questionnaire_key"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="area_weight_not_negative"),
            models.CheckConstraint(condition=Q(key__in=AreaKey.values), name="area_key_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Scale of 1 to 5"
    YES_NO = "yes_no", "Yes or no"
    NUMBER = "number", "Number"
    CHOICE = "choice", "Choice"


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", "Higher is better"
    LOWER_BETTER = "lower_better", "Lower is better"


class Question(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    help_text = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    weight = models.DecimalField(max_digits=8, decimal_places=3, default=Decimal("1"), validators=weight_validators)
    order = models.PositiveSmallIntegerField(default=0)
    evidence_expected = models.BooleanField(default=False)
    reverse = models.BooleanField(default=False, help_text="For yes/no: a 'no' is the good answer.")
    low = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    direction = models.CharField(max_length=14, choices=Direction.choices, default=Direction.HIGHER_BETTER)
    unit = models.CharField(max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="question_weight_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.NUMBER) | Q(low__isnull=False, high__isnull=False, low__lt=F("high")),
                name="question_number_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class QuestionOption(models.Model):
    """An option of a `choice` question (with its points), or the label of a `scale` point."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    points = models.DecimalField(max_digits=8, decimal_places=3, default=ZERO, validators=weight_validators)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="option_unique_question_key"),
            models.CheckConstraint(condition=Q(points__gte=0), name="option_points_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label


class Standing(models.Model):
    """An admin-defined band over 0..100 (bands cover 0 to 100 with no gap and no overlap)."""

    name = models.CharField(max_length=40, unique=True)
    lower = models.DecimalField(max_digits=6, decimal_places=2)
    upper = models.DecimalField(max_digits=6, decimal_places=2)
    colour = models.CharField(max_length=7, help_text="A colour such as #198754.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["lower"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lower__gte=0, upper__lte=100, lower__lt=F("upper")), name="standing_bounds_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.lower}–{self.upper})"


class PortalSettings(models.Model):
    """Settings an admin tunes; one row (pk=1)."""

    partnership_provider_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("1"))],
        help_text="Share of the partnership score taken from the provider side (0 to 1; 0.5 is 50/50).",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "portal settings"
        verbose_name_plural = "portal settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(partnership_provider_share__gte=0, partnership_provider_share__lte=1),
                name="settings_share_in_range",
            ),
        ]

    def __str__(self) -> str:
        return "Portal settings"

    @classmethod
    def current(cls) -> "PortalSettings":
        """The settings in force: the row, or the defaults before an admin saved any."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class RecomputableQuerySet(models.QuerySet):
    def stale(self):
        """The rows being recalculated (the queryset form of `Recomputable.is_stale`)."""
        return self.filter(computed_version__lt=F("data_version"))

    def fresh(self):
        return self.filter(computed_version__gte=F("data_version"))

    def mark_dirty(self, **also) -> int:
        """Mark these rows stale from this commit on, the one way every writer does: the data version
        goes up, and `dirty_since` keeps the time of the oldest change not yet computed. `also`: more
        columns to set in the same statement. Returns how many rows were marked."""
        return self.update(data_version=F("data_version") + 1, dirty_since=Coalesce(F("dirty_since"), Now()), **also)


class Recomputable(models.Model):
    """Freshness bookkeeping shared by every stored score. The one rule of staleness: a row is stale
    from the commit that changed one of its inputs (which bumps `data_version` and sets
    `dirty_since`) until a recompute stores figures computed from that version."""

    data_version = models.PositiveIntegerField(default=1)
    computed_version = models.PositiveIntegerField(default=0)
    dirty_since = models.DateTimeField(null=True, blank=True, db_index=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    objects = RecomputableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_stale(self) -> bool:
        return self.computed_version < self.data_version


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


class CommitmentSide(models.TextChoices):
    RESELLER = "reseller", "Reseller commits"
    PROVIDER = "provider", "Provider offers"


class Kpi(models.TextChoices):
    # What a reseller commits to.
    SEAT_ADDS = "seat_adds", "Customer seat adds"
    AZURE_CONSUMED = "azure_consumed", "Azure consumed revenue"
    M365_SEATS = "m365_seats", "Microsoft 365 seats"
    NET_CUSTOMER_ADDS = "net_customer_adds", "Net customer adds"
    CERTIFICATIONS = "certifications", "Certified staff"
    EVENTS = "events", "Events attended"
    CASE_STUDIES = "case_studies", "Case studies published"
    # What a provider offers in return.
    MARGIN_POINTS = "margin_points", "Margin points"
    ENABLEMENT_DAYS = "enablement_days", "Enablement days"
    MARKETING_FUNDS = "marketing_funds", "Marketing funds"
    NAMED_CONTACT = "named_contact", "A named contact"
    SUPPORT_RESPONSE = "support_response", "Support response time"
    CUSTOM = "custom", "Something else"


# KPIs measured so that less is better (hours to respond): attainment is the target over the mean.
LOWER_IS_BETTER = frozenset({Kpi.SUPPORT_RESPONSE})


class CommitmentStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    COUNTERED = "countered", "Countered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Commitment(Recomputable):
    """One line of the two-way ledger: what one side commits to the other."""

    reseller = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="commitments_as_reseller")
    provider = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="commitments_as_provider")
    side = models.CharField(max_length=10, choices=CommitmentSide.choices, default=CommitmentSide.RESELLER)
    kpi = models.CharField(max_length=20, choices=Kpi.choices)
    custom_kpi = models.CharField(max_length=120, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=30, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.PROPOSED)
    counter_target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    attainment = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="commitment_target_positive"),
            models.CheckConstraint(
                condition=Q(counter_target__isnull=True) | Q(counter_target__gt=0),
                name="commitment_counter_positive",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="commitment_period_order"),
            models.CheckConstraint(condition=Q(status__in=CommitmentStatus.values), name="commitment_status_valid"),
            models.CheckConstraint(
                condition=Q(attainment__isnull=True) | Q(attainment__gte=0, attainment__lte=Decimal("1.5")),
                name="commitment_attainment_capped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_label}: {self.target} {self.unit}".strip()

    @property
    def kpi_label(self) -> str:
        return self.custom_kpi if self.kpi == Kpi.CUSTOM and self.custom_kpi else self.get_kpi_display()


class CommitmentEvent(models.Model):
    """Every transition of a commitment, with who, when and the note."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=10, choices=CommitmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=CommitmentStatus.choices)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class ProgressEntry(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField()
    actual = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)])
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(actual__gte=0), name="progress_actual_not_negative")]

    def __str__(self) -> str:
        return f"{self.actual} on {self.date}"


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


from assessments.models_replies import Notification, ScorecardReply  # noqa: E402,F401
from assessments.models_weights import WeightProfile  # noqa: E402,F401
