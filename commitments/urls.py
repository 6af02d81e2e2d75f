from django.urls import path

from commitments import views

urlpatterns = [
    path("", views.commitment_list, name="commitment_list"),
    path("new/", views.commitment_new, name="commitment_new"),
    path("<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("<int:pk>/review/", views.commitment_review, name="commitment_review"),
    path("<int:pk>/withdraw/", views.commitment_withdraw, name="commitment_withdraw"),
    path("<int:pk>/progress/", views.commitment_progress, name="commitment_progress"),
]
