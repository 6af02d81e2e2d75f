"""The shipped questionnaires (`assessments/content/*.toml`) and the loader that checks them."""

from decimal import Decimal

import pytest

from assessments.content.questionnaires import questionnaire_content, questionnaire_parse
from assessments.models import AreaKey, QuestionKind, QuestionnaireKind
from cspeval.contentfiles import ContentError

QUESTIONS = {
    QuestionKind.SCALE: 'kind = "scale"\nlabels = ["None", "Little", "Some", "Much", "All"]',
    QuestionKind.YES_NO: 'kind = "yes_no"\nreverse = true',
    QuestionKind.NUMBER: 'kind = "number"\nlow = 0\nhigh = 20\ndirection = "higher_better"\nunit = "days"',
    QuestionKind.CHOICE: (
        'kind = "choice"\noptions = [\n  { key = "no", label = "No", points = 0 },\n'
        '  { key = "some", label = "Some", points = 1 },\n  { key = "yes", label = "Yes", points = 2 },\n]'
    ),
}


def questionnaire_toml(questions_per_area: int = 6) -> str:
    """A small questionnaire that loads: four areas, each asking one question of every kind and more."""
    kinds = list(QUESTIONS)
    parts = ['title = "Readiness"', 'description = "Ask yourselves first."']
    for key in AreaKey.values:
        parts.append(f'[[areas]]\nkey = "{key}"\ntitle = "Area {key}"\ndescription = "About {key}."\nweight = 25')
        for n in range(questions_per_area):
            parts.append(
                f'[[areas.questions]]\ntext = "{key} question {n}?"\nhelp_text = "Think of the last year."\n'
                f"weight = 1.5\nevidence_expected = {str(n == 0).lower()}\n{QUESTIONS[kinds[n % len(kinds)]]}"
            )
    return "\n\n".join(parts) + "\n"


def parse(text: str):
    return questionnaire_parse(text, kind=QuestionnaireKind.RESELLER_READINESS, source="readiness.toml")


@pytest.mark.parametrize("kind", QuestionnaireKind.values)
def test_content_the_shipped_questionnaires_load(kind):
    # when a shipped questionnaire is read
    content = questionnaire_content(kind)

    # then it has PRODUCT.md's four areas, 6 to 10 questions each, a scale's labels as options 1 to 5
    assert [area.key for area in content.areas] == AreaKey.values
    assert all(6 <= len(area.questions) <= 10 for area in content.areas)
    scale = next(q for area in content.areas for q in area.questions if q.kind == QuestionKind.SCALE)
    assert [(o.key, o.points) for o in scale.options] == [(str(i), i) for i in range(1, 6)]


def test_content_the_scorecard_asks_for_margin_points():
    # the realism calculator's margin question is a number in points, from 0
    content = questionnaire_content(QuestionnaireKind.PROVIDER_SCORECARD)
    margin = next(q for area in content.areas for q in area.questions if "margin points" in q.text.lower())
    assert (margin.kind, margin.unit, margin.low) == (QuestionKind.NUMBER, "points", 0)


def test_content_a_small_questionnaire_loads():
    # given the smallest questionnaire the rules allow, when it is parsed
    content = parse(questionnaire_toml())

    # then weights are exact and each kind keeps what it needs
    question = content.areas[0].questions[0]
    assert (question.weight, content.areas[0].weight) == (Decimal("1.5"), 25)
    assert isinstance(question.weight, Decimal)
    assert [q.kind for q in content.areas[0].questions[:4]] == list(QUESTIONS)
    assert content.areas[0].questions[1].reverse is True
    assert (content.areas[0].questions[2].low, content.areas[0].questions[2].unit) == (0, "days")


BROKEN = [
    pytest.param(
        ("weight = 1.5", "weight = -2"),
        "areas[0].questions[0].weight: The weight of “relationships question 0?” cannot be below zero.",
        id="negative-weight",
    ),
    pytest.param(
        ("weight = 1.5", 'weight = "heavy"'), "areas[0].questions[0].weight: must be a number, not a string", id="type"
    ),
    pytest.param(
        ('help_text = "Think of the last year."\n', ""), "areas[0].questions[0].help_text: is missing", id="missing"
    ),
    pytest.param(
        ("evidence_expected", "evidence_expectd"),
        "areas[0].questions[0].evidence_expectd: is not a key here",
        id="typo",
    ),
    pytest.param(
        ('key = "community"', 'key = "mindset"'),
        "areas: must be the areas relationships, community, realism, mindset in that order, not relationships, "
        "mindset, realism, mindset",
        id="area-twice",
    ),
    pytest.param(
        ('labels = ["None", ', "labels = ["),
        "areas[0].questions[0].labels: must hold exactly 5 items, not 4",
        id="labels",
    ),
    pytest.param(("high = 20", "high = 0"), "areas[0].questions[2].high: must be above low (0)", id="number-bounds"),
    pytest.param(
        ('{ key = "some"', '{ key = "no"'),
        "areas[0].questions[3].options[1].key: 'no' is the key of an earlier option too",
        id="option-keys",
    ),
    pytest.param(
        ("reverse = true", "reverse = false", -1), "areas: have no reverse-keyed yes_no question", id="no-reverse"
    ),
    pytest.param(("[[areas]]\nkey", "[[areas]\nkey"), "is not valid TOML", id="syntax"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN)
def test_content_a_broken_questionnaire_is_refused_with_its_file_and_key(change, message):
    # given a questionnaire with one thing wrong (the first `old` replaced, or every one)
    old, new, *count = change
    text = questionnaire_toml()
    assert old in text
    broken = text.replace(old, new, *(count or [1]))

    # when it is parsed, then the error names the file, the key path and the problem
    with pytest.raises(ContentError) as raised:
        parse(broken)
    assert str(raised.value).startswith(f"readiness.toml: {message}")


def test_content_an_area_needs_six_questions():
    with pytest.raises(ContentError, match=r"^readiness.toml: areas\[0\].questions: must hold 6 to 10 items, not 5$"):
        parse(questionnaire_toml(questions_per_area=5))
