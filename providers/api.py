"""JSON API for the provider directory, with the aggregates the caller may see."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.selectors import current_bands, standing_payload
from assessments.serializers import ScoreField, score_number
from providers.models import Tag
from providers.selectors import provider_get, provider_list_for_user, tags_of


class AggregateSerializer(serializers.Serializer):
    """A provider's aggregate as the caller may see it (`assessments.disclosure`); the context holds
    the standing bands (`bands`)."""

    submitted_count = serializers.IntegerField()
    visible = serializers.BooleanField()
    mean_overall = ScoreField(allow_null=True)
    median_overall = ScoreField(allow_null=True)
    areas = serializers.SerializerMethodField()
    standing = serializers.SerializerMethodField()
    stale = serializers.BooleanField()
    computed_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.DictField(child=serializers.FloatField(allow_null=True)))
    def get_areas(self, agg) -> dict:
        return {key: score_number(value) for key, value in (agg.area_means or {}).items()}

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_standing(self, agg) -> dict | None:
        return standing_payload(agg.mean_overall, self.context["bands"]) if agg.visible else None


class ProfileTextField(serializers.CharField):
    """A field of the provider's profile; empty when it has none yet."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, provider):
        profile = getattr(provider, "provider_profile", None)
        return getattr(profile, self.attribute) if profile else ""


class TagNamesField(serializers.ListField):
    """The names of the provider's tags of one kind (prefetched by the selector)."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        super().__init__(child=serializers.CharField(), source="*", read_only=True, **kwargs)

    def to_representation(self, provider):
        return [tag.name for tag in tags_of(provider, self.kind)]


class ProviderSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    headline = ProfileTextField("headline")
    description = ProfileTextField("description")
    website = ProfileTextField("website")
    headquarters = ProfileTextField("headquarters")
    regions = TagNamesField(Tag.Kind.REGION)
    products = TagNamesField(Tag.Kind.PRODUCT)
    programmes = TagNamesField(Tag.Kind.PROGRAMME)
    aggregate = AggregateSerializer()


class ProviderListApi(APIView):
    @extend_schema(responses=ProviderSerializer(many=True))
    def get(self, request):
        bands = current_bands()
        return Response(
            ProviderSerializer(provider_list_for_user(request.user), many=True, context={"bands": bands}).data
        )


class ProviderDetailApi(APIView):
    @extend_schema(responses=ProviderSerializer)
    def get(self, request, slug: str):
        provider = provider_get(request.user, slug)
        return Response(ProviderSerializer(provider, context={"bands": current_bands()}).data)
