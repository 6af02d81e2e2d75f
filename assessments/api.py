"""JSON API for questionnaires and scorecards: the same services, policies and errors as the pages.

Weights, for portal admins: `GET, PATCH /api/questions/<id>/` and `/api/areas/<id>/`. Anyone else
gets 404 (the ids can't be probed); a PATCH reads only `weight` and goes through `weights_set`, like
the admin and the weights page; a bad value is 400 `{"weight": [...]}`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import selectors
from assessments.policies import access_scorecard, can_start_scorecard, require_portal_admin
from assessments.selectors import area_get, current_bands, question_get
from assessments.serializers import (
    AnswerInputSerializer,
    AnswerSerializer,
    AreaWeightSerializer,
    QuestionnaireQuerySerializer,
    QuestionnaireSerializer,
    QuestionWeightSerializer,
    ScorecardDetailSerializer,
    ScorecardSerializer,
    ScorecardStartSerializer,
    ScoreSerializer,
    VersionSerializer,
    WeightInputSerializer,
)
from assessments.services import scorecards as scorecard_services
from assessments.services.questionnaires import weights_set
from providers.policies import user_context


class QuestionnaireCurrentApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=["provider_scorecard", "reseller_readiness"], required=True)],
        responses=QuestionnaireSerializer,
    )
    def get(self, request):
        query = QuestionnaireQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        questionnaire = selectors.questionnaire_current(kind=query.validated_data["kind"])
        if questionnaire is None:
            raise NotFound("No questionnaire of this kind is published yet.")
        return Response(QuestionnaireSerializer(questionnaire).data)


class ScorecardListApi(APIView):
    @extend_schema(responses=ScorecardSerializer(many=True))
    def get(self, request):
        return Response(ScorecardSerializer(selectors.scorecard_list_for_user(request.user), many=True).data)

    @extend_schema(request=ScorecardStartSerializer, responses={200: ScorecardSerializer, 201: ScorecardSerializer})
    def post(self, request):
        body = ScorecardStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not can_start_scorecard(request.user):
            raise PermissionDenied("Only reseller members can start a scorecard.")
        provider = selectors.provider_by_slug(body.validated_data["provider"])
        if provider is None:
            return Response({"provider": ["No provider has this slug."]}, status=status.HTTP_400_BAD_REQUEST)
        reseller = user_context(request.user).member_reseller
        scorecard, created = scorecard_services.scorecard_start(user=request.user, reseller=reseller, provider=provider)
        scorecard = selectors.scorecard_get(scorecard.pk)
        return Response(
            ScorecardSerializer(scorecard).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class ScorecardDetailApi(APIView):
    @extend_schema(responses=ScorecardDetailSerializer)
    def get(self, request, pk: int):
        scorecard = access_scorecard(request.user, pk, queryset=selectors.scorecard_queryset())
        answers = selectors.answers_of(scorecard)
        return Response(ScorecardDetailSerializer(scorecard, context={"answers": answers}).data)


class AnswerApi(APIView):
    @extend_schema(request=AnswerInputSerializer, responses=AnswerSerializer)
    def put(self, request, pk: int, question_id: int):
        access_scorecard(request.user, pk, for_write=True)
        body = AnswerInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = scorecard_services.answer_save(
            user=request.user, scorecard_id=pk, question_id=question_id, **body.validated_data
        )
        return Response(AnswerSerializer(answer).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, question_id: int):
        access_scorecard(request.user, pk, for_write=True)
        scorecard_services.answer_clear(user=request.user, scorecard_id=pk, question_id=question_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScorecardSubmitApi(APIView):
    @extend_schema(request=VersionSerializer, responses=ScorecardSerializer)
    def post(self, request, pk: int):
        access_scorecard(request.user, pk, for_write=True)
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scorecard_services.scorecard_submit(user=request.user, scorecard_id=pk, version=body.validated_data["version"])
        return Response(ScorecardSerializer(selectors.scorecard_get(pk)).data)


class ScorecardScoreApi(APIView):
    @extend_schema(responses=ScoreSerializer)
    def get(self, request, pk: int):
        scorecard = access_scorecard(request.user, pk, queryset=selectors.scorecard_queryset())
        context = {"areas": selectors.area_scores_of(scorecard), "bands": current_bands()}
        return Response(ScoreSerializer(scorecard, context=context).data)


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
