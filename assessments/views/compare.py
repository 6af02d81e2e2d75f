"""The comparison page (being built)."""

from django.http import Http404


def compare(request):
    raise Http404


def compare_csv(request):
    raise Http404


def compare_weights(request):
    raise Http404
