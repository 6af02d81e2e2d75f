"""The comparison page: 2 to 4 providers side by side, re-weighed with the reseller's own weights,
and the realism calculator: margin and services in money, on the reseller's own figures.

`compare` is a GET form (works without JavaScript; compare.js re-ranks as the sliders move),
`compare_csv` exports the same query, `compare_weights` saves the weights for the organisation.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from assessments.scoring import quantize
from commitments.models import Commitment, CommitmentSide, CommitmentStatus, Kpi
from compare.policies import can_save_weight_profile, compare_reseller, require_compare, require_save_weight_profile
from compare.realism import RealismInput, realism_value
from compare.selectors import ComparePage, Comparison, compare_page_for_user, current_scorecard_areas, plain
from compare.services import weight_profile_save
from compare.weights import ALL_WEIGHTS, WEIGHT_FIELD, weights_from
from cspeval.spreadsheets import spreadsheet_cell
from providers.models import Organisation, OrganisationKind
from providers.policies import user_context

# A cell a spreadsheet would read as a formula starts with one of these (OWASP: CSV injection).


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


def _score(value) -> str:
    return "" if value is None else f"{quantize(value, 2):f}"


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
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return response


def _money_field(label, **kwargs):
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        error_messages={"invalid": "Enter an amount, such as 40000.", "min_value": "Enter an amount of zero or more."},
        **kwargs,
    )


class RealismForm(forms.Form):
    providers = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.PROVIDER).order_by("name"),
        to_field_name="slug",
        required=False,
        label="Providers",
        widget=forms.CheckboxSelectMultiple,
    )
    monthly_spend = _money_field("Your monthly Microsoft spend through the provider (£)")
    seat_count = forms.IntegerField(
        label="Seats you manage",
        min_value=0,
        required=False,
        error_messages={"invalid": "Enter a whole number of seats."},
    )
    day_rate = _money_field("What a day of enablement would cost you to buy (£)", initial=Decimal("800"))
    support_per_seat_month = _money_field(
        "What equivalent support would cost per seat per month (£)", initial=Decimal("1.50")
    )
    switching_cost = _money_field("One-off cost of moving your customers to this provider (£)", initial=Decimal("0"))
    years = forms.DecimalField(
        label="Years to spread the switching cost over",
        min_value=Decimal("0.5"),
        max_value=10,
        initial=Decimal("3"),
        required=False,
        error_messages={"min_value": "Spread it over at least half a year."},
    )


def _offers(reseller_ids, provider_ids) -> dict[tuple[int, str], Decimal]:
    """Accepted provider offers to this reseller override the provider's typical figures."""
    rows = Commitment.objects.filter(
        reseller_id__in=reseller_ids,
        provider_id__in=provider_ids,
        side=CommitmentSide.PROVIDER,
        status=CommitmentStatus.ACCEPTED,
        kpi__in=[Kpi.MARGIN_POINTS, Kpi.ENABLEMENT_DAYS],
    ).values_list("provider_id", "kpi", "target")
    return {(pid, kpi): target for pid, kpi, target in rows}


@login_required
def realism(request):
    ctx = user_context(request.user)
    profile = getattr(ctx.reseller, "reseller_profile", None) if ctx.reseller else None
    data = request.GET.copy()
    if "providers" not in data and request.GET.get("provider"):
        data.setlist("providers", request.GET.getlist("provider"))
    defaults = {
        "monthly_spend": profile.monthly_spend if profile else Decimal("0"),
        "seat_count": profile.seat_count if profile else 0,
        "day_rate": Decimal("800"),
        "support_per_seat_month": Decimal("1.50"),
        "switching_cost": Decimal("0"),
        "years": Decimal("3"),
    }
    for key, value in defaults.items():
        if not data.get(key):
            data[key] = str(value)
    form = RealismForm(data)
    rows = []
    if form.is_valid():
        providers = list(form.cleaned_data["providers"].select_related("provider_profile"))
        offers = _offers(ctx.reseller_ids, [p.pk for p in providers])
        for provider in providers:
            p = getattr(provider, "provider_profile", None)
            points = offers.get((provider.pk, Kpi.MARGIN_POINTS), p.typical_margin_points if p else Decimal("0"))
            days = offers.get((provider.pk, Kpi.ENABLEMENT_DAYS), Decimal(p.enablement_days_per_year if p else 0))
            support = form.cleaned_data["support_per_seat_month"] if p and p.support_response_hours else Decimal("0")
            result = realism_value(
                RealismInput(
                    monthly_spend=form.cleaned_data["monthly_spend"],
                    seat_count=form.cleaned_data["seat_count"],
                    margin_points=points,
                    enablement_days=days,
                    day_rate=form.cleaned_data["day_rate"],
                    support_per_seat_month=support,
                    switching_cost=form.cleaned_data["switching_cost"],
                    years=form.cleaned_data["years"],
                )
            )
            rows.append(
                {"provider": provider, "points": points, "days": days, "has_support": bool(support), "result": result}
            )
        rows.sort(key=lambda r: r["result"].net_per_year, reverse=True)
    return render(request, "compare/realism.html", {"form": form, "rows": rows})
