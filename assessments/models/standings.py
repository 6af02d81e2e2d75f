"""What an admin tunes besides weights: the standing bands over 0..100 and the portal's settings."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from assessments.models.questionnaires import ZERO


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
