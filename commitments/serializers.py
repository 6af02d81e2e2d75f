"""API shapes of the commitment ledger (PRODUCT.md "JSON API"). Input serializers check only the
shape; the services judge the values and name the field in each message (one set of rules)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.serializers import version_field
from commitments.models import CommitmentSide, CommitmentStatus, Kpi
from commitments.policies import commitment_decider_id


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureField(serializers.Field):
    """A number as the client sent it; the service refuses what is not a positive, finite figure."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return None if value is None else float(value)


@extend_schema_field(OpenApiTypes.DATE)
class RawDateField(serializers.Field):
    """A date as YYYY-MM-DD; the service parses it and names the field when it cannot."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return None if value is None else value.isoformat()


class UsernameField(serializers.CharField):
    """A user by their username (who proposed, acted, recorded); null once the user is gone."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user):
        return user.get_username()


STATUSES = f"One of: {', '.join(CommitmentStatus.values)}."


# --- Input ---------------------------------------------------------------------------------


class CommitmentProposeSerializer(serializers.Serializer):
    reseller = serializers.CharField(
        required=False, help_text="The reseller's slug, when a provider offers something to it."
    )
    provider = serializers.CharField(
        required=False, help_text="The provider's slug, when a reseller commits something to it."
    )
    side = serializers.ChoiceField(
        choices=CommitmentSide.values,
        required=False,
        help_text="reseller: what the caller's reseller commits; provider: what the caller's provider offers. "
        "Taken from the caller's membership when left out.",
        error_messages={"invalid_choice": "Choose reseller or provider."},
    )
    kpi = serializers.ChoiceField(
        choices=Kpi.values,
        error_messages={"invalid_choice": "Choose a KPI from the list.", "required": "Choose a KPI."},
    )
    custom_kpi = serializers.CharField(required=False, allow_blank=True, default="")
    target = FigureField(help_text="A positive number.")
    unit = serializers.CharField(allow_blank=True, help_text="Such as seats, GBP, days or hours.")
    period_start = RawDateField()
    period_end = RawDateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CommitmentReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=["accept", "decline", "counter"],
        error_messages={"invalid_choice": "Choose accept, decline or counter.", "required": "Choose a decision."},
    )
    target = FigureField(required=False, allow_null=True, default=None, help_text="The counter-offer's target.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = version_field()


class CommitmentWithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = version_field()


class ProgressInputSerializer(serializers.Serializer):
    date = RawDateField(help_text="The day the figure refers to: within the period, and not in the future.")
    actual = FigureField(help_text="A number of 0 or more.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- Output --------------------------------------------------------------------------------


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reseller = serializers.CharField(source="reseller.slug", help_text="The reseller's slug.")
    provider = serializers.CharField(source="provider.slug", help_text="The provider's slug.")
    side = serializers.ChoiceField(choices=CommitmentSide.values)
    kpi = serializers.ChoiceField(choices=Kpi.values)
    kpi_label = serializers.CharField()
    custom_kpi = serializers.CharField(allow_blank=True)
    target = serializers.FloatField()
    counter_target = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField(help_text=STATUSES)
    waiting_for = serializers.SerializerMethodField(help_text="The slug of the organisation whose turn it is.")
    note = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    proposed_by = UsernameField(allow_null=True)
    attainment = serializers.FloatField(allow_null=True, help_text="0 to 1.5; null until accepted (and measured).")
    stale = serializers.BooleanField(source="is_stale")
    computed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_waiting_for(self, commitment) -> str | None:
        decider = commitment_decider_id(commitment)
        if decider is None:
            return None
        return commitment.reseller.slug if decider == commitment.reseller_id else commitment.provider.slug


class CommitmentEventSerializer(serializers.Serializer):
    actor = UsernameField(allow_null=True)
    from_status = serializers.CharField(allow_blank=True, help_text="Empty for the proposal itself.")
    to_status = serializers.CharField(help_text=STATUSES)
    target = serializers.FloatField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class ProgressEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    actual = serializers.FloatField()
    note = serializers.CharField(allow_blank=True)
    recorded_by = UsernameField(allow_null=True)
    created_at = serializers.DateTimeField()


class CommitmentDetailSerializer(CommitmentSerializer):
    """A line with its history, from `selectors.commitment_with_history` (events and progress loaded)."""

    events = CommitmentEventSerializer(source="event_list", many=True)
    progress = ProgressEntrySerializer(source="progress_list", many=True)
