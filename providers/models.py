"""Organisations (resellers and providers), memberships and their profiles."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class OrganisationKind(models.TextChoices):
    RESELLER = "reseller", "Reseller"
    PROVIDER = "provider", "Indirect provider"


class Organisation(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=10, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_provider(self) -> bool:
        return self.kind == OrganisationKind.PROVIDER

    @property
    def is_reseller(self) -> bool:
        return self.kind == OrganisationKind.RESELLER


class MembershipRole(models.TextChoices):
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer (read only)"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_organisation"),
            models.CheckConstraint(condition=models.Q(role__in=MembershipRole.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class Tag(models.Model):
    """A region, product or programme that providers are filtered by."""

    class Kind(models.TextChoices):
        REGION = "region", "Region"
        PRODUCT = "product", "Product"
        PROGRAMME = "programme", "Programme"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="tag_unique_kind_slug")]

    def __str__(self) -> str:
        return self.name


class ProviderProfile(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="provider_profile")
    headline = models.CharField(max_length=160, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    headquarters = models.CharField(max_length=80, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="providers")
    # What the provider typically offers (used by the realism calculator).
    typical_margin_points = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    enablement_days_per_year = models.PositiveIntegerField(default=0)
    support_response_hours = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Profile of {self.organisation}"


class ResellerProfile(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="reseller_profile")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    monthly_spend = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    seat_count = models.PositiveIntegerField(default=0)
    tags = models.ManyToManyField(Tag, blank=True, related_name="resellers")

    def __str__(self) -> str:
        return f"Profile of {self.organisation}"
