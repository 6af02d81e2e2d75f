"""A reseller's own area weights for the comparison page (one profile per organisation)."""

from django.conf import settings
from django.db import models

from providers.models import Organisation


class WeightProfile(models.Model):
    """The area weights a reseller compares providers with: {area key: "decimal"}, each 0 to 100.

    Without a profile the comparison uses the admin's area weights of the current questionnaire.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="weight_profile")
    weights = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "assessments_weightprofile"  # moved from assessments with its table and rows
        verbose_name = "weight profile"

    def __str__(self) -> str:
        return f"Comparison weights of {self.organisation}"
