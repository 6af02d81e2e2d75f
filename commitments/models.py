"""The two-way commitment ledger: what a reseller commits to a provider and what a provider offers
in return (KPI lines with a target and a period), every transition, and the progress recorded.

The tables kept their names when the ledger moved out of `assessments` (no row moved)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from assessments.models import ZERO, Recomputable
from providers.models import Organisation


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
    history = HistoricalRecords(table_name="assessments_historicalcommitment")

    class Meta:
        db_table = "assessments_commitment"
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
        db_table = "assessments_commitmentevent"
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
        db_table = "assessments_progressentry"
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(actual__gte=0), name="progress_actual_not_negative")]

    def __str__(self) -> str:
        return f"{self.actual} on {self.date}"
