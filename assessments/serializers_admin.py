"""API shapes of the admin's weight endpoints (`/api/questions/<id>/`, `/api/areas/<id>/`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Area, Question


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 99999.999, "example": 2.5})
class WeightInputField(serializers.Field):
    """Passed through as sent: `weights_set` checks it and words the message (one code path)."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return float(value)


class WeightInputSerializer(serializers.Serializer):
    """PATCH body: only `weight` is read; any other field is ignored."""

    weight = WeightInputField(help_text="0 or more, at most 3 decimal places.")


class QuestionWeightSerializer(serializers.ModelSerializer):
    questionnaire = serializers.IntegerField(source="area.questionnaire_id", read_only=True)
    weight = serializers.DecimalField(max_digits=8, decimal_places=3, coerce_to_string=False, read_only=True)
    weights_revision = serializers.IntegerField(source="area.questionnaire.weights_revision", read_only=True)
    # plain text here, so the schema keeps one enum of question kinds (the questionnaire's)
    kind = serializers.CharField(read_only=True, help_text="scale, yes_no, number or choice")

    class Meta:
        model = Question
        fields = ["id", "questionnaire", "area", "text", "kind", "weight", "weights_revision"]
        read_only_fields = fields


class AreaWeightSerializer(serializers.ModelSerializer):
    weight = serializers.DecimalField(max_digits=8, decimal_places=3, coerce_to_string=False, read_only=True)
    weights_revision = serializers.IntegerField(source="questionnaire.weights_revision", read_only=True)

    class Meta:
        model = Area
        fields = ["id", "questionnaire", "key", "title", "weight", "weights_revision"]
        read_only_fields = fields
