"""The admin weights page: every area and question weight of a questionnaire in one form.

"Preview the effect" shows each provider's score and rank now and after, saving nothing;
"Save weights" goes through `weights_set` and comes back to the page, whose progress partial
(htmx, every 2 s) counts the scores still being recalculated. Staff only: 404 for anyone else.
The standings page edits the whole band set at once, checked by `standings_set`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.policies import portal_admin_page
from assessments.selectors import (
    current_bands,
    stale_count,
    standings_rows,
    weights_default_questionnaire,
    weights_questionnaire_get,
    weights_questionnaires,
)
from assessments.services import questionnaires as services

EXTRA_BANDS = 2  # empty rows offered for new bands
MAX_BANDS = 20


def _plain(value) -> str:
    """25.000 as "25", 2.500 as "2.5"."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _form(questionnaire, posted=None, errors=None) -> list[dict]:
    """Areas with their questions, each with its field name, the value to show and its errors."""
    posted, errors = posted or {}, errors or {}

    def field(prefix, row):
        name = f"{prefix}-{row.pk}"
        value = posted[name] if name in posted else _plain(row.weight)
        return {"name": name, "value": value, "errors": errors.get(name, []), "row": row}

    return [
        field("area", area) | {"questions": [field("question", q) for q in area.questions.all()]}
        for area in questionnaire.areas.all()
    ]


def _posted_weights(request, questionnaire) -> tuple[dict, dict, dict]:
    posted, areas, questions = {}, {}, {}
    for area in questionnaire.areas.all():
        name = f"area-{area.pk}"
        if name in request.POST:
            posted[name] = areas[area.pk] = request.POST[name]
        for question in area.questions.all():
            name = f"question-{question.pk}"
            if name in request.POST:
                posted[name] = questions[question.pk] = request.POST[name]
    return posted, areas, questions


def _render(request, questionnaire, questionnaires, *, posted=None, errors=None, preview=None, status=200):
    errors = errors or {}
    context = {
        "questionnaire": questionnaire,
        "questionnaires": questionnaires,
        "areas": _form(questionnaire, posted, errors),
        "form_errors": errors.get(services.ALL_AREAS, []) + errors.get("questionnaire", []),
        "has_errors": bool(errors),
        "preview": preview,
        "stale": stale_count(questionnaire_id=questionnaire.pk),
        "subject_label": "Reseller" if questionnaire.kind == "reseller_readiness" else "Provider",
    }
    return render(request, "assessments/weights.html", context, status=status)


@portal_admin_page
@require_GET
def weights(request):
    questionnaires = weights_questionnaires()
    current = weights_default_questionnaire(questionnaires)
    if current is None:
        return render(request, "assessments/weights.html", {"questionnaires": [], "questionnaire": None})
    return _render(request, weights_questionnaire_get(current.pk), questionnaires)


@portal_admin_page
@require_http_methods(["GET", "POST"])
def weights_edit(request, questionnaire_id: int):
    questionnaire = weights_questionnaire_get(questionnaire_id)
    if questionnaire is None:
        raise Http404("No such questionnaire.")
    questionnaires = weights_questionnaires()
    if request.method == "GET":
        return _render(request, questionnaire, questionnaires)
    posted, area_weights, question_weights = _posted_weights(request, questionnaire)
    action = request.POST.get("action", "preview")
    try:
        if action == "save":
            marked = services.weights_set(
                user=request.user,
                questionnaire_id=questionnaire.pk,
                area_weights=area_weights,
                question_weights=question_weights,
            )
        else:
            rows = services.weights_preview(
                questionnaire_id=questionnaire.pk, area_weights=area_weights, question_weights=question_weights
            )
    except ValidationError as exc:
        return _render(request, questionnaire, questionnaires, posted=posted, errors=exc.message_dict, status=400)
    if action != "save":
        return _render(request, questionnaire, questionnaires, posted=posted, preview=rows)
    if marked:
        messages.success(request, f"Weights saved. {marked:,} score{'s' if marked != 1 else ''} will be recalculated.")
    else:
        messages.success(request, "Weights saved. No stored score needed recalculating.")
    return redirect("weights_edit", questionnaire_id=questionnaire.pk)


@portal_admin_page
@require_GET
def weights_progress(request, questionnaire_id: int):
    questionnaire = weights_questionnaire_get(questionnaire_id)
    if questionnaire is None:
        raise Http404("No such questionnaire.")
    return render(
        request,
        "assessments/_weights_progress.html",
        {"questionnaire": questionnaire, "stale": stale_count(questionnaire_id=questionnaire.pk)},
    )


# --- Standings ---------------------------------------------------------------------------------


def _band_rows(posted) -> tuple[list[dict], list[dict], list[int]]:
    """The table's rows as typed, the bands to save, and each band's row number (blank rows skipped)."""
    try:
        count = min(int(posted.get("rows", 0)), MAX_BANDS)
    except ValueError:
        count = 0
    rows, bands, positions = [], [], []
    for n in range(1, count + 1):
        row = {f: posted.get(f"band-{n}-{f}", "").strip() for f in ("name", "lower", "upper", "colour")}
        row["delete"] = posted.get(f"band-{n}-delete") == "on"
        rows.append(row)
        if row["delete"] or not (row["name"] or row["lower"] or row["upper"]):
            continue
        bands.append(row)
        positions.append(n)
    return rows, bands, positions


def _current_rows() -> list[dict]:
    saved = standings_rows()
    bands = saved or current_bands()
    rows = [
        {"name": b.name, "lower": _plain(b.lower), "upper": _plain(b.upper), "colour": b.colour, "delete": False}
        for b in bands
    ]
    blank = {"name": "", "lower": "", "upper": "", "colour": "#6c757d", "delete": False}
    return rows + [dict(blank) for _ in range(EXTRA_BANDS)]


@portal_admin_page
@require_http_methods(["GET", "POST"])
def standings_edit(request):
    if request.method == "POST":
        rows, bands, positions = _band_rows(request.POST)
        try:
            services.standings_set(user=request.user, bands=bands)
        except ValidationError as exc:
            errors = exc.message_dict
            for row in rows:
                row["errors"] = {}
            for key, messages_ in errors.items():
                if key.startswith("band-"):
                    _, position, field = key.split("-", 2)
                    rows[positions[int(position) - 1] - 1]["errors"][field] = messages_
            context = {"rows": rows, "band_errors": errors.get("bands", []), "has_errors": True}
            return render(request, "assessments/standings_edit.html", context, status=400)
        messages.success(request, "Standings saved.")
        return redirect("standings_edit")
    return render(request, "assessments/standings_edit.html", {"rows": _current_rows(), "band_errors": []})
