"""The commitment ledger's pages: ordinary forms that post and redirect, so no JavaScript is needed.

Every write goes through commitments.services, the same code as the API: the
view only gathers the input, shows the service's messages beside their fields, and keeps
what was typed when something is refused.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import PortalSettings
from commitments import selectors, services
from commitments.forms import (
    CommitmentProposeForm,
    CommitmentReviewForm,
    CommitmentWithdrawForm,
    ProgressForm,
    add_service_errors,
)
from commitments.models import LOWER_IS_BETTER, CommitmentSide, CommitmentStatus
from commitments.policies import (
    access_commitment,
    can_propose_commitment,
    can_record_progress,
    can_review_commitment,
    can_withdraw_commitment,
    commitment_decider_id,
)
from cspeval.errors import Conflict
from cspeval.quarters import quarter_bounds
from providers.policies import user_context


@login_required
@require_GET
def commitment_list(request):
    context = selectors.commitment_list_page(request.user)
    ctx = user_context(request.user)
    context |= {
        "can_propose": can_propose_commitment(request.user),
        "read_only": not can_propose_commitment(request.user),
    }
    context["own_ids"] = ctx.organisation_ids
    context |= partnerships_context(request.user)
    return render(request, "commitments/commitment_list.html", context)


def partnerships_context(user) -> dict:

    share = PortalSettings.current().partnership_provider_share
    return {
        "partnerships": selectors.partnership_views_for_user(user),
        "partnership_share": share,
        "partnership_reseller_share": 1 - share,
    }


def _proposing_side(request) -> tuple[str, object]:
    """The side the user proposes for, and their own organisation on it (a member, not a viewer)."""
    ctx = user_context(request.user)
    wanted = request.POST.get("side") or request.GET.get("side")
    for side in (wanted, CommitmentSide.RESELLER, CommitmentSide.PROVIDER):
        if side not in CommitmentSide.values:
            continue
        own = next((o for o in ctx.organisations if o.kind == side and ctx.is_member_of(o.pk)), None)
        if own is not None:
            return side, own
    raise PermissionDenied("Only members of a reseller or a provider can propose a commitment.")


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request):
    side, own = _proposing_side(request)
    other_kind = "provider" if side == CommitmentSide.RESELLER else "reseller"
    counterparts = selectors.organisations_of_kind(other_kind)
    if request.method == "GET":
        start, end = quarter_bounds(timezone.localdate())
        initial = {"period_start": start, "period_end": end, "counterpart": request.GET.get("to", "")}
        form = CommitmentProposeForm(initial=initial, side=side, counterparts=counterparts)
        return render(request, "commitments/commitment_form.html", {"form": form, "side": side, "own": own})
    form = CommitmentProposeForm(request.POST, side=side, counterparts=counterparts)
    if form.is_valid():
        arguments = form.service_arguments()
        arguments.setdefault("reseller" if side == CommitmentSide.RESELLER else "provider", own)
        try:
            commitment = services.commitment_propose(user=request.user, **arguments)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            who = commitment.provider if side == CommitmentSide.RESELLER else commitment.reseller
            messages.success(request, f"Proposed to {who.name}. It is now theirs to accept, decline or counter.")
            return redirect("commitment_detail", pk=commitment.pk)
    context = {"form": form, "side": side, "own": own}
    return render(request, "commitments/commitment_form.html", context, status=400)


def _detail(request, pk, *, status=200, **forms):
    commitment = selectors.commitment_with_history(request.user, pk)
    rows = selectors.progress_rows(commitment)
    user = request.user
    decider = commitment_decider_id(commitment)
    context = {
        "commitment": commitment,
        "events": selectors.event_rows(commitment),
        "progress": rows,
        "chart": selectors.chart_data(commitment, rows),
        "lower_better": commitment.kpi in LOWER_IS_BETTER,
        "can_review": can_review_commitment(user, commitment),
        "can_withdraw": can_withdraw_commitment(user, commitment),
        "can_progress": can_record_progress(user, commitment),
        "countered": commitment.status == CommitmentStatus.COUNTERED,
        "decider": None if decider is None else selectors.org_name(commitment, decider),
        "review_form": forms.get("review_form") or CommitmentReviewForm(prefix="review"),
        "withdraw_form": forms.get("withdraw_form") or CommitmentWithdrawForm(prefix="withdraw"),
        "progress_form": forms.get("progress_form")
        or ProgressForm(prefix="progress", initial={"date": timezone.localdate()}),
    }
    return render(request, "commitments/commitment_detail.html", context, status=status)


@login_required
@require_GET
def commitment_detail(request, pk):
    return _detail(request, pk)


def _figure(commitment) -> str:
    return f"{floatformat(commitment.target, '-2g')} {commitment.unit}".strip()


@login_required
@require_POST
def commitment_review(request, pk):
    access_commitment(request.user, pk, for_write=True)
    form = CommitmentReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        return _detail(request, pk, status=400, review_form=form)
    decision = request.POST.get("decision", "")
    try:
        commitment = services.commitment_review(
            user=request.user,
            commitment_id=pk,
            decision=decision,
            target=form.cleaned_data["target"] or None,
            note=form.cleaned_data["note"],
            version=request.POST.get("version"),
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, pk, status=400, review_form=form)
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("commitment_detail", pk=pk)
    if commitment.status == CommitmentStatus.COUNTERED:
        text = f"Countered with {floatformat(commitment.counter_target, '-2g')} {commitment.unit}."
    else:
        text = f"{commitment.get_status_display()}: {_figure(commitment)}."
    messages.success(request, text)
    return redirect("commitment_detail", pk=pk)


@login_required
@require_POST
def commitment_withdraw(request, pk):
    access_commitment(request.user, pk, for_write=True)
    form = CommitmentWithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        return _detail(request, pk, status=400, withdraw_form=form)
    try:
        services.commitment_withdraw(
            user=request.user, commitment_id=pk, note=form.cleaned_data["note"], version=request.POST.get("version")
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, pk, status=400, withdraw_form=form)
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("commitment_detail", pk=pk)
    messages.success(request, "Withdrawn. The history keeps what was proposed.")
    return redirect("commitment_detail", pk=pk)


@login_required
@require_POST
def commitment_progress(request, pk):
    access_commitment(request.user, pk, for_write=True)
    form = ProgressForm(request.POST, prefix="progress")
    if not form.is_valid():
        return _detail(request, pk, status=400, progress_form=form)
    try:
        entry = services.progress_record(
            user=request.user,
            commitment_id=pk,
            date=form.cleaned_data["date"],
            actual=form.cleaned_data["actual"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, pk, status=400, progress_form=form)
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("commitment_detail", pk=pk)
    messages.success(request, f"Recorded {floatformat(entry.actual, '-2g')} for {entry.date:%d/%m/%Y}.")
    return redirect("commitment_detail", pk=pk)
