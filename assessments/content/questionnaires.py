"""The shipped questionnaires, `<kind>.toml` beside this module, read and checked into frozen content.

`questionnaire_content(kind)` gives the provider scorecard or the reseller readiness as
`services.questionnaires.questionnaire_install` writes it: the four areas in order, each with its
questions, and each question with its options (a scale's five labels become the options "1" to
"5", worth 1 to 5 points, as the answer pages and the engine read them).

A file holds `title`, `description` and its `[[areas]]`; an area holds `key`, `title`,
`description`, `weight` and its `[[areas.questions]]`; a question holds `text`, `help_text`,
`kind`, `weight` and `evidence_expected`, then by kind: `scale` its `labels` (what a 1 ... a 5
looks like); `yes_no` an optional `reverse` (true when "no" is the good answer); `number` its
`low`, `high`, `direction` and `unit`; `choice` its `options`, each `{ key, label, points }`.

Checked as it is read, every problem named by file and key path (`cspeval.contentfiles`): those
keys and no others, with values of their type that fit their columns; the four areas of
PRODUCT.md in its order, each weighing above zero; 6 to 10 questions an area; weights as an
admin may set them (`cspeval.validation.weight_value`); a label for each point of a scale; number
bounds in order, with a unit; at least three options to a choice, with distinct keys, one of them
worth points. And, so that every kind of question and answer shows up on the pages and in the
demo world, each questionnaire uses every kind, has a reverse-keyed yes/no question and expects
evidence somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db.models import Model

from assessments.models import (
    Area,
    AreaKey,
    Direction,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    QuestionOption,
)
from cspeval.contentfiles import Node, parse, read
from cspeval.validation import fit_column, weight_value

DIRECTORY = Path(__file__).resolve().parent
QUESTIONS_PER_AREA = (6, 10)  # PRODUCT.md, "Demo data"
SCALE_POINTS = 5  # a scale runs from 1 to 5
CHOICE_OPTIONS = 3  # at least

COMMON_KEYS = ("text", "help_text", "kind", "weight", "evidence_expected")
KEYS_BY_KIND = {  # (required, optional)
    QuestionKind.SCALE: (("labels",), ()),
    QuestionKind.YES_NO: ((), ("reverse",)),
    QuestionKind.NUMBER: (("low", "high", "direction", "unit"), ()),
    QuestionKind.CHOICE: (("options",), ()),
}


@dataclass(frozen=True)
class OptionContent:
    key: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class QuestionContent:
    text: str
    help_text: str
    kind: str
    weight: Decimal
    evidence_expected: bool
    reverse: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    direction: str = Direction.HIGHER_BETTER
    unit: str = ""
    options: tuple[OptionContent, ...] = ()


@dataclass(frozen=True)
class AreaContent:
    key: str
    title: str
    description: str
    weight: Decimal
    questions: tuple[QuestionContent, ...]


@dataclass(frozen=True)
class QuestionnaireContent:
    kind: str
    title: str
    description: str
    areas: tuple[AreaContent, ...]


@cache
def questionnaire_content(kind: str) -> QuestionnaireContent:
    """The shipped questionnaire of `kind`, read once a process; ContentError when its file is broken."""
    kind = QuestionnaireKind(kind)
    return _questionnaire(read(DIRECTORY / f"{kind.value}.toml"), kind.value)


def questionnaire_parse(text: str, *, kind: str, source: str = "<text>") -> QuestionnaireContent:
    """The questionnaire in TOML `text`, checked as the shipped files are; `source` names it in messages."""
    return _questionnaire(parse(text, source=source), QuestionnaireKind(kind).value)


def _max_length(model: type[Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def _label(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _weight(node: Node, label: str) -> Decimal:
    node.number()
    try:
        return weight_value(node.value, label)
    except ValidationError as exc:
        node.fail(exc.messages[0])


def _column_number(node: Node, model: type[Model], name: str, *, low: int | None = None) -> Decimal:
    """A number that its column holds as it is (no rounding)."""
    value = node.number(low=low)
    field = model._meta.get_field(name)
    if fit_column(value, field) != value:
        whole = field.max_digits - field.decimal_places
        node.fail(f"must have at most {whole} digits before the point and {field.decimal_places} after it")
    return value


def _questionnaire(root: Node, kind: str) -> QuestionnaireContent:
    fields = root.table(required=("title", "description", "areas"))
    title = fields["title"].text(max_length=_max_length(Questionnaire, "title"))
    description = fields["description"].text(multiline=True)
    areas_node = fields["areas"]
    areas = tuple(_area(node) for node in areas_node.array())
    keys = [area.key for area in areas]
    if keys != list(AreaKey.values):
        areas_node.fail(f"must be the areas {', '.join(AreaKey.values)} in that order, not {', '.join(keys) or 'none'}")
    questions = [question for area in areas for question in area.questions]
    used = {question.kind for question in questions}
    for kind_used in QuestionKind.values:
        if kind_used not in used:
            areas_node.fail(f"have no {kind_used} question: a shipped questionnaire uses every kind")
    if not any(question.kind == QuestionKind.YES_NO and question.reverse for question in questions):
        areas_node.fail("have no reverse-keyed yes_no question: a shipped questionnaire has one")
    if not any(question.evidence_expected for question in questions):
        areas_node.fail("have no question that expects evidence: a shipped questionnaire has one")
    return QuestionnaireContent(kind=kind, title=title, description=description, areas=areas)


def _area(node: Node) -> AreaContent:
    fields = node.table(required=("key", "title", "description", "weight", "questions"))
    key = fields["key"].one_of(AreaKey.values)
    title = fields["title"].text(max_length=_max_length(Area, "title"))
    weight = _weight(fields["weight"], title)
    if weight == 0:
        fields["weight"].fail("must be above zero: every area of a shipped questionnaire counts")
    low, high = QUESTIONS_PER_AREA
    return AreaContent(
        key=key,
        title=title,
        description=fields["description"].text(multiline=True),
        weight=weight,
        questions=tuple(_question(q) for q in fields["questions"].array(at_least=low, at_most=high)),
    )


def _question(node: Node) -> QuestionContent:
    by_kind = [key for required, optional in KEYS_BY_KIND.values() for key in (*required, *optional)]
    fields = node.table(required=COMMON_KEYS, optional=dict.fromkeys(by_kind))
    kind = fields["kind"].one_of(QuestionKind.values)
    required, optional = KEYS_BY_KIND[kind]
    for key, value in fields.items():
        if key not in (*COMMON_KEYS, *required, *optional):
            value.fail(f"is not a key of a {kind} question")
    for key in required:
        if key not in fields:
            node.at(key).fail(f"is missing (a {kind} question needs it)")
    text = fields["text"].text(max_length=_max_length(Question, "text"))
    common = {
        "text": text,
        "help_text": fields["help_text"].text(multiline=True),
        "kind": kind,
        "weight": _weight(fields["weight"], _label(text)),
        "evidence_expected": fields["evidence_expected"].boolean(),
    }
    if kind == QuestionKind.SCALE:
        labels = fields["labels"].array(at_least=SCALE_POINTS, at_most=SCALE_POINTS)
        label_length = _max_length(QuestionOption, "label")
        options = tuple(
            OptionContent(key=str(point), label=label.text(max_length=label_length), points=Decimal(point))
            for point, label in enumerate(labels, start=1)
        )
        return QuestionContent(**common, options=options)
    if kind == QuestionKind.YES_NO:
        return QuestionContent(**common, reverse=fields["reverse"].boolean() if "reverse" in fields else False)
    if kind == QuestionKind.NUMBER:
        low = _column_number(fields["low"], Question, "low")
        high = _column_number(fields["high"], Question, "high")
        if low >= high:
            fields["high"].fail(f"must be above low ({low})")
        return QuestionContent(
            **common,
            low=low,
            high=high,
            direction=fields["direction"].one_of(Direction.values),
            unit=fields["unit"].text(max_length=_max_length(Question, "unit")),
        )
    options_node = fields["options"]
    options = tuple(_option(option) for option in options_node.array(at_least=CHOICE_OPTIONS))
    keys = [option.key for option in options]
    for position, key in enumerate(keys):
        if key in keys[:position]:
            options_node.array()[position].at("key").fail(f"{key!r} is the key of an earlier option too")
    if not any(option.points > 0 for option in options):
        options_node.fail("must have an option worth more than 0 points")
    return QuestionContent(**common, options=options)


def _option(node: Node) -> OptionContent:
    fields = node.table(required=("key", "label", "points"))
    return OptionContent(
        key=fields["key"].text(max_length=_max_length(QuestionOption, "key")),
        label=fields["label"].text(max_length=_max_length(QuestionOption, "label")),
        points=_column_number(fields["points"], QuestionOption, "points", low=0),
    )
