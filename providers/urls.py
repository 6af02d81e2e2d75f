from django.urls import path

from providers import views

urlpatterns = [
    path("", views.provider_list, name="provider_list"),
    path("<slug:slug>/", views.provider_detail, name="provider_detail"),
]
