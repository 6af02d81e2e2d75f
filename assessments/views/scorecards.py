"""Scorecard and readiness pages: answer as you go (htmx), or post and redirect without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import selectors
from assessments.disclosure import minimum_resellers
from assessments.models import ScorecardStatus
from assessments.pipeline.specs import score_scorecard
from assessments.policies import (
    access_scorecard,
    can_answer_scorecard,
    can_edit_scorecard,
    can_start_scorecard,
)
from assessments.selectors import current_bands
from assessments.services import scorecards as services
from assessments.services.replies import reply_provider_for
from cspeval.errors import Conflict
from providers.models import Organisation, OrganisationKind
from providers.policies import user_context


def _scorecard(request, pk, *, for_write=False):
    return access_scorecard(request.user, pk, for_write=for_write, queryset=selectors.scorecard_queryset())


def _panel_context(scorecard, page=None):
    page = page or selectors.scorecard_page(scorecard)
    return {"scorecard": scorecard, "bands": current_bands(), "stale": scorecard.is_stale} | page


def _page_context(request, scorecard, *, errors=None, posted=None):
    context = _panel_context(scorecard)
    context |= {
        "can_answer": can_answer_scorecard(request.user, scorecard),
        "can_edit": can_edit_scorecard(request.user, scorecard),
        "errors": errors or {},
        "posted": posted or {},
        "evidence_levels": services.EvidenceLevel.choices,
        "is_readiness": scorecard.is_readiness,
        "min_resellers": minimum_resellers(),
    }

    context["replies"] = selectors.scorecard_replies_for(request.user, scorecard)
    context["reply_as"] = reply_provider_for(request.user, scorecard)
    context["own_reply"] = next(
        (r for r in context["replies"] if context["reply_as"] and r.provider_id == context["reply_as"].pk), None
    )
    if scorecard.is_readiness and context["can_edit"]:
        context["all_providers"] = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).order_by("name")
        context["shared_ids"] = set(scorecard.shared_with.values_list("id", flat=True))
    return context


@login_required
def scorecard_list(request):
    ctx = user_context(request.user)
    scorecards = list(selectors.scorecard_list_for_user(request.user))
    own = [sc for sc in scorecards if sc.reseller_id in ctx.reseller_ids and sc.provider_id]
    shared = [sc for sc in scorecards if sc.reseller_id not in ctx.reseller_ids]
    return render(
        request,
        "assessments/scorecard_list.html",
        {
            "drafts": [sc for sc in own if sc.status == ScorecardStatus.DRAFT],
            "submitted": [sc for sc in own if sc.status == ScorecardStatus.SUBMITTED],
            "shared": shared,
            "bands": current_bands(),
            "can_start": can_start_scorecard(request.user),
        },
    )


@login_required
@require_POST
def scorecard_start(request, slug):
    if not can_start_scorecard(request.user):
        raise PermissionDenied("Only reseller members can start a scorecard.")
    provider = selectors.provider_by_slug(slug)
    if provider is None:
        raise Http404("No such provider.")
    reseller = user_context(request.user).member_reseller
    try:
        scorecard, created = services.scorecard_start(user=request.user, reseller=reseller, provider=provider)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("scorecard_list")
    if created:
        note = " Your answers from the last review are filled in." if scorecard.based_on_id else ""
        messages.success(request, f"Your scorecard of {provider.name} is open.{note}")
    return redirect("scorecard_detail", pk=scorecard.pk)


@login_required
@require_POST
def scorecard_new_review(request, pk):
    scorecard = _scorecard(request, pk, for_write=True)
    if scorecard.is_readiness:
        new, _ = services.scorecard_start(user=request.user, reseller=scorecard.reseller, provider=None)
        messages.success(request, "A new self-assessment is open, filled in from your last one.")
        return redirect("readiness")
    new, _ = services.scorecard_start(user=request.user, reseller=scorecard.reseller, provider=scorecard.provider)
    messages.success(request, f"A new review of {scorecard.provider.name} is open, filled in from your last one.")
    return redirect("scorecard_detail", pk=new.pk)


@login_required
def scorecard_detail(request, pk):
    scorecard = _scorecard(request, pk)
    if scorecard.is_readiness and user_context(request.user).belongs_to(scorecard.reseller_id):
        return redirect("readiness")
    return render(request, "assessments/scorecard_detail.html", _page_context(request, scorecard))


def _answer_input(post) -> dict:
    not_applicable = post.get("not_applicable") in ("on", "true", "1")
    return {
        "value": None if not_applicable else (post.get("value") or None),
        "not_applicable": not_applicable,
        "comment": post.get("comment", ""),
        "evidence_url": post.get("evidence_url", ""),
        "evidence_level": post.get("evidence_level", ""),
    }


@login_required
@require_POST
def answer_save(request, pk, question_id):
    scorecard = _scorecard(request, pk, for_write=True)
    data = _answer_input(request.POST)
    errors = {}
    try:
        services.answer_save(user=request.user, scorecard_id=scorecard.pk, question_id=question_id, **data)
    except ValidationError as exc:
        errors = exc.message_dict
    except Conflict as exc:
        errors = {"general": [str(exc)]}
    if not request.htmx:
        if errors:
            context = _page_context(
                request, scorecard, errors={int(question_id): errors}, posted={int(question_id): data}
            )
            return render(request, "assessments/scorecard_detail.html", context, status=400)
        messages.success(request, "Answer saved.")
        target = "readiness" if scorecard.is_readiness else "scorecard_detail"
        url = reverse(target) if scorecard.is_readiness else reverse(target, args=[scorecard.pk])
        return redirect(f"{url}#q-{question_id}")
    scorecard = selectors.scorecard_get(scorecard.pk)
    context = _page_context(request, scorecard, errors={int(question_id): errors}, posted={int(question_id): data})
    question = next((q for a in context["areas"] for q in a.question_list if q.pk == int(question_id)), None)
    if question is None:
        raise Http404("No such question on this scorecard.")
    context |= {"question": question, "just_saved": not errors, "oob": True}
    return render(request, "assessments/_answer_response.html", context)


@login_required
def score_panel(request, pk):
    scorecard = _scorecard(request, pk)
    return render(request, "assessments/_score_panel.html", _panel_context(scorecard))


@login_required
def scorecard_explain(request, pk):
    """Where the score comes from: each question's and area's contribution, from the answers as they are."""
    scorecard = _scorecard(request, pk)
    result = score_scorecard(scorecard)
    page = selectors.scorecard_page(scorecard)
    questions = {q.pk: q for a in page["areas"] for q in a.question_list}
    titles = {a.key: a.title for a in page["areas"]}
    areas = [
        {
            "title": titles.get(area.key, area.key),
            "result": area,
            "rows": [(questions.get(q.question_id), q, page["answers"].get(q.question_id)) for q in area.questions],
        }
        for area in result.areas
    ]
    template = "assessments/_explain.html" if request.htmx else "assessments/scorecard_explain.html"
    return render(request, template, {"scorecard": scorecard, "result": result, "areas": areas})


@login_required
@require_http_methods(["GET", "POST"])
def scorecard_submit(request, pk):
    scorecard = _scorecard(request, pk, for_write=True)
    if request.method == "GET":
        return render(request, "assessments/scorecard_submit.html", _panel_context(scorecard))
    try:
        services.scorecard_submit(user=request.user, scorecard_id=scorecard.pk, version=request.POST.get("version"))
    except Conflict as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, "Submitted. Thank you: your review now counts towards the provider's scores.")
    return redirect(
        "readiness" if scorecard.is_readiness else "scorecard_detail",
        **({} if scorecard.is_readiness else {"pk": scorecard.pk}),
    )


@login_required
@require_POST
def scorecard_share(request, pk):
    scorecard = _scorecard(request, pk, for_write=True)
    shared = request.POST.get("shared") in ("on", "true", "1")
    try:
        services.scorecard_share(
            user=request.user, scorecard_id=scorecard.pk, shared=shared, version=request.POST.get("version")
        )
    except (Conflict, ValidationError) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
    else:
        name = scorecard.provider.name
        messages.success(request, f"Shared with {name}." if shared else f"No longer shared with {name}.")
    return redirect("scorecard_detail", pk=scorecard.pk)


@login_required
@require_http_methods(["GET", "POST"])
def readiness(request):
    ctx = user_context(request.user)
    if not ctx.reseller_ids:
        raise PermissionDenied("The readiness self-assessment is for resellers.")
    if request.method == "POST":
        reseller = ctx.member_reseller
        if reseller is None:
            raise PermissionDenied("Your role lets you read the self-assessment, not start one.")
        try:
            services.scorecard_start(user=request.user, reseller=reseller, provider=None)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("readiness")
    scorecard = selectors.readiness_for_reseller(ctx.reseller_ids)
    if scorecard is None:
        return render(request, "assessments/readiness_start.html", {"can_start": ctx.member_reseller is not None})
    return render(request, "assessments/scorecard_detail.html", _page_context(request, scorecard))


@login_required
@require_POST
def readiness_share(request):
    ctx = user_context(request.user)
    if ctx.reseller_ids and ctx.member_reseller is None:
        raise PermissionDenied("Your role lets you read the self-assessment, not share it.")
    scorecard = selectors.readiness_for_reseller(ctx.reseller_ids)
    if scorecard is None or not can_edit_scorecard(request.user, scorecard):
        raise Http404("No self-assessment yet.")
    try:
        names = services.readiness_share(
            user=request.user, scorecard_id=scorecard.pk, provider_ids=request.POST.getlist("providers")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Shared with {', '.join(names)}." if names else "Not shared with any provider.")
    return redirect("readiness")
