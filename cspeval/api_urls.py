from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from assessments import api as assessments_api
from cspeval.api_auth import ObtainToken
from providers import api as providers_api

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api_token"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("questionnaires/current/", assessments_api.QuestionnaireCurrentApi.as_view(), name="api_questionnaire_current"),
    path("providers/", providers_api.ProviderListApi.as_view(), name="api_provider_list"),
    path("providers/<slug:slug>/", providers_api.ProviderDetailApi.as_view(), name="api_provider_detail"),
]

urlpatterns += [
    path("scorecards/", assessments_api.ScorecardListApi.as_view(), name="api_scorecard_list"),
    path("scorecards/<int:pk>/", assessments_api.ScorecardDetailApi.as_view(), name="api_scorecard_detail"),
    path(
        "scorecards/<int:pk>/answers/<int:question_id>/",
        assessments_api.AnswerApi.as_view(),
        name="api_scorecard_answer",
    ),
    path("scorecards/<int:pk>/submit/", assessments_api.ScorecardSubmitApi.as_view(), name="api_scorecard_submit"),
    path("scorecards/<int:pk>/score/", assessments_api.ScorecardScoreApi.as_view(), name="api_scorecard_score"),
]
