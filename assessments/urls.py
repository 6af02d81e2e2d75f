from django.urls import path

from assessments.views import provider_home, scorecards, weights
from assessments.views.standings_css import standings_css

urlpatterns = [
    path("scorecards/", scorecards.scorecard_list, name="scorecard_list"),
    path("scorecards/start/<slug:slug>/", scorecards.scorecard_start, name="scorecard_start"),
    path("scorecards/<int:pk>/", scorecards.scorecard_detail, name="scorecard_detail"),
    path("scorecards/<int:pk>/answers/<int:question_id>/", scorecards.answer_save, name="scorecard_answer"),
    path("scorecards/<int:pk>/score/", scorecards.score_panel, name="scorecard_score_panel"),
    path("scorecards/<int:pk>/explain/", scorecards.scorecard_explain, name="scorecard_explain"),
    path("scorecards/<int:pk>/submit/", scorecards.scorecard_submit, name="scorecard_submit"),
    path("scorecards/<int:pk>/share/", scorecards.scorecard_share, name="scorecard_share"),
    path("scorecards/<int:pk>/new-review/", scorecards.scorecard_new_review, name="scorecard_new_review"),
    path("scorecards/<int:pk>/reply/", provider_home.scorecard_reply, name="scorecard_reply"),
    path("readiness/", scorecards.readiness, name="readiness"),
    path("readiness/share/", scorecards.readiness_share, name="readiness_share"),
    path("standings.css", standings_css, name="standings_css"),
    path("provider/", provider_home.provider_home, name="provider_home"),
    path("weights/", weights.weights, name="weights"),
    path("weights/standings/", weights.standings_edit, name="standings_edit"),
    path("weights/<int:questionnaire_id>/", weights.weights_edit, name="weights_edit"),
    path("weights/<int:questionnaire_id>/progress/", weights.weights_progress, name="weights_progress"),
]
