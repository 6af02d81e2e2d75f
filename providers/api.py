"""JSON API for the provider directory, with the aggregates the caller may see."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.standings import current_bands, standing_payload
from providers.models import Tag
from providers.selectors import provider_get, provider_list_for_user, tags_of


class AggregateSerializer(serializers.Serializer):
    submitted_count = serializers.IntegerField()
    visible = serializers.BooleanField()
    mean_overall = serializers.FloatField(allow_null=True)
    median_overall = serializers.FloatField(allow_null=True)
    areas = serializers.DictField(child=serializers.FloatField(allow_null=True))
    standing = serializers.DictField(allow_null=True)
    stale = serializers.BooleanField()
    computed_at = serializers.DateTimeField(allow_null=True)


class ProviderSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    headline = serializers.CharField()
    description = serializers.CharField()
    website = serializers.CharField()
    headquarters = serializers.CharField()
    regions = serializers.ListField(child=serializers.CharField())
    products = serializers.ListField(child=serializers.CharField())
    programmes = serializers.ListField(child=serializers.CharField())
    aggregate = AggregateSerializer()


def _round(value):
    return None if value is None else round(float(value), 2)


def provider_payload(provider, bands) -> dict:
    profile = getattr(provider, "provider_profile", None)
    agg = provider.aggregate
    return {
        "slug": provider.slug,
        "name": provider.name,
        "headline": profile.headline if profile else "",
        "description": profile.description if profile else "",
        "website": profile.website if profile else "",
        "headquarters": profile.headquarters if profile else "",
        "regions": [t.name for t in tags_of(provider, Tag.Kind.REGION)],
        "products": [t.name for t in tags_of(provider, Tag.Kind.PRODUCT)],
        "programmes": [t.name for t in tags_of(provider, Tag.Kind.PROGRAMME)],
        "aggregate": {
            "submitted_count": agg.submitted_count,
            "visible": agg.visible,
            "mean_overall": _round(agg.mean_overall),
            "median_overall": _round(agg.median_overall),
            "areas": {k: _round(v) for k, v in (agg.area_means or {}).items()},
            "standing": standing_payload(agg.mean_overall, bands) if agg.visible else None,
            "stale": agg.stale,
            "computed_at": agg.computed_at,
        },
    }


class ProviderListApi(APIView):
    @extend_schema(responses=ProviderSerializer(many=True))
    def get(self, request):
        bands = current_bands()
        return Response([provider_payload(p, bands) for p in provider_list_for_user(request.user)])


class ProviderDetailApi(APIView):
    @extend_schema(responses=ProviderSerializer)
    def get(self, request, slug: str):
        return Response(provider_payload(provider_get(request.user, slug), current_bands()))
