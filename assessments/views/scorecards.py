"""Scorecard pages (being built)."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404


scorecard_list = scorecard_start = scorecard_detail = answer_save = score_panel = _todo
scorecard_explain = scorecard_submit = scorecard_share = readiness = _todo
