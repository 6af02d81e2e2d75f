from django.urls import path

from compare.views import compare, realism

urlpatterns = [
    path("compare/", compare.compare, name="compare"),
    path("compare/export.csv", compare.compare_csv, name="compare_csv"),
    path("compare/weights/", compare.compare_weights, name="compare_weights"),
    path("realism/", realism.realism, name="realism"),
]
