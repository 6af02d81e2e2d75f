"""The comparison page: 2 to 4 providers side by side, re-weighed with the reseller's own weights.

`compare` is a GET form (works without JavaScript; compare.js re-ranks as the sliders move),
`compare_csv` exports the same query, `compare_weights` saves the weights for the organisation.
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from compare.policies import can_save_weight_profile, compare_reseller, require_compare, require_save_weight_profile
from compare.selectors import ComparePage, Comparison, compare_page_for_user, plain
from compare.services import ALL_WEIGHTS, WEIGHT_FIELD, current_scorecard_areas, weight_profile_save, weights_from

# A cell a spreadsheet would read as a formula starts with one of these (OWASP: CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _query(page: ComparePage, weights=None) -> str:
    """The page's query string: its providers, and `weights` ({area key: Decimal}) when given."""
    params = {"providers": ",".join(page.chosen)}
    params |= {WEIGHT_FIELD.format(key): plain(w) for key, w in (weights or {}).items()}
    return urlencode(params)


def _table(comparison: Comparison | None) -> list[dict]:
    """Rows of the table: per area, each provider's score used and (beside everyone's) your review's."""
    if comparison is None:
        return []
    return [
        {
            "area": area,
            "cells": [
                {
                    "column": c,
                    "score": c.scores[area.key],
                    "review": c.review.area_scores.get(area.key) if c.review and c.basis == "all" else None,
                }
                for c in comparison.columns
            ],
        }
        for area in comparison.areas
    ]


def _slider_step(page: ComparePage) -> str:
    return "1" if all(w == int(w) for w in page.weights.values()) else "any"


def _context(request, page: ComparePage, *, extra_errors=None) -> dict:
    reseller = compare_reseller(request.user)
    errors = dict(page.weight_errors) | (extra_errors or {})
    comparison = page.comparison
    return {
        "page": page,
        "comparison": comparison,
        "chart_data": comparison.chart_data() if comparison else None,
        "rows": _table(comparison),
        "min_reviews": settings.AGGREGATE_MIN_SCORECARDS,
        "slider_step": _slider_step(page),
        "weight_errors": errors,
        "weight_messages": [m for messages_ in errors.values() for m in messages_],
        "all_weights_error": errors.get(ALL_WEIGHTS, []),
        "can_save_weights": can_save_weight_profile(request.user, reseller),
        "reseller": reseller,
        "chosen": set(page.chosen),
        "providers_value": ",".join(page.chosen),
        "csv_query": _query(page, page.weights),
        "saved_query": _query(page),
        "portal_query": _query(page, page.default_weights),
    }


@login_required
@require_GET
def compare(request):
    require_compare(request.user)
    page = compare_page_for_user(request.user, request.GET)
    status = 400 if page.weight_errors else 200
    return render(request, "compare/compare.html", _context(request, page), status=status)


@login_required
@require_POST
def compare_weights(request):
    """Save the weights for the organisation, then back to the comparison (PRG); 400 with the page on bad input."""
    reseller = compare_reseller(request.user)
    require_save_weight_profile(request.user, reseller)
    raw = weights_from(request.POST, current_scorecard_areas()) or {}
    try:
        weight_profile_save(user=request.user, reseller=reseller, weights=raw)
    except ValidationError as exc:
        page = compare_page_for_user(request.user, request.POST)
        errors = exc.message_dict if hasattr(exc, "error_dict") else {ALL_WEIGHTS: exc.messages}
        messages.error(request, "Your weights were not saved: see the messages beside them.")
        return render(request, "compare/compare.html", _context(request, page, extra_errors=errors), status=400)
    messages.success(request, f"These are now {reseller.name}’s weights: the comparison uses them by default.")
    providers = request.POST.get("providers", "").strip()
    url = reverse("compare")
    return redirect(f"{url}?{urlencode({'providers': providers})}" if providers else url)


def _safe(cell) -> str:
    text = "" if cell is None else str(cell)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _score(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _basis(column) -> str:
    if column.basis == "all":
        return f"Everyone's reviews ({column.aggregate.submitted_count})"
    if column.basis == "yours":
        return "Your review only"
    needed = column.aggregate.needed
    return f"No scores yet ({needed} more review{'' if needed == 1 else 's'} needed)"


def _csv_rows(comparison: Comparison):
    columns = comparison.columns
    yield ["Area", "Weight", "Share of the weight", *(c.provider.name for c in columns)]
    for area in comparison.areas:
        yield [area.title, plain(area.weight), area.share_text, *(_score(c.scores[area.key]) for c in columns)]
    yield ["Overall with these weights", "", "100%", *(_score(c.overall) for c in columns)]
    yield ["Rank", "", "", *(c.rank_label for c in columns)]
    yield ["Based on", "", "", *(_basis(c) for c in columns)]


@login_required
@require_GET
def compare_csv(request):
    """The comparison as CSV (one row per area plus overall, a column per provider, the weights used)."""
    require_compare(request.user)
    page = compare_page_for_user(request.user, request.GET)
    if page.comparison is None:  # the page explains what is wrong with the query
        return redirect(f"{reverse('compare')}?{request.GET.urlencode()}")
    filename = f"cspeval-comparison-{timezone.localdate().isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in _csv_rows(page.comparison):
        writer.writerow([_safe(cell) for cell in row])
    return response
