"""A scorecard's questions rendered in Python: a 40-question page stays cheap to render.

Template includes cost a variable lookup, an escape and a localisation per `{{ }}`; a question has
about forty of them, so a page of forty questions spent most of its time there. These helpers build
the same markup with f-strings, escaping every value that is not already safe HTML.

A review the user cannot answer is read instead: `answer_summaries` gives each question's answer as a
person reads it, and `assessments/_answer_summary.html` lays it out (a handful of `{{ }}` a question).
"""

import html
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.safestring import SafeData, mark_safe

from assessments.models import EvidenceLevel, QuestionKind

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


def _current(question, answer, posted) -> str:
    """The value to show: what was just posted (after an error), else what is saved."""
    if posted:
        value = posted.get("value")
        return "" if value is None else str(value)
    if answer is None or answer.not_applicable:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return {True: "yes", False: "no"}.get(answer.value_bool, "")
    if question.kind == QuestionKind.CHOICE:
        return answer.value_choice
    if answer.value_number is None:
        return ""
    if question.kind == QuestionKind.SCALE:
        return str(int(answer.value_number))
    return _plain(answer.value_number)


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def _e(value) -> str:
    """HTML-escaped text of `value`, unless it is already safe HTML (as Django's escape does)."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


def _radio_parts(pk, choices, *, inline: bool) -> list[tuple[str, str, str]]:
    """Each radio as (escaped value, markup before " checked", markup after it)."""
    css = "form-check form-check-inline" if inline else "form-check"
    parts = []
    for key, label in choices:
        key = _e(key)
        parts.append(
            (
                key,
                f'<div class="{css}"><input class="form-check-input" type="radio" name="value" id="q{pk}-{key}"'
                f' value="{key}"',
                f'><label class="form-check-label" for="q{pk}-{key}">{_e(label)}</label></div>',
            )
        )
    return parts


def _static_parts(question) -> dict:
    """What a question's markup holds whatever the answer, built once per question object.

    Published questionnaires' question objects are kept between requests (see
    `selectors.questionnaire_structure`), so most pages only fill in the answer."""
    parts = question.__dict__.get("_html_parts")
    if parts is not None:
        return parts
    pk = question.pk
    described = f' aria-describedby="help-{pk}"' if question.help_text else ""
    parts = {"described": described}
    if question.kind == QuestionKind.SCALE:
        labels = {o.key: o.label for o in question.options.all()}
        choices = [(str(v), f"{v}: {labels[str(v)]}" if str(v) in labels else str(v)) for v in range(1, 6)]
        parts |= {"open": f'<div class="scale-options"{described}>', "radios": _radio_parts(pk, choices, inline=False)}
    elif question.kind == QuestionKind.YES_NO:
        radios = _radio_parts(pk, [("yes", "Yes"), ("no", "No")], inline=True)
        parts |= {"open": f'<div class="yes-no"{described}>', "radios": radios}
    elif question.kind == QuestionKind.CHOICE:
        choices = [(o.key, o.label) for o in question.options.all()]
        parts |= {"open": f'<div class="choice-options"{described}>', "radios": _radio_parts(pk, choices, inline=False)}
    else:
        low, high = _plain(question.low), _plain(question.high)
        best, worst = (high, low) if question.direction == "higher_better" else (low, high)
        unit = _e(question.unit)
        unit_label = f" in {unit}" if unit else ""
        unit_addon = f'<span class="input-group-text">{unit}</span>' if unit else ""
        parts["number"] = (
            f'<label class="form-label small" for="value-{pk}">Your figure{unit_label}</label>'
            '<div class="input-group input-group-sm number-answer">'
            f'<input class="form-control" type="number" step="any" inputmode="decimal" name="value" id="value-{pk}"'
            ' value="',
            f'"{described}>{unit_addon}</div>'
            f'<div class="form-text">Scored from {worst} (worst) to {best} (best); beyond either end counts as'
            " that end.</div>",
        )
    badge = ' <span class="badge text-bg-light border">evidence expected</span>' if question.evidence_expected else ""
    parts["legend"] = f'<legend class="fs-6 fw-semibold mb-1">{_e(question.text)}{badge}</legend>'
    parts["help"] = (
        f'<p class="small text-muted mb-2" id="help-{pk}">{_e(question.help_text)}</p>' if question.help_text else ""
    )
    question.__dict__["_html_parts"] = parts
    return parts


def _widget(question, answer, posted) -> str:
    parts = _static_parts(question)
    current = _e(_current(question, answer, posted))
    if "number" in parts:
        before, after = parts["number"]
        return f"{before}{current}{after}"
    radios = "".join(f"{before}{' checked' if key == current else ''}{after}" for key, before, after in parts["radios"])
    return f"{parts['open']}{radios}</div>"


# --- A whole question, one call per question ------------------------------------------------------


def _messages(errors, key) -> str:
    return _e(" ".join(str(m) for m in errors.get(key, [])))


def _field(value) -> str:
    return "" if value is None else str(value)


def _shown(answer, posted) -> dict:
    """The inputs to show: what was just posted (after an error), else what is saved."""
    if posted:
        return {
            "not_applicable": bool(posted.get("not_applicable")),
            "comment": _field(posted.get("comment")),
            "evidence_url": _field(posted.get("evidence_url")),
            "evidence_level": _field(posted.get("evidence_level")),
        }
    return {
        "not_applicable": bool(answer and answer.not_applicable),
        "comment": answer.comment if answer else "",
        "evidence_url": answer.evidence_url if answer else "",
        "evidence_level": answer.evidence_level if answer else "",
    }


def _comment_and_evidence(pk, errors, answer, shown, levels) -> str:
    err_comment, err_url, err_level = (_messages(errors, k) for k in ("comment", "evidence_url", "evidence_level"))
    is_open = err_comment or err_url or err_level or (answer and (answer.comment or answer.evidence_url))
    options = "".join(
        f'<option value="{_e(key)}"{" selected" if shown["evidence_level"] == key else ""}>{_e(label)}</option>'
        for key, label in levels
    )
    url_invalid = f'aria-invalid="true" aria-describedby="err-evidence-{pk}"' if err_url else ""
    comment_error = f'<div class="invalid-feedback">{err_comment}</div>' if err_comment else ""
    url_error = f'<div class="invalid-feedback" id="err-evidence-{pk}">{err_url}</div>' if err_url else ""
    level_error = f'<div class="invalid-feedback">{err_level}</div>' if err_level else ""
    return (
        f'<details class="mt-2"{" open" if is_open else ""}>\n'
        '      <summary class="small">Comment and evidence</summary>\n'
        '      <div class="row g-2 mt-1">\n'
        '        <div class="col-12">\n'
        f'          <label class="form-label small" for="comment-{pk}">Comment</label>\n'
        f'          <textarea class="form-control form-control-sm{" is-invalid" if err_comment else ""}"'
        f' name="comment" id="comment-{pk}" rows="2" maxlength="2000">{_e(shown["comment"])}</textarea>\n'
        f"          {comment_error}\n"
        "        </div>\n"
        '        <div class="col-md-7">\n'
        f'          <label class="form-label small" for="evidence-url-{pk}">Evidence link</label>\n'
        f'          <input class="form-control form-control-sm{" is-invalid" if err_url else ""}" type="url"'
        f' name="evidence_url" id="evidence-url-{pk}" value="{_e(shown["evidence_url"])}" placeholder="https://"'
        f" {url_invalid}>\n"
        f"          {url_error}\n"
        "        </div>\n"
        '        <div class="col-md-5">\n'
        f'          <label class="form-label small" for="evidence-level-{pk}">Evidence level</label>\n'
        f'          <select class="form-select form-select-sm{" is-invalid" if err_level else ""}"'
        f' name="evidence_level" id="evidence-level-{pk}">\n'
        f'            <option value="">None</option>\n            {options}\n'
        "          </select>\n"
        f"          {level_error}\n"
        "        </div>\n"
        "      </div>\n"
        "    </details>"
    )


def _save_state(just_saved, errors, answer) -> str:
    if just_saved:
        return '<span class="text-success">Saved</span>'
    if errors:
        return '<span class="text-danger">Not saved: see the message above</span>'
    if answer:
        return '<span class="text-muted">Answered</span>'
    return ""


def _error_lines(pk, errors) -> str:
    lines = []
    if errors.get("value"):
        lines.append(f'<div class="invalid-feedback d-block" id="err-value-{pk}">{_messages(errors, "value")}</div>')
    for key in ("not_applicable", "question"):
        if errors.get(key):
            lines.append(f'<div class="invalid-feedback d-block">{_messages(errors, key)}</div>')
    if errors.get("general"):
        lines.append(f'<div class="alert alert-danger py-1 my-2" role="alert">{_messages(errors, "general")}</div>')
    return "".join(lines)


@register.simple_tag(takes_context=True)
def question_item(context, question):
    """One question of a scorecard page: its legend, help, answer inputs, not applicable, comment and
    evidence, errors beside the fields, and (when the user may answer) its own htmx form."""
    pk = question.pk
    answer = get_item(context.get("answers"), pk)
    errors = get_item(context.get("errors"), pk) or {}
    posted = get_item(context.get("posted"), pk)
    can_answer = context.get("can_answer")
    shown = _shown(answer, posted)
    parts = _static_parts(question)
    save_row = ""
    if can_answer:
        save_row = (
            '<div class="d-flex align-items-center gap-2 mt-2">\n'
            '      <button type="submit" class="btn btn-sm btn-outline-primary save-button">Save answer</button>\n'
            f'      <span class="small" role="status" aria-live="polite" data-testid="save-state-{pk}">'
            f"{_save_state(context.get('just_saved'), errors, answer)}</span>\n"
            "    </div>"
        )
    body = (
        f"  <fieldset{'' if can_answer else ' disabled'}>\n"
        f"    {parts['legend']}\n"
        f"    {parts['help']}\n"
        f"    {_widget(question, answer, posted)}\n"
        f"    {_error_lines(pk, errors)}\n"
        '    <div class="form-check mt-2">\n'
        f'      <input class="form-check-input" type="checkbox" name="not_applicable" id="na-{pk}"'
        f"{' checked' if shown['not_applicable'] else ''}>\n"
        f'      <label class="form-check-label" for="na-{pk}">Not applicable to us</label>\n'
        "    </div>\n"
        f"    {_comment_and_evidence(pk, errors, answer, shown, context.get('evidence_levels') or ())}\n"
        f"    {save_row}\n"
        "  </fieldset>"
    )
    if can_answer:
        url = reverse("scorecard_answer", args=[context["scorecard"].pk, pk])
        body = (
            f'<form method="post" action="{url}" hx-post="{url}" hx-trigger="change, submit" hx-target="#q-{pk}"'
            f' hx-swap="outerHTML" novalidate><input type="hidden" name="csrfmiddlewaretoken"'
            f' value="{_e(context.get("csrf_token", ""))}">\n{body}\n</form>'
        )
    html_ = f'<div class="list-group-item question py-3" id="q-{pk}">\n{body}\n</div>\n'
    return mark_safe(html_)  # noqa: S308 (every value escaped by _e)


# --- A review read, not answered ------------------------------------------------------------------

ANSWERED, NOT_APPLICABLE, UNANSWERED = "answered", "not_applicable", "unanswered"
_LEVEL_LABELS = dict(EvidenceLevel.choices)


@dataclass(frozen=True)
class AnswerSummary:
    """One question of a read-only review: what was answered, in words, with its comment and evidence."""

    question: object
    state: str  # ANSWERED, NOT_APPLICABLE or UNANSWERED
    text: str  # "4 of 5: A yearly plan ...", "Yes", "6.5 points", the option's label, "Not applicable", ...
    comment: str = ""
    evidence_url: str = ""  # an http(s) link, safe to put in href
    evidence_text: str = ""  # a stored link that is not http(s), shown as text, never as a link
    evidence_level: str = ""  # the level's label


def _labels(question) -> dict[str, str]:
    """Option key -> label (scale points and choices), from the prefetched options, kept on the question."""
    labels = question.__dict__.get("_option_labels")
    if labels is None:
        labels = {o.key: o.label for o in question.options.all()}
        question.__dict__["_option_labels"] = labels
    return labels


def _grouped(number: Decimal) -> str:
    """A decimal for en-GB readers: 1200.5000 -> '1,200.5'."""
    return format(number.normalize(), ",f")


def answer_text(question, answer) -> tuple[str, str]:
    """(state, words) of a stored answer to this question."""
    if answer is None:
        return UNANSWERED, "Not answered"
    if answer.not_applicable:
        return NOT_APPLICABLE, "Not applicable"
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        if answer.value_bool is None:
            return UNANSWERED, "Not answered"
        return ANSWERED, "Yes" if answer.value_bool else "No"
    if kind == QuestionKind.CHOICE:
        if not answer.value_choice:
            return UNANSWERED, "Not answered"
        return ANSWERED, _labels(question).get(answer.value_choice, answer.value_choice)
    if answer.value_number is None:
        return UNANSWERED, "Not answered"
    if kind == QuestionKind.SCALE:
        point = int(answer.value_number)
        label = _labels(question).get(str(point))
        return ANSWERED, f"{point} of 5: {label}" if label else f"{point} of 5"
    unit = question.unit or ""
    return ANSWERED, f"{_grouped(answer.value_number)} {unit}".strip()


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def answer_summary(question, answer) -> AnswerSummary:
    state, text = answer_text(question, answer)
    if answer is None:
        return AnswerSummary(question, state, text)
    url = answer.evidence_url or ""
    return AnswerSummary(
        question,
        state,
        text,
        comment=answer.comment,
        evidence_url=url if _is_http(url) else "",
        evidence_text="" if _is_http(url) else url,
        evidence_level=_LEVEL_LABELS.get(answer.evidence_level, answer.evidence_level),
    )


@register.simple_tag
def answer_summaries(area, answers) -> list[AnswerSummary]:
    """Each of the area's questions with its answer as a person reads it (no queries: options are prefetched)."""
    return [answer_summary(question, get_item(answers, question.pk)) for question in area.question_list]
