"""Forms of the commitment pages. They gather and label the input; the services judge it
(one set of rules and messages for pages and API), and `add_service_errors` puts each
message beside its field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from commitments.models import CommitmentSide, Kpi
from commitments.services import KPIS_BY_SIDE

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]


def _date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date, such as 31/03/2026.", "required": "Enter a date."},
        **kwargs,
    )


def _figure_field(label: str, help_text: str = "", *, required_message="Enter a positive number.", **kwargs):
    """A number typed by a person; the service parses it (commas allowed) and names what is wrong."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"required": required_message},
        **kwargs,
    )


class CommitmentProposeForm(forms.Form):
    counterpart = forms.ChoiceField(label="Provider", error_messages={"required": "Choose who this is for."})
    kpi = forms.ChoiceField(label="KPI")
    custom_kpi = forms.CharField(
        label="Custom KPI", required=False, max_length=120, help_text="Only when the KPI is “Something else”."
    )
    target = _figure_field("Target")
    unit = forms.CharField(
        label="Unit",
        max_length=30,
        help_text="Such as seats, GBP, days or hours.",
        error_messages={"required": "Give the unit of the target, such as seats, GBP or days."},
    )
    period_start = _date_field("Period starts")
    period_end = _date_field("Period ends")
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, side: str, counterparts, **kwargs):
        super().__init__(*args, **kwargs)
        self.side = side
        by_reseller = side == CommitmentSide.RESELLER
        self.fields["counterpart"].label = "Provider" if by_reseller else "Reseller"
        self.fields["counterpart"].choices = [("", "Choose…")] + [(org.slug, org.name) for org in counterparts]
        self.fields["kpi"].label = "What you commit to" if by_reseller else "What you offer"
        self.fields["kpi"].choices = [(k, Kpi(k).label) for k in KPIS_BY_SIDE[side]]
        self.fields["target"].help_text = (
            "For support response, the most hours you will take to respond." if not by_reseller else ""
        )
        self.counterparts = {org.slug: org for org in counterparts}

    def service_arguments(self) -> dict:
        """The cleaned input as `commitment_propose` takes it (the caller adds user and own organisation)."""
        data = self.cleaned_data
        counterpart = self.counterparts.get(data["counterpart"])
        by_reseller = self.side == CommitmentSide.RESELLER
        return {
            "side": self.side,
            "provider" if by_reseller else "reseller": counterpart,
            "kpi": data["kpi"],
            "custom_kpi": data.get("custom_kpi", ""),
            "target": data["target"],
            "unit": data["unit"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "note": data.get("note", ""),
        }


class CommitmentReviewForm(forms.Form):
    target = _figure_field("Counter-offer target", required=False, help_text="Only for a counter-offer.")
    note = forms.CharField(
        label="Note to the other side", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommitmentWithdrawForm(forms.Form):
    note = forms.CharField(
        label="Why you withdraw it (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProgressForm(forms.Form):
    date = _date_field("Date of the figure")
    actual = _figure_field("Actual", required_message="Enter a number of 0 or more.")
    note = forms.CharField(label="Note about this figure (optional)", required=False, max_length=300)


SERVICE_FIELD_ALIASES = {"provider": "counterpart", "reseller": "counterpart"}


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Each service message beside its field (or above the form when no field of it is shown)."""
    for name, messages in exc.message_dict.items():
        name = SERVICE_FIELD_ALIASES.get(name, name)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
