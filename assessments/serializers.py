"""API shapes of PRODUCT.md's contract."""

from rest_framework import serializers

from assessments.models import Area, Question, QuestionKind, Questionnaire
from cspeval.validation import VERSION_MAX, VERSION_MESSAGE


class OptionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    points = serializers.DecimalField(max_digits=8, decimal_places=3, coerce_to_string=False)


class QuestionSerializer(serializers.ModelSerializer):
    weight = serializers.DecimalField(max_digits=8, decimal_places=3, coerce_to_string=False, read_only=True)
    options = serializers.SerializerMethodField()
    low = serializers.SerializerMethodField()
    high = serializers.SerializerMethodField()
    direction = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    reverse = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "text",
            "help_text",
            "kind",
            "weight",
            "evidence_expected",
            "options",
            "low",
            "high",
            "direction",
            "unit",
            "reverse",
        ]

    def get_options(self, q) -> list[dict]:
        if q.kind not in (QuestionKind.CHOICE, QuestionKind.SCALE):
            return []
        return OptionSerializer(q.options.all(), many=True).data

    def _number(self, q, value):
        return float(value) if q.kind == QuestionKind.NUMBER and value is not None else None

    def get_low(self, q) -> float | None:
        return self._number(q, q.low)

    def get_high(self, q) -> float | None:
        return self._number(q, q.high)

    def get_direction(self, q) -> str | None:
        return q.direction if q.kind == QuestionKind.NUMBER else None

    def get_unit(self, q) -> str | None:
        return q.unit if q.kind == QuestionKind.NUMBER else None

    def get_reverse(self, q) -> bool | None:
        return q.reverse if q.kind == QuestionKind.YES_NO else None


class AreaSerializer(serializers.ModelSerializer):
    weight = serializers.DecimalField(max_digits=8, decimal_places=3, coerce_to_string=False, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Area
        fields = ["id", "key", "title", "weight", "questions"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    areas = AreaSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "kind", "version", "title", "status", "weights_revision", "areas"]


class QuestionnaireQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["provider_scorecard", "reseller_readiness"],
        error_messages={"invalid_choice": 'Choose provider_scorecard or reseller_readiness, not "{input}".'},
    )


class AnswerSerializer(serializers.Serializer):
    """An answer as the API shows it: `value` in the question's own kind."""

    question = serializers.IntegerField()
    value = serializers.JSONField(allow_null=True)
    not_applicable = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True)
    evidence_url = serializers.CharField(allow_blank=True)
    evidence_level = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()


class AnswerInputSerializer(serializers.Serializer):
    """PUT body of an answer; the value's kind is checked by the service against the question."""

    value = serializers.JSONField(required=False, allow_null=True, default=None)
    not_applicable = serializers.BooleanField(required=False, default=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    evidence_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    evidence_level = serializers.CharField(required=False, allow_blank=True, default="")


class ScorecardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    provider = serializers.CharField(allow_null=True)
    reseller = serializers.CharField()
    questionnaire = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    shared_with_provider = serializers.BooleanField()
    overall = serializers.FloatField(allow_null=True)
    completeness = serializers.FloatField()
    stale = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class ScorecardDetailSerializer(ScorecardSerializer):
    answers = AnswerSerializer(many=True)


class ScorecardStartSerializer(serializers.Serializer):
    provider = serializers.SlugField(
        help_text="The provider's slug.", error_messages={"required": "Name the provider (its slug)."}
    )


def version_field() -> serializers.IntegerField:
    """The optimistic-lock version a client last saw, refused with the services' message (one rule)."""
    message = dict.fromkeys(("invalid", "min_value", "max_value", "max_string_length"), VERSION_MESSAGE)
    return serializers.IntegerField(
        required=False, min_value=1, max_value=VERSION_MAX, allow_null=True, default=None, error_messages=message
    )


class VersionSerializer(serializers.Serializer):
    version = version_field()


class ScoreSerializer(serializers.Serializer):
    overall = serializers.FloatField(allow_null=True)
    areas = serializers.DictField(child=serializers.FloatField(allow_null=True))
    completeness = serializers.FloatField()
    evidence_share = serializers.FloatField(allow_null=True)
    stale = serializers.BooleanField()
    computed_at = serializers.DateTimeField(allow_null=True)
    standing = serializers.DictField(allow_null=True)
