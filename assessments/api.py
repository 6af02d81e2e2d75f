"""JSON API for questionnaires and scorecards: the same services, policies and errors as the pages."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments import selectors
from assessments.payloads import answer_payload, score_payload, scorecard_payload
from assessments.policies import access_scorecard, can_start_scorecard
from assessments.serializers import (
    AnswerInputSerializer,
    AnswerSerializer,
    QuestionnaireQuerySerializer,
    QuestionnaireSerializer,
    ScorecardDetailSerializer,
    ScorecardSerializer,
    ScorecardStartSerializer,
    ScoreSerializer,
    VersionSerializer,
)
from assessments.services import scorecards as scorecard_services
from assessments.standings import current_bands
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
        return Response([scorecard_payload(sc) for sc in selectors.scorecard_list_for_user(request.user)])

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
        return Response(scorecard_payload(scorecard), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ScorecardDetailApi(APIView):
    @extend_schema(responses=ScorecardDetailSerializer)
    def get(self, request, pk: int):
        scorecard = access_scorecard(request.user, pk, queryset=selectors.scorecard_queryset())
        answers = selectors.answers_of(scorecard)
        return Response(scorecard_payload(scorecard) | {"answers": [answer_payload(a) for a in answers]})


class AnswerApi(APIView):
    @extend_schema(request=AnswerInputSerializer, responses=AnswerSerializer)
    def put(self, request, pk: int, question_id: int):
        access_scorecard(request.user, pk, for_write=True)
        body = AnswerInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = scorecard_services.answer_save(
            user=request.user, scorecard_id=pk, question_id=question_id, **body.validated_data
        )
        return Response(answer_payload(answer))

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
        return Response(scorecard_payload(selectors.scorecard_get(pk)))


class ScorecardScoreApi(APIView):
    @extend_schema(responses=ScoreSerializer)
    def get(self, request, pk: int):
        scorecard = access_scorecard(request.user, pk, queryset=selectors.scorecard_queryset())
        return Response(score_payload(scorecard, selectors.area_scores_of(scorecard), current_bands()))
