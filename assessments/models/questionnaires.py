"""Questionnaires: versions of each kind, their areas, questions and options, with the weights an admin edits."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

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
