from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from accounts import api as accounts_api
from assessments import api as assessments_api
from commitments import api as commitments_api
from cspeval.api_auth import ObtainToken
from providers import api as providers_api

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api_token"),
    path("auth/tokens/", accounts_api.ApiTokenListApi.as_view(), name="api_token_list"),
    path("auth/tokens/<int:pk>/", accounts_api.ApiTokenDetailApi.as_view(), name="api_token_detail"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "questionnaires/current/", assessments_api.QuestionnaireCurrentApi.as_view(), name="api_questionnaire_current"
    ),
    path("providers/", providers_api.ProviderListApi.as_view(), name="api_provider_list"),
    path("providers/<slug:slug>/", providers_api.ProviderDetailApi.as_view(), name="api_provider_detail"),
    path("scorecards/", assessments_api.ScorecardListApi.as_view(), name="api_scorecard_list"),
    path("scorecards/<int:pk>/", assessments_api.ScorecardDetailApi.as_view(), name="api_scorecard_detail"),
    path(
        "scorecards/<int:pk>/answers/<int:question_id>/",
        assessments_api.AnswerApi.as_view(),
        name="api_scorecard_answer",
    ),
    path("scorecards/<int:pk>/submit/", assessments_api.ScorecardSubmitApi.as_view(), name="api_scorecard_submit"),
    path("scorecards/<int:pk>/score/", assessments_api.ScorecardScoreApi.as_view(), name="api_scorecard_score"),
    path("commitments/", commitments_api.CommitmentListApi.as_view(), name="api_commitment_list"),
    path("commitments/<int:pk>/", commitments_api.CommitmentDetailApi.as_view(), name="api_commitment_detail"),
    path(
        "commitments/<int:pk>/review/",
        commitments_api.CommitmentReviewApi.as_view(),
        name="api_commitment_review",
    ),
    path(
        "commitments/<int:pk>/withdraw/",
        commitments_api.CommitmentWithdrawApi.as_view(),
        name="api_commitment_withdraw",
    ),
    path(
        "commitments/<int:pk>/progress/",
        commitments_api.CommitmentProgressApi.as_view(),
        name="api_commitment_progress",
    ),
    path("questions/<int:pk>/", assessments_api.QuestionWeightApi.as_view(), name="api_question_detail"),
    path("areas/<int:pk>/", assessments_api.AreaWeightApi.as_view(), name="api_area_detail"),
]
