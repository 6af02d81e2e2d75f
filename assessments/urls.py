from django.urls import path

from assessments.views import commitments, compare, notifications, provider_home, realism, scorecards
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

urlpatterns += [
    path("commitments/", commitments.commitment_list, name="commitment_list"),
    path("commitments/new/", commitments.commitment_new, name="commitment_new"),
    path("commitments/<int:pk>/", commitments.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/review/", commitments.commitment_review, name="commitment_review"),
    path("commitments/<int:pk>/withdraw/", commitments.commitment_withdraw, name="commitment_withdraw"),
    path("commitments/<int:pk>/progress/", commitments.commitment_progress, name="commitment_progress"),
]

from assessments.views import weights as weights_views  # noqa: E402

urlpatterns += [
    path("weights/", weights_views.weights, name="weights"),
    path("weights/standings/", weights_views.standings_edit, name="standings_edit"),
    path("weights/<int:questionnaire_id>/", weights_views.weights_edit, name="weights_edit"),
    path("weights/<int:questionnaire_id>/progress/", weights_views.weights_progress, name="weights_progress"),
]
