"""The answer inputs of a question, rendered in Python: a 40-question page stays cheap to render."""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from assessments.models import QuestionKind

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


def _radios(question, choices, current: str, *, inline: bool) -> str:
    css = "form-check form-check-inline" if inline else "form-check"
    return format_html_join(
        "",
        '<div class="{}"><input class="form-check-input" type="radio" name="value" id="q{}-{}" value="{}"{}>'
        '<label class="form-check-label" for="q{}-{}">{}</label></div>',
        (
            (css, question.pk, key, key, mark_safe(" checked") if key == current else "", question.pk, key, label)
            for key, label in choices
        ),
    )


@register.simple_tag
def answer_widget(question, answer=None, posted=None):
    current = _current(question, answer, posted)
    described = format_html(' aria-describedby="help-{}"', question.pk) if question.help_text else ""
    if question.kind == QuestionKind.SCALE:
        labels = {o.key: o.label for o in question.options.all()}
        choices = [(str(v), f"{v}: {labels[str(v)]}" if str(v) in labels else str(v)) for v in range(1, 6)]
        return format_html(
            '<div class="scale-options"{}>{}</div>', described, _radios(question, choices, current, inline=False)
        )
    if question.kind == QuestionKind.YES_NO:
        return format_html(
            '<div class="yes-no"{}>{}</div>',
            described,
            _radios(question, [("yes", "Yes"), ("no", "No")], current, inline=True),
        )
    if question.kind == QuestionKind.CHOICE:
        choices = [(o.key, o.label) for o in question.options.all()]
        return format_html(
            '<div class="choice-options"{}>{}</div>', described, _radios(question, choices, current, inline=False)
        )
    low, high = _plain(question.low), _plain(question.high)
    best, worst = (high, low) if question.direction == "higher_better" else (low, high)
    return format_html(
        '<label class="form-label small" for="value-{}">Your figure{}</label>'
        '<div class="input-group input-group-sm number-answer">'
        '<input class="form-control" type="number" step="any" inputmode="decimal" name="value" id="value-{}" value="{}"{}>'
        "{}</div>"
        '<div class="form-text">Scored from {} (worst) to {} (best); beyond either end counts as that end.</div>',
        question.pk,
        format_html(" in {}", question.unit) if question.unit else "",
        question.pk,
        current,
        described,
        format_html('<span class="input-group-text">{}</span>', question.unit) if question.unit else "",
        worst,
        best,
    )
