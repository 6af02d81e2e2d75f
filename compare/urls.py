from django.urls import path

from compare import views

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path("compare/export.csv", views.compare_csv, name="compare_csv"),
    path("compare/weights/", views.compare_weights, name="compare_weights"),
    path("realism/", views.realism, name="realism"),
]
