from django.urls import path

from assessments.views import compare, notifications, provider_home, realism, scorecards
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
    path("readiness/", scorecards.readiness, name="readiness"),
    path("readiness/share/", scorecards.readiness_share, name="readiness_share"),
    path("standings.css", standings_css, name="standings_css"),
    path("provider/", provider_home.provider_home, name="provider_home"),
    path("realism/", realism.realism, name="realism"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("scorecards/<int:pk>/reply/", provider_home.scorecard_reply, name="scorecard_reply"),
    path("compare/", compare.compare, name="compare"),
    path("compare/export.csv", compare.compare_csv, name="compare_csv"),
    path("compare/weights/", compare.compare_weights, name="compare_weights"),
]
