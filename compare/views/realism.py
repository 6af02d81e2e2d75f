"""The realism calculator: margin and services in money, on the reseller's own figures."""

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from commitments.models import Commitment, CommitmentSide, CommitmentStatus, Kpi
from compare.realism import RealismInput, realism_value
from providers.models import Organisation, OrganisationKind
from providers.policies import user_context


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
