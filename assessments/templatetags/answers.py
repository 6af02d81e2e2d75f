"""What the scorecard's templates show of its questions, worked out in Python (no HTML here).

A question being answered: `question_form` gives it as plain values (its labels, the value to show,
each radio and evidence level with its checked or selected state, the messages beside the fields),
and `{% question_item question %}` renders it with `templates/assessments/_question.html`, a Jinja2
template (autoescaped), so a 40-question page stays cheap: Django's engine spent about 1.5 us on each
of the 40-odd `{{ }}` of a question, most of the page's CPU.

A review the user cannot answer is read instead: `answer_summaries` gives each question's answer as a
person reads it, and `assessments/_answer_summary.html` lays it out (a handful of `{{ }}` a question).
"""

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.template import engines
from django.urls import reverse

from assessments.models import EvidenceLevel, QuestionKind

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


# --- A question to answer: the values its template shows -----------------------------------------


@dataclass(slots=True)
class Radio:
    id: str
    value: str
    label: str
    checked: bool


@dataclass(slots=True)
class Level:
    value: str
    label: str
    selected: bool


@dataclass(slots=True)
class NumberInput:
    value: str  # the figure as typed: "6.5", or "" when none
    unit: str
    worst: str
    best: str


@dataclass(slots=True)
class QuestionForm:
    """Everything `_question.html` shows of one question, as plain (unescaped) text and flags."""

    pk: str
    url: str  # where its form posts; "" when the user may not answer
    text: str
    help_text: str
    evidence_expected: bool
    radio_group: str  # the radios' box: "scale-options", "yes-no" or "choice-options"; "" for a number
    inline: bool  # yes/no radios sit side by side
    radios: list[Radio]
    number: NumberInput | None  # None unless a number
    not_applicable: bool
    comment: str
    evidence_url: str
    levels: list[Level]
    errors: dict[str, str]  # the message beside each field of _ERROR_FIELDS, "" where none
    errors_above: bool  # a message on the value, not applicable, the question or the whole answer
    details_open: bool  # comment and evidence shown open: one is given, or in error
    save_state: str  # "saved" just now, "refused", "answered" before, or ""


def _plain(number: Decimal) -> str:
    """A decimal as typed: 12.000 -> '12', 6.50 -> '6.5' (no grouping: it fills a number input)."""
    return format(number.normalize(), "f")


def _field(value) -> str:
    return "" if value is None else str(value)


def _current(question, answer, posted) -> str:
    """The value to show: what was just posted (after an error), else what is saved."""
    if posted:
        return _field(posted.get("value"))
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


def _shown(answer, posted) -> dict:
    """The other inputs to show: what was just posted (after an error), else what is saved."""
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


def _choices(question) -> list[tuple[str, str]]:
    """(value, label) of each radio of a scale, yes/no or choice question, from its prefetched options."""
    if question.kind == QuestionKind.YES_NO:
        return [("yes", "Yes"), ("no", "No")]
    options = question.options.all()
    if question.kind == QuestionKind.CHOICE:
        return [(o.key, o.label) for o in options]
    labels = {o.key: o.label for o in options}
    return [(str(v), f"{v}: {labels[str(v)]}" if str(v) in labels else str(v)) for v in range(1, 6)]


_RADIO_GROUPS = {
    QuestionKind.SCALE: "scale-options",
    QuestionKind.YES_NO: "yes-no",
    QuestionKind.CHOICE: "choice-options",
}

# The fields whose messages are shown, each beside its input (the rest only make the save "Not saved").
_ERROR_FIELDS = ("value", "not_applicable", "question", "general", "comment", "evidence_url", "evidence_level")


def _save_state(just_saved, errors, answer) -> str:
    if just_saved:
        return "saved"
    if errors:
        return "refused"
    if answer:
        return "answered"
    return ""


def question_form(
    question, *, answer=None, posted=None, errors=None, evidence_levels=(), just_saved=False, url=""
) -> QuestionForm:
    """One question as `_question.html` shows it. `answer` is the saved answer (or None), `posted` what
    was just sent (shown instead, after an error), `errors` the messages by field, `url` where its form
    posts (empty when the user may not answer). Reads only prefetched options: no query."""
    errors = errors or {}
    pk = str(question.pk)
    current = _current(question, answer, posted)
    shown = _shown(answer, posted)
    if errors:
        messages = {key: " ".join(str(m) for m in errors.get(key) or ()) for key in _ERROR_FIELDS}
    else:
        messages = dict.fromkeys(_ERROR_FIELDS, "")
    group = _RADIO_GROUPS.get(question.kind, "")
    number = None
    if not group:
        low, high = _plain(question.low), _plain(question.high)
        best, worst = (high, low) if question.direction == "higher_better" else (low, high)
        number = NumberInput(value=current, unit=question.unit, worst=worst, best=best)
    return QuestionForm(
        pk=pk,
        url=url,
        text=question.text,
        help_text=question.help_text,
        evidence_expected=question.evidence_expected,
        radio_group=group,
        inline=question.kind == QuestionKind.YES_NO,
        radios=[Radio(f"q{pk}-{key}", key, label, key == current) for key, label in _choices(question)]
        if group
        else [],
        number=number,
        not_applicable=shown["not_applicable"],
        comment=shown["comment"],
        evidence_url=shown["evidence_url"],
        levels=[Level(key, label, shown["evidence_level"] == key) for key, label in evidence_levels],
        errors=messages,
        errors_above=bool(
            messages["value"] or messages["not_applicable"] or messages["question"] or messages["general"]
        ),
        details_open=bool(
            messages["comment"]
            or messages["evidence_url"]
            or messages["evidence_level"]
            or (answer and (answer.comment or answer.evidence_url))
        ),
        save_state=_save_state(just_saved, errors, answer),
    )


# A question id no questionnaire reaches: the answer URL is reversed once per page with it, then filled in.
_ANY_QUESTION = 987654321987654321


def answer_url(urls: dict, scorecard_id: int, question_id: int) -> str:
    """The URL a question's form posts to. `urls` (one page render's) keeps the scorecard's pattern, so a
    40-question page reverses it once, not 40 times (most of this module's CPU otherwise)."""
    pattern = urls.get(scorecard_id)
    if pattern is None:
        pattern = urls[scorecard_id] = reverse("scorecard_answer", args=[scorecard_id, _ANY_QUESTION])
    return pattern.replace(str(_ANY_QUESTION), str(question_id))


class QuestionsNode(template.Node):
    """The questions as the scorecard page's context (views.scorecards) has them: the answers, what was
    just posted and its errors, each keyed by question id."""

    def __init__(self, questions, *, many: bool):
        self.questions, self.many = questions, many

    def render(self, context):
        questions = self.questions.resolve(context)
        answers, posted, errors = (context.get(key) or {} for key in ("answers", "posted", "errors"))
        levels, just_saved = context.get("evidence_levels") or (), context.get("just_saved")
        scorecard_id = context["scorecard"].pk if context.get("can_answer") else None
        urls = context.render_context.setdefault(self, {})  # this page render's own, never shared
        forms = [
            question_form(
                q,
                answer=answers.get(q.pk),
                posted=posted.get(q.pk),
                errors=errors.get(q.pk),
                evidence_levels=levels,
                just_saved=just_saved,
                url="" if scorecard_id is None else answer_url(urls, scorecard_id, q.pk),
            )
            for q in (questions if self.many else [questions])
        ]
        partial = engines["jinja2"].get_template("assessments/_question.html")
        # the partial's output, escaped there, is markup, as an {% include %}'s output is
        return partial.render({"forms": forms, "csrf_token": context.get("csrf_token", "")})


def _questions_tag(parser, token, *, many: bool) -> QuestionsNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} takes one argument.")
    return QuestionsNode(parser.compile_filter(bits[1]), many=many)


@register.tag
def question_item(parser, token):
    """`{% question_item question %}`: one question of the scorecard form, with its own htmx form when
    the user may answer (`templates/assessments/_question.html`, Jinja2)."""
    return _questions_tag(parser, token, many=False)


@register.tag
def question_items(parser, token):
    """`{% question_items area.question_list %}`: each of them as `question_item` shows it, in one
    render of the partial (a render of its own per question cost about 9 us more each)."""
    return _questions_tag(parser, token, many=True)


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
