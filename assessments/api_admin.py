"""Weights through the API, for portal admins: `GET, PATCH /api/questions/<id>/` and `/api/areas/<id>/`.

Anyone else gets 404 (the ids can't be probed); a PATCH reads only `weight` and goes through
`weights_set`, like the admin and the weights page; a bad value is 400 `{"weight": [...]}`.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.policies_admin import require_portal_admin
from assessments.selectors_weights import area_get, question_get
from assessments.serializers_admin import AreaWeightSerializer, QuestionWeightSerializer, WeightInputSerializer
from assessments.services.questionnaires import weights_set

MISSING = "Send a weight: a number of 0 or more."


def _weight_from(request):
    """The `weight` of the body, or a 400 naming it; nothing else in the body is read."""
    data = request.data if isinstance(request.data, dict) else {}
    if "weight" not in data:
        raise ValidationError({"weight": [MISSING]})
    return data["weight"]


def _as_weight_errors(exc: ValidationError) -> ValidationError:
    messages = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
    return ValidationError({"weight": messages})


class _WeightApi(APIView):
    serializer_class = None  # set by subclasses

    def _get(self, pk):
        raise NotImplementedError

    def _object(self, request, pk):
        require_portal_admin(request.user)
        obj = self._get(pk)
        if obj is None:
            raise NotFound("No such item.")
        return obj

    def _save(self, request, obj, weight):
        raise NotImplementedError

    def get(self, request, pk: int):
        return Response(self.serializer_class(self._object(request, pk)).data)

    def patch(self, request, pk: int):
        obj = self._object(request, pk)
        weight = _weight_from(request)
        try:
            self._save(request, obj, weight)
        except ValidationError as exc:
            raise _as_weight_errors(exc) from None
        return Response(self.serializer_class(self._get(pk)).data)


class QuestionWeightApi(_WeightApi):
    serializer_class = QuestionWeightSerializer

    def _get(self, pk):
        return question_get(pk)

    def _save(self, request, obj, weight):
        weights_set(user=request.user, questionnaire_id=obj.area.questionnaire_id, question_weights={obj.pk: weight})

    @extend_schema(responses=QuestionWeightSerializer)
    def get(self, request, pk: int):
        return super().get(request, pk)

    @extend_schema(request=WeightInputSerializer, responses=QuestionWeightSerializer)
    def patch(self, request, pk: int):
        return super().patch(request, pk)


class AreaWeightApi(_WeightApi):
    serializer_class = AreaWeightSerializer

    def _get(self, pk):
        return area_get(pk)

    def _save(self, request, obj, weight):
        weights_set(user=request.user, questionnaire_id=obj.questionnaire_id, area_weights={obj.pk: weight})

    @extend_schema(responses=AreaWeightSerializer)
    def get(self, request, pk: int):
        return super().get(request, pk)

    @extend_schema(request=WeightInputSerializer, responses=AreaWeightSerializer)
    def patch(self, request, pk: int):
        return super().patch(request, pk)
