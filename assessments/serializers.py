"""API shapes of PRODUCT.md's contract, and of the admin's weight endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Area, Question, QuestionKind, Questionnaire
from assessments.scoring import quantize
from assessments.selectors import standing_payload
from cspeval.validation import VERSION_MAX, VERSION_MESSAGE


def score_number(value, places: int = 2) -> float | None:
    """A stored figure as the API sends it: a JSON number rounded to `places` by the engine's one
    rule (halves away from zero), the same figure a page shows."""
    return None if value is None else float(quantize(value, places))


class ScoreField(serializers.FloatField):
    """A stored score (exact) sent by `score_number`."""

    def __init__(self, *, places: int = 2, **kwargs):
        self.places = places
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return score_number(value, self.places)


@extend_schema_field(serializers.JSONField(allow_null=True))
class AnswerValueField(serializers.Field):
    """An answer's value in its question's own kind: a whole number for a scale, a number for a
    number question, true or false, a choice's key; null when not answered."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, answer):
        kind = answer.question.kind
        value = answer.value_for(kind)
        if value is not None and kind == QuestionKind.SCALE:
            return int(value)
        if value is not None and kind == QuestionKind.NUMBER:
            return float(value)
        return value


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

    question = serializers.IntegerField(source="question_id")
    value = AnswerValueField()
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
    provider = serializers.CharField(source="provider.slug", allow_null=True, help_text="Null for a readiness.")
    reseller = serializers.CharField(source="reseller.slug")
    questionnaire = serializers.IntegerField(source="questionnaire_id")
    kind = serializers.CharField(source="questionnaire.kind")
    status = serializers.CharField()
    version = serializers.IntegerField()
    shared_with_provider = serializers.BooleanField()
    overall = ScoreField(allow_null=True)
    completeness = ScoreField(places=4)
    stale = serializers.BooleanField(source="is_stale")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class ScorecardDetailSerializer(ScorecardSerializer):
    """A scorecard with its answers (`answers`, in the context: each with its question loaded)."""

    answers = serializers.SerializerMethodField()

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, scorecard) -> list:
        return AnswerSerializer(self.context["answers"], many=True).data


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
    """A scorecard's score; the context holds its stored area scores (`areas`: {key: score}) and
    the standing bands (`bands`)."""

    overall = ScoreField(allow_null=True)
    areas = serializers.SerializerMethodField()
    completeness = ScoreField(places=4)
    evidence_share = ScoreField(places=4, allow_null=True)
    stale = serializers.BooleanField(source="is_stale")
    computed_at = serializers.DateTimeField(allow_null=True)
    standing = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=serializers.FloatField(allow_null=True)))
    def get_areas(self, scorecard) -> dict:
        return {key: score_number(value) for key, value in self.context["areas"].items()}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_standing(self, scorecard) -> dict | None:
        return standing_payload(scorecard.overall, self.context["bands"])


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
