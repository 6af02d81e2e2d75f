"""The pure scoring engine: normalisation, scores, standings and weight sensitivity.

No Django and no database: everything here runs on the standard library, pytest and hypothesis.
"""

import math
import random
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal, localcontext
from fractions import Fraction
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assessments.scoring import (
    DEFAULT_BANDS,
    AnswerInput,
    AnswerValueError,
    AreaResult,
    AreaSpec,
    Band,
    QuestionnaireSpec,
    QuestionResult,
    QuestionSpec,
    ScoreResult,
    SensitivityResult,
    WeightInterval,
    compute_score,
    normalise,
    quantize,
    sensitivity,
    standing_for,
    validate_bands,
)
from assessments.scoring.sensitivity import _compare, _Surd  # the exact comparison behind the bounds

D = Decimal
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def settings():
    """Stands in for pytest-django's `settings`, which the suite's autouse fixture asks for:
    these tests need no Django, so they also run with `-p no:django`."""
    return SimpleNamespace()


def scale(qid, weight="1", area="a"):
    return QuestionSpec(id=qid, area_key=area, kind="scale", weight=D(weight))


def yes_no(qid, weight="1", area="a", reverse=False):
    return QuestionSpec(id=qid, area_key=area, kind="yes_no", weight=D(weight), reverse=reverse)


def number(qid, low, high, direction="higher_better", weight="1", area="a"):
    return QuestionSpec(
        id=qid, area_key=area, kind="number", weight=D(weight), low=D(low), high=D(high), direction=direction
    )


def choice(qid, options, weight="1", area="a"):
    return QuestionSpec(
        id=qid, area_key=area, kind="choice", weight=D(weight), options=tuple((k, D(p)) for k, p in options)
    )


def one_area(*questions, weight="1", key="a"):
    return QuestionnaireSpec(areas=(AreaSpec(key=key, weight=D(weight), questions=tuple(questions)),))


def answer(qid, value, evidence=False):
    return AnswerInput(question_id=qid, value=value, has_evidence=evidence)


def na(qid, evidence=False):
    return AnswerInput(question_id=qid, value=None, not_applicable=True, has_evidence=evidence)


# --- The package itself ----------------------------------------------------------------------


def test_scoring_package_imports_without_django():
    # given a fresh interpreter
    code = "import sys, assessments.scoring; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    # when it imports the engine
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    # then no Django module came with it, and no source file mentions it
    assert out.stdout.strip() == "[]"
    sources = [p.read_text() for p in (ROOT / "assessments" / "scoring").glob("*.py")]
    assert sources
    assert not any("import django" in s or "from django" in s for s in sources)


@pytest.mark.parametrize(
    "build",
    [
        lambda: QuestionSpec(id=1, area_key="a", kind="essay", weight=D(1)),
        lambda: QuestionSpec(id=1, area_key="a", kind="number", weight=D(1), direction="sideways"),
        lambda: QuestionSpec(id=1, area_key="a", kind="scale", weight=D(-1)),
        lambda: QuestionSpec(id=1, area_key="a", kind="choice", weight=D(1), options=(("x", D(-2)),)),
        lambda: AreaSpec(key="a", weight=D("-0.5"), questions=()),
        lambda: QuestionnaireSpec(areas=(AreaSpec("a", D(1), (scale(1),)), AreaSpec("b", D(1), (scale(1),)))),
        lambda: QuestionnaireSpec(areas=(AreaSpec("a", D(1), ()), AreaSpec("a", D(1), ()))),
    ],
    ids=["kind", "direction", "question-weight", "option-points", "area-weight", "dup-question", "dup-area"],
)
def test_specs_reject_inconsistent_definitions(build):
    # given a spec that breaks a rule (unknown kind, negative weight, duplicate id or key)
    # when it is built
    # then it refuses with a ValueError
    with pytest.raises(ValueError):
        build()


def test_specs_coerce_int_weights_to_decimal():
    # given weights written as ints
    # when the specs are built
    question = QuestionSpec(id=1, area_key="a", kind="choice", weight=2, options=(("x", 3),))
    area = AreaSpec(key="a", weight=1, questions=[question])
    # then they are Decimals, and the questions a tuple
    assert question.weight == D(2) and isinstance(question.weight, Decimal)
    assert isinstance(question.options[0][1], Decimal)
    assert isinstance(area.weight, Decimal) and area.questions == (question,)


# --- normalise -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "0"), (2, "0.25"), (3, "0.5"), (4, "0.75"), (5, "1"), (D("4.0000"), "0.75"), (D(5), "1")],
)
def test_normalise_scale_maps_one_to_five_onto_zero_to_one(value, expected):
    # given a scale question
    # when a whole number from 1 to 5 is normalised
    result = normalise(scale(1), value)
    # then it is (v - 1) / 4
    assert result == D(expected)


@pytest.mark.parametrize("value", [0, 6, -1, D("2.5"), 2.5, True, False, "3", None, D("NaN"), D("Infinity")])
def test_normalise_scale_rejects_anything_but_a_whole_number_from_one_to_five(value):
    # given a scale question
    # when anything else is normalised
    with pytest.raises(AnswerValueError) as caught:
        normalise(scale(1), value)
    # then a plain-English ValueError says what to do
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "Choose a whole number from 1 to 5."


@pytest.mark.parametrize(
    ("value", "reverse", "expected"),
    [(True, False, "1"), (False, False, "0"), (True, True, "0"), (False, True, "1")],
)
def test_normalise_yes_no_scores_yes_unless_reverse_keyed(value, reverse, expected):
    # given a yes/no question, reverse-keyed or not
    # when a bool is normalised
    result = normalise(yes_no(1, reverse=reverse), value)
    # then yes is 1 and no is 0, flipped when reverse-keyed
    assert result == D(expected)


@pytest.mark.parametrize("value", [1, 0, "yes", None, D(1)])
def test_normalise_yes_no_rejects_non_bools(value):
    # given a yes/no question
    # when something other than a bool is normalised
    # then it is refused in plain English
    with pytest.raises(AnswerValueError, match="Answer yes or no"):
        normalise(yes_no(1), value)


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("higher_better", 0, "0"),
        ("higher_better", 3, "0.25"),
        ("higher_better", D("6"), "0.5"),
        ("higher_better", 12, "1"),
        ("higher_better", 15, "1"),  # a margin of 15 points when high is 12: clamped
        ("higher_better", -4, "0"),
        ("higher_better", 4.5, "0.375"),
        ("lower_better", 0, "1"),
        ("lower_better", 3, "0.75"),
        ("lower_better", 12, "0"),
        ("lower_better", 15, "0"),
        ("lower_better", -4, "1"),
    ],
)
def test_normalise_number_scales_between_low_and_high_and_clamps(direction, value, expected):
    # given a number question from 0 to 12
    question = number(1, "0", "12", direction)
    # when a value is normalised
    result = normalise(question, value)
    # then it is its place in the range (1 minus that when lower is better), clamped to [0, 1]
    assert result == D(expected)


def test_normalise_number_keeps_full_precision():
    # given a number question whose share does not terminate in decimal
    # when it is normalised
    result = normalise(number(1, "0", "3"), 1)
    # then it is exact to the Decimal context, not rounded to 4 places
    assert result == D(1) / D(3)
    assert result != D("0.3333")


@pytest.mark.parametrize("value", ["5", True, None, D("NaN"), D("-Infinity"), float("inf"), float("nan")])
def test_normalise_number_rejects_non_numbers(value):
    # given a number question
    # when a non-number is normalised
    # then it is refused
    with pytest.raises(AnswerValueError, match="Enter a number"):
        normalise(number(1, "0", "10"), value)


@pytest.mark.parametrize(("low", "high"), [(None, D(10)), (D(0), None), (D(5), D(5)), (D(7), D(2))])
def test_normalise_number_refuses_a_question_without_a_valid_range(low, high):
    # given a number question whose range is missing or empty
    question = QuestionSpec(id=1, area_key="a", kind="number", weight=D(1), low=low, high=high)
    # when a value is normalised
    # then it is refused, saying the range is the problem
    with pytest.raises(AnswerValueError, match="range"):
        normalise(question, 5)


@pytest.mark.parametrize(
    ("options", "key", "expected"),
    [
        ([("none", 0), ("some", 5), ("all", 10)], "none", "0"),
        ([("none", 0), ("some", 5), ("all", 10)], "some", "0.5"),
        ([("none", 0), ("some", 5), ("all", 10)], "all", "1"),
        ([("low", 1), ("high", 4)], "low", "0.25"),
        ([("x", 0), ("y", 0)], "y", "0"),  # max points 0: every option is 0
    ],
)
def test_normalise_choice_is_points_over_max_points(options, key, expected):
    # given a choice question with points per option
    # when an option key is normalised
    result = normalise(choice(1, options), key)
    # then it is its points over the best option's points
    assert result == D(expected)


@pytest.mark.parametrize("value", ["most", "", None, 1, True])
def test_normalise_choice_rejects_unknown_keys_naming_the_valid_ones(value):
    # given a choice question
    question = choice(1, [("none", 0), ("some", 5), ("all", 10)])
    # when an unknown key is normalised
    # then the message lists the valid keys
    with pytest.raises(AnswerValueError, match="none, some, all"):
        normalise(question, value)


def test_normalise_choice_without_options_is_refused():
    # given a choice question with no options
    # when anything is normalised
    # then it is refused
    with pytest.raises(AnswerValueError, match="no options"):
        normalise(choice(1, []), "x")


# --- quantize --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.00005"), "0.0001"),
        (D("1.23445"), "1.2345"),  # banker's rounding would give 1.2344
        (D("2.34565"), "2.3457"),
        (D("1.23444999"), "1.2344"),
        (D("-1.00005"), "-1.0001"),  # half away from zero, like PostgreSQL's round
        (Fraction(1, 3), "0.3333"),
        (Fraction(2, 3), "0.6667"),
        (Fraction(5, 32), "0.1563"),
        (7, "7.0000"),
        ("12.5", "12.5000"),
        (D(0), "0.0000"),
    ],
)
def test_quantize_rounds_half_up_to_four_places(value, expected):
    # given an exact value
    # when it is quantized
    result = quantize(value)
    # then it has 4 decimal places, halves rounded away from zero
    assert str(result) == expected


def test_quantize_leaves_none_alone():
    # given no value
    # when it is quantized
    # then it is still None
    assert quantize(None) is None


# --- compute_score: the rules ----------------------------------------------------------------

TWO_AREAS = QuestionnaireSpec(
    areas=(
        AreaSpec("realism", D(1), (scale(1, "1", "realism"), yes_no(2, "3", "realism"))),
        AreaSpec(
            "service",
            D(3),
            (
                number(3, "0", "10", weight="2", area="service"),
                choice(4, [("a", 0), ("b", 4), ("c", 8)], weight="2", area="service"),
                scale(5, "1", "service"),
            ),
        ),
    )
)
TWO_AREAS_ANSWERS = [answer(1, 4), answer(2, True, evidence=True), answer(3, D(5)), na(5)]


def test_compute_score_hand_worked_example():
    # given two areas:
    #   realism (W=1): q1 scale 4 -> 0.75 (w=1); q2 yes (w=3) with evidence -> 1
    #     score = 100 * (0.75 + 3) / 4 = 93.75; completeness 4/4 = 1; evidence 3/4 = 0.75
    #   service (W=3): q3 number 5 of 0..10 -> 0.5 (w=2); q4 unanswered (w=2); q5 N/A (w=1)
    #     score = 100 * (2 * 0.5) / 2 = 50; completeness (2 + 1) / 5 = 0.6; evidence 0/2 = 0
    #   overall = (1 * 93.75 + 3 * 50) / 4 = 60.9375; completeness (1 * 1 + 3 * 0.6) / 4 = 0.7
    #   effective weights W/ΣW * w/Σw: q1 1/4*1/4 = 1/16, q2 3/16, q3 3/4*2/5 = 0.3
    #   overall evidence = (3/16) / (1/16 + 3/16 + 0.3) = 0.1875 / 0.55 = 0.340909... -> 0.3409
    # when it is scored
    result = compute_score(TWO_AREAS, TWO_AREAS_ANSWERS)
    # then every figure matches the arithmetic
    assert result.overall == D("60.9375")
    assert result.completeness == D("0.7000")
    assert result.evidence_share == D("0.3409")
    assert result.area_scores == {"realism": D("93.7500"), "service": D("50.0000")}
    realism, service = result.areas
    assert (realism.completeness, realism.evidence_share) == (D(1), D("0.75"))
    assert (service.completeness, service.evidence_share) == (D("0.6"), D(0))
    assert (service.answered_weight, service.total_weight) == (D(2), D(5))
    assert (realism.contribution, service.contribution) == (D("23.4375"), D("37.5"))


def test_compute_score_explains_each_question():
    # given the hand-worked example
    # when it is scored
    result = compute_score(TWO_AREAS, TWO_AREAS_ANSWERS)
    questions = {q.question_id: q for area in result.areas for q in area.questions}
    # then each question says its status, normalised value and the points it adds
    assert questions[1] == QuestionResult(1, "realism", "answered", D(1), D("0.75"), D("18.75"), D("4.6875"), False)
    assert questions[2] == QuestionResult(2, "realism", "answered", D(3), D(1), D(75), D("18.75"), True)
    assert questions[3] == QuestionResult(3, "service", "answered", D(2), D("0.5"), D(50), D("37.5"), False)
    assert questions[4] == QuestionResult(4, "service", "unanswered", D(2), None, None, None, False)
    assert questions[5] == QuestionResult(5, "service", "not_applicable", D(1), None, None, None, False)
    assert [q.question_id for q in result.area("service").questions] == [3, 4, 5]


def test_compute_score_area_lookup_and_scores():
    # given a scored scorecard
    result = compute_score(TWO_AREAS, TWO_AREAS_ANSWERS)
    # when an area is looked up by key
    # then it is found, and an unknown key is a KeyError
    assert isinstance(result.area("service"), AreaResult)
    assert result.area("service").score == D(50)
    with pytest.raises(KeyError):
        result.area("pricing")
    assert isinstance(result, ScoreResult)


def test_compute_score_empty_answers_score_nothing():
    # given no answers at all
    # when the questionnaire is scored
    result = compute_score(TWO_AREAS, [])
    # then no score is 0: every score and evidence share is None, completeness is 0
    assert result.overall is None and result.evidence_share is None
    assert result.completeness == D(0)
    for area in result.areas:
        assert (area.score, area.evidence_share, area.contribution) == (None, None, None)
        assert area.completeness == D(0)
        assert all(q.status == "unanswered" for q in area.questions)


def test_compute_score_all_not_applicable_is_complete_without_a_score():
    # given every question marked N/A
    answers = [na(qid) for qid in range(1, 6)]
    # when scored
    result = compute_score(TWO_AREAS, answers)
    # then there is no score but the scorecard is complete
    assert result.overall is None
    assert result.completeness == D(1)
    assert result.evidence_share is None
    assert [a.score for a in result.areas] == [None, None]
    assert [a.completeness for a in result.areas] == [D(1), D(1)]


@pytest.mark.parametrize(
    ("q3_answer", "score", "completeness"),
    [
        (answer(3, 1), "33.3333", "0.75"),  # a worst answer counts as 0: 100 * 1 / 3
        (answer(3, 3), "66.6667", "0.75"),  # 100 * (1 + 2 * 0.5) / 3
        (na(3), "100.0000", "0.75"),  # N/A leaves the denominator but is a response
        (None, "100.0000", "0.25"),  # unanswered leaves the denominator and is no response
    ],
    ids=["zero", "middle", "not-applicable", "unanswered"],
)
def test_compute_score_unanswered_and_na_never_count_as_zero(q3_answer, score, completeness):
    # given q1 (w=1) at 5, q2 (w=1) unanswered and q3 (w=2) in one of four states
    spec = one_area(scale(1), scale(2), scale(3, "2"))
    answers = [answer(1, 5)] + ([q3_answer] if q3_answer else [])
    # when scored
    result = compute_score(spec, answers)
    # then only a real answer moves the score; N/A and answers count as complete
    assert result.area("a").score == D(score)
    assert result.area("a").completeness == D(completeness)
    assert result.overall == D(score)


def test_compute_score_zero_weight_question_keeps_its_answer_out_of_the_score():
    # given a zero-weight question answered with the worst value next to a best answer
    spec = one_area(scale(1), scale(2, "0"))
    # when scored
    result = compute_score(spec, [answer(1, 5), answer(2, 1, evidence=True)])
    area = result.area("a")
    dropped = area.questions[1]
    # then the score, completeness and evidence ignore it, but its answer is still shown
    assert area.score == D(100) and area.completeness == D(1) and area.evidence_share == D(0)
    assert (area.answered_weight, area.total_weight) == (D(1), D(1))
    assert dropped.status == "answered" and dropped.normalised == D(0)
    assert dropped.contribution == D(0) and dropped.overall_contribution == D(0)


def test_compute_score_area_of_zero_total_weight_has_no_score_nor_completeness():
    # given an area whose questions all weigh 0, next to a normal area
    spec = QuestionnaireSpec(
        areas=(
            AreaSpec("empty", D(5), (scale(1, "0", "empty"), scale(2, "0", "empty"))),
            AreaSpec("full", D(1), (scale(3, "1", "full"),)),
        )
    )
    # when both are answered
    result = compute_score(spec, [answer(1, 5), answer(2, 5), answer(3, 2)])
    # then the weightless area has None everywhere and is left out of the overall figures
    empty = result.area("empty")
    assert (empty.score, empty.completeness, empty.evidence_share, empty.contribution) == (None, None, None, None)
    assert result.overall == D(25)
    assert result.completeness == D(1)


def test_compute_score_zero_area_weight_keeps_the_area_score_out_of_the_overall():
    # given an area of weight 0 scoring 100 and an area of weight 2 scoring 0
    spec = QuestionnaireSpec(
        areas=(AreaSpec("ignored", D(0), (scale(1, area="ignored"),)), AreaSpec("kept", D(2), (scale(2, area="kept"),)))
    )
    # when scored with evidence on the ignored area only
    result = compute_score(spec, [answer(1, 5, evidence=True), answer(2, 1)])
    # then the ignored area still has its own score, but adds nothing to the overall figures
    assert result.area("ignored").score == D(100)
    assert result.area("ignored").contribution == D(0)
    assert result.area("ignored").questions[0].overall_contribution == D(0)
    assert result.overall == D(0)
    assert result.evidence_share == D(0)


def test_compute_score_only_zero_weight_areas_answered_gives_no_overall():
    # given the only answered area has weight 0
    spec = QuestionnaireSpec(
        areas=(AreaSpec("ignored", D(0), (scale(1, area="ignored"),)), AreaSpec("kept", D(1), (scale(2, area="kept"),)))
    )
    # when scored
    result = compute_score(spec, [answer(1, 4)])
    # then the overall is None, not 0, and the area contributions are None
    assert result.area("ignored").score == D(75)
    assert result.overall is None
    assert result.area("ignored").contribution is None
    assert result.completeness == D(0)


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ((True, True, True), "1"),
        ((False, False, False), "0"),
        ((True, False, False), "0.1667"),
        ((False, True, True), "0.8333"),
    ],
)
def test_compute_score_evidence_share_is_weighted_over_answered_questions(evidence, expected):
    # given answered questions of weights 1, 2 and 3 and an N/A (w=4) carrying evidence
    spec = one_area(scale(1), scale(2, "2"), scale(3, "3"), scale(4, "4"))
    answers = [answer(i + 1, 3, evidence=e) for i, e in enumerate(evidence)] + [na(4, evidence=True)]
    # when scored
    result = compute_score(spec, answers)
    # then the evidence share is evidenced weight / answered weight (the N/A is left out)
    assert result.area("a").evidence_share == D(expected)
    assert result.evidence_share == D(expected)


def test_compute_score_ignores_answers_to_unknown_questions():
    # given an answer to a question the questionnaire does not have
    spec = one_area(scale(1))
    # when scored
    result = compute_score(spec, [answer(1, 5), answer(99, "nonsense"), na(98)])
    # then it changes nothing
    assert result == compute_score(spec, [answer(1, 5)])


def test_compute_score_last_duplicate_answer_wins():
    # given two answers to the same question
    spec = one_area(scale(1))
    # when scored in either order
    first = compute_score(spec, [answer(1, 5), answer(1, 1)])
    second = compute_score(spec, [answer(1, 1), answer(1, 5)])
    # then the later one counts
    assert first.overall == D(0)
    assert second.overall == D(100)


def test_compute_score_empty_value_without_na_is_unanswered():
    # given an answer row with no value that is not marked N/A
    spec = one_area(scale(1), scale(2))
    # when scored
    result = compute_score(spec, [answer(1, 5), AnswerInput(question_id=2, value=None)])
    # then that question is unanswered
    assert result.area("a").questions[1].status == "unanswered"
    assert result.area("a").completeness == D("0.5")


def test_compute_score_refuses_an_answer_its_question_cannot_take():
    # given a stored answer outside the scale
    spec = one_area(scale(1), scale(7))
    # when scored
    with pytest.raises(AnswerValueError) as caught:
        compute_score(spec, [answer(1, 3), answer(7, 9)])
    # then the error names the question
    assert caught.value.question_id == 7
    assert "Question 7" in str(caught.value)


def test_compute_score_rounds_only_at_the_end():
    # given a number question answered 1 on 0..3: normalised 1/3
    # when scored
    result = compute_score(one_area(number(1, "0", "3")), [answer(1, 1)])
    # then the score is 100/3 rounded once (33.3333), not 100 * 0.3333 (33.3300)
    assert result.overall == D("33.3333")
    assert result.area("a").questions[0].normalised == D("0.3333")


def test_compute_score_rounds_half_up():
    # given a number question answered 1 on 0..2,000,000: score = 100 / 2,000,000 = 0.00005 exactly
    # when scored
    result = compute_score(one_area(number(1, "0", "2000000")), [answer(1, 1)])
    # then the half is rounded up, as PostgreSQL would
    assert result.overall == D("0.0001")


def test_compute_score_quantizes_to_four_places():
    # given a scored scorecard
    result = compute_score(TWO_AREAS, TWO_AREAS_ANSWERS)
    # when its figures are read
    figures = [result.overall, result.completeness, result.evidence_share]
    figures += [a.score for a in result.areas] + [q.contribution for a in result.areas for q in a.questions]
    # then every one has exactly 4 decimal places
    assert all(f.as_tuple().exponent == -4 for f in figures if f is not None)


# --- Standings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (D(0), "At risk"),
        (D("39.9999"), "At risk"),
        (D(40), "Developing"),
        (D("59.9999"), "Developing"),
        (D(60), "Strong"),
        (D(80), "Strategic"),
        (D("99.9999"), "Strategic"),
        (D(100), "Strategic"),
        (None, None),
        (D("100.0001"), None),
        (D("-0.0001"), None),
    ],
)
def test_standing_for_default_bands(score, expected):
    # given the default bands
    # when a score is placed
    band = standing_for(score, DEFAULT_BANDS)
    # then it is in [lower, upper), the top band also holding 100
    assert (band.name if band else None) == expected


def test_standing_for_reads_bands_in_any_order():
    # given the default bands listed backwards
    bands = tuple(reversed(DEFAULT_BANDS))
    # when the boundaries are placed
    # then the order of the list does not matter
    assert standing_for(D(40), bands).name == "Developing"
    assert standing_for(D(100), bands).name == "Strategic"


def test_default_bands_are_the_products():
    # given the product's defaults
    # when read
    rows = [(b.name, b.lower, b.upper, b.colour) for b in DEFAULT_BANDS]
    # then they are the four standings, and valid
    assert rows == [
        ("At risk", 0, 40, "#dc3545"),
        ("Developing", 40, 60, "#fd7e14"),
        ("Strong", 60, 80, "#0d6efd"),
        ("Strategic", 80, 100, "#198754"),
    ]
    assert validate_bands(DEFAULT_BANDS) == []


def bands(*rows):
    return [Band(name, D(lower), D(upper), colour) for name, lower, upper, colour in rows]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("Low", 0, 40, "#111111"), ("High", 45, 100, "#222222")], "gap between 40 and 45"),
        ([("Low", 0, 50, "#111111"), ("High", 45, 100, "#222222")], "overlap between 45 and 50"),
        ([("Low", 0, 100, "#111111"), ("Mid", 20, 30, "#222222")], "overlap between 20 and 30"),
        ([("Low", 10, 50, "#111111"), ("High", 50, 100, "#222222")], "must start at 0"),
        ([("Low", -5, 50, "#111111"), ("High", 50, 100, "#222222")], "must start at 0"),
        ([("Low", 0, 50, "#111111"), ("High", 50, 90, "#222222")], "must end at 100"),
        ([("Low", 0, 50, "#111111"), ("High", 50, 120, "#222222")], "must end at 100"),
        ([("Low", 0, 50, "red"), ("High", 50, 100, "#222222")], "colour"),
        ([("Low", 0, 50, "#12345"), ("High", 50, 100, "#222222")], "colour"),
        ([("Low", 0, 50, "#12345g"), ("High", 50, 100, "#222222")], "colour"),
        ([("Low", 0, 50, "#111111"), ("low ", 50, 100, "#222222")], "more than one band"),
        ([("", 0, 50, "#111111"), ("High", 50, 100, "#222222")], "needs a name"),
        ([("Low", 0, 50, "#111111"), ("Flat", 50, 50, "#333333"), ("High", 50, 100, "#222222")], "end above"),
        ([], "at least one band"),
    ],
    ids=[
        "gap",
        "overlap",
        "nested",
        "start-above-0",
        "start-below-0",
        "end-below-100",
        "end-above-100",
        "colour-word",
        "colour-short",
        "colour-hex",
        "duplicate-name",
        "empty-name",
        "empty-band",
        "no-bands",
    ],
)
def test_validate_bands_explains_each_problem(rows, message):
    # given bands with one problem
    # when they are validated
    errors = validate_bands(bands(*rows))
    # then a plain-English message names it
    assert any(message in e for e in errors), errors


def test_validate_bands_accepts_decimal_boundaries_and_any_case_hex():
    # given three bands with fractional boundaries and upper-case colours
    rows = bands(
        ("Low", "0", "33.33", "#ABCDEF"), ("Mid", "33.33", "66.67", "#abcdef"), ("High", "66.67", "100", "#A1b2C3")
    )
    # when validated
    # then nothing is wrong
    assert validate_bands(rows) == []


# --- Sensitivity -----------------------------------------------------------------------------

WEIGHTS = {"realism": D(25), "service": D(50), "pricing": D(25)}
PROVIDERS = {
    "Northwind": {"realism": D(40), "service": D(80), "pricing": D(60)},
    "Fabrikam": {"realism": D(90), "service": D(50), "pricing": D(60)},
    "Litware": {"realism": D(0), "service": D(70), "pricing": D(70)},
}


def test_sensitivity_hand_worked_example():
    # given weights realism 25, service 50, pricing 25 (shares 0.25, 0.5, 0.25) and
    #   Northwind 40/80/60 -> 10 + 40 + 15 = 65, Fabrikam 90/50/60 -> 62.5, Litware 0/70/70 -> 52.5
    # when the realism share t moves, service and pricing keep 2:1 of the rest (1 - t):
    #   Northwind(t) = 40t + (1 - t)(2/3 * 80 + 1/3 * 60) = 220/3 - 100t/3
    #   Fabrikam(t)  = 90t + (1 - t)(2/3 * 50 + 1/3 * 60) = 160/3 + 110t/3
    #   Litware(t)   =  0t + (1 - t) * 70                 = 70 - 70t
    #   Fabrikam = Northwind at 60/3 = 210t/3, t = 2/7 = 0.285714 -> 0.2857 (Fabrikam overtakes above)
    #   Litware = Fabrikam at 50/3 = 320t/3, t = 5/32 = 0.15625 -> 0.1563 (Litware overtakes below)
    #   Litware = Northwind at t = -1/11: never in [0, 1)
    # and the service share t moves, realism and pricing keep 1:1 of the rest:
    #   Northwind 50 + 30t, Fabrikam 75 - 25t, Litware 35 + 35t
    #   Fabrikam = Northwind at t = 25/55 = 5/11 -> 0.4545; Litware = Fabrikam at t = 40/60 -> 0.6667
    results = {r.area_key: r for r in sensitivity(WEIGHTS, PROVIDERS)}
    # then the intervals and swaps are those roots
    assert results["realism"] == SensitivityResult(
        "realism", D("0.25"), D("0.1563"), D("0.2857"), ("Litware", "Fabrikam"), ("Fabrikam", "Northwind")
    )
    assert results["service"] == SensitivityResult(
        "service", D("0.5"), D("0.4545"), D("0.6667"), ("Fabrikam", "Northwind"), ("Litware", "Fabrikam")
    )
    assert results["realism"].interval == WeightInterval(D("0.1563"), D("0.2857"))
    assert list(results) == ["realism", "service", "pricing"]


def test_sensitivity_missing_scores_give_exact_irrational_crossings():
    # given weights A 2, B 1, C 3 (share of A t0 = 1/3; B and C keep 1:3 of the rest), and
    #   Adatum with A 0 and C 100 (no B): (300 - 300t) / (3 + t), 60 at t0
    #   Wingtip with A 100 and B 0 (no C): 400t / (1 + 3t), 66.67 at t0
    #   equal when (300 - 300t)(1 + 3t) = 400t(3 + t), i.e. 13t^2 + 6t - 3 = 0,
    #   t = (-3 + 4 * sqrt(3)) / 13 = 0.302169... -> 0.3022 (the other root is negative)
    weights = {"A": D(2), "B": D(1), "C": D(3)}
    providers = {"Adatum": {"A": D(0), "B": None, "C": D(100)}, "Wingtip": {"A": D(100), "B": D(0)}}
    # when the sensitivity of A is computed
    result = sensitivity(weights, providers)[0]
    # then below 0.3022 Adatum overtakes Wingtip, and above t0 nothing changes
    assert result == SensitivityResult("A", D("0.3333"), D("0.3022"), D(1), ("Adatum", "Wingtip"), None)


def test_sensitivity_tie_that_breaks_is_the_boundary_on_both_sides():
    # given two providers tied now (both 50) whose scores differ by area
    weights = {"a": D(1), "b": D(1)}
    providers = {"Beta": {"a": D(100), "b": D(0)}, "Alpha": {"a": D(0), "b": D(100)}}
    # when the sensitivity of area a is computed
    result = sensitivity(weights, providers)[0]
    # then any move breaks the tie: more weight on a puts Beta ahead, less puts Alpha ahead
    assert (result.min_share, result.current_share, result.max_share) == (D("0.5"), D("0.5"), D("0.5"))
    assert result.swap_above == ("Beta", "Alpha")
    assert result.swap_below == ("Alpha", "Beta")


def test_sensitivity_tie_that_never_breaks_is_no_boundary():
    # given two providers with the same scores everywhere
    weights = {"a": D(1), "b": D(3)}
    providers = {"Alpha": {"a": D(70), "b": D(20)}, "Beta": {"a": D(70), "b": D(20)}, "Gamma": {"a": D(10), "b": D(0)}}
    # when the sensitivities are computed
    results = sensitivity(weights, providers)
    # then the ranking holds all the way in both areas
    assert [(r.min_share, r.max_share, r.swap_below, r.swap_above) for r in results] == [(D(0), D(1), None, None)] * 2


def test_sensitivity_touching_without_crossing_is_no_boundary():
    # given weights A 2, B 1, C 3 (share of A t0 = 1/3; B and C keep 1:3 of the rest), and
    #   Adatum with A 0 and C 60 (no B):   (180 - 180t) / (3 + t), 36 at t0
    #   Wingtip with A 10 and B 90 (no C): (90 - 50t) / (1 + 3t), 36.67 at t0
    #   Adatum - Wingtip has the sign of (180 - 180t)(1 + 3t) - (90 - 50t)(3 + t)
    #   = -490t^2 + 420t - 90 = -490(t - 3/7)^2: level at 3/7 (both 30), Wingtip ahead elsewhere
    weights = {"A": D(2), "B": D(1), "C": D(3)}
    providers = {"Adatum": {"A": D(0), "C": D(60)}, "Wingtip": {"A": D(10), "B": D(90)}}
    # when the sensitivity of A is computed
    result = sensitivity(weights, providers)[0]
    # then the touch at 3/7 is no ranking change: it holds all the way
    assert (result.min_share, result.max_share) == (D(0), D(1))
    assert (result.swap_below, result.swap_above) == (None, None)


@pytest.mark.parametrize(
    ("weights", "providers", "expected"),
    [
        # A 1, B 1, C 3: t0 = 1/5, B and C keep 1:3 of the rest.
        #   Adatum A 0, C 50: 150(1 - t) / (3 + t), 37.5 at t0; Wingtip A 10, B 70: (70 - 30t) / (1 + 3t), 40
        #   Adatum - Wingtip ~ 150(1 - t)(1 + 3t) - (70 - 30t)(3 + t) = -20(3t - 1)(7t - 3)
        #   Adatum ahead between 1/3 and 3/7: the nearest crossing above t0 is 1/3
        (
            {"A": D(1), "B": D(1), "C": D(3)},
            {"Adatum": {"A": D(0), "C": D(50)}, "Wingtip": {"A": D(10), "B": D(70)}},
            (D(0), D("0.3333"), None, ("Adatum", "Wingtip")),
        ),
        # A 2, B 1, C 3: t0 = 1/3, B and C keep 1:3 of the rest.
        #   Adatum A 0, C 60: (180 - 180t) / (3 + t), 36 at t0; Wingtip A 20, B 70: (70 + 10t) / (1 + 3t), 36.67
        #   Adatum - Wingtip ~ (180 - 180t)(1 + 3t) - (70 + 10t)(3 + t) = -10(5t - 1)(11t - 3)
        #   Adatum ahead between 1/5 and 3/11: the nearest crossing below t0 is 3/11 = 0.272727...
        (
            {"A": D(2), "B": D(1), "C": D(3)},
            {"Adatum": {"A": D(0), "C": D(60)}, "Wingtip": {"A": D(20), "B": D(70)}},
            (D("0.2727"), D(1), ("Adatum", "Wingtip"), None),
        ),
    ],
    ids=["above", "below"],
)
def test_sensitivity_two_crossings_on_one_side_report_the_nearest(weights, providers, expected):
    # given two providers whose overalls cross twice on one side of the current share of A
    # when the sensitivity of A is computed
    result = sensitivity(weights, providers)[0]
    # then the bound is the crossing nearest the current share
    assert (result.min_share, result.max_share, result.swap_below, result.swap_above) == expected


SURD_PARTS = st.fractions(min_value=-20, max_value=20, max_denominator=12)
SURD_RADICANDS = st.fractions(min_value=0, max_value=30, max_denominator=6)


@hypothesis_settings(max_examples=150, deadline=None)
@given(SURD_PARTS, SURD_PARTS, SURD_RADICANDS, SURD_PARTS, SURD_PARTS, SURD_RADICANDS)
def test_sensitivity_exact_comparison_agrees_with_high_precision(u1, v1, d1, u2, v2, d2):
    # given two numbers u + v·sqrt(d), as the crossings are kept
    x, y = _Surd(u1, v1, d1), _Surd(u2, v2, d2)
    # when they are compared exactly
    sign = _compare(x, y)
    # then the sign is that of their difference at 80 digits (0 when it vanishes there)
    with localcontext() as ctx:
        ctx.prec = 80

        def value(f):
            return D(f.numerator) / D(f.denominator)

        diff = value(u1) + value(v1) * value(d1).sqrt() - value(u2) - value(v2) * value(d2).sqrt()
    expected = 0 if abs(diff) < D("1e-60") else (1 if diff > 0 else -1)
    assert sign == expected


@pytest.mark.parametrize(
    ("weights", "providers"),
    [
        ({"only": D(3)}, {"A": {"only": D(10)}, "B": {"only": D(90)}}),
        ({"a": D(1), "b": D(1)}, {"A": {"a": D(10), "b": D(50)}}),
        ({"a": D(1), "b": D(1)}, {"A": {"a": D(10), "b": D(50)}, "B": {"a": None, "b": None}, "C": {}}),
        ({"a": D(1), "b": D(1)}, {}),
    ],
    ids=["single-area", "single-provider", "providers-without-overall", "no-providers"],
)
def test_sensitivity_nothing_to_rank_holds_all_the_way(weights, providers):
    # given fewer than two providers with an overall, or a single area
    # when the sensitivities are computed
    results = sensitivity(weights, providers)
    # then every interval is [0, 1] without swaps
    assert len(results) == len(weights)
    assert all((r.min_share, r.max_share, r.swap_below, r.swap_above) == (D(0), D(1), None, None) for r in results)


def test_sensitivity_leaves_out_zero_weight_and_unknown_areas():
    # given an area of weight 0 and scores for an area that has no weight at all
    weights = {"a": D(1), "zero": D(0), "b": D(3)}
    providers = {"A": {"a": D(80), "b": D(20), "zero": D(100), "other": D(0)}, "B": {"a": D(20), "b": D(40)}}
    # when the sensitivities are computed
    results = sensitivity(weights, providers)
    # then only the weighted areas are reported, and the others do not move the shares
    #   A(t) = 80t + 20(1 - t) = 20 + 60t; B(t) = 20t + 40(1 - t) = 40 - 20t; equal at t = 1/4
    assert [r.area_key for r in results] == ["a", "b"]
    assert results[0].current_share == D("0.25")
    assert (results[0].min_share, results[0].max_share) == (D("0.25"), D("0.25"))  # tied now


def brute_force(weights, scores, key, steps=10_000):
    """The first ranking change on each side of the current share, scanning t = k / steps.

    At share t = k/steps the weights k·R for `key` and W_o·(steps - k) for each other area (R their
    total) are proportional to t and W_o·(1 - t)/R. Each provider's Σ weight·score and Σ weight
    split into the `key` part (times k) and the rest (times steps - k): all in integers.
    """
    names = [n for n, s in scores.items() if any(v is not None for v in s.values())]
    pairs = list(combinations(names, 2))
    rest = sum(w for a, w in weights.items() if a != key)
    parts = {}
    for name in names:
        known = {a: v for a, v in scores[name].items() if v is not None}
        has_key = key in known
        parts[name] = (
            known[key] * rest if has_key else 0,  # numerator per unit of k
            rest if has_key else 0,  # denominator per unit of k
            sum(weights[a] * v for a, v in known.items() if a != key),  # per unit of (steps - k)
            sum(weights[a] for a in known if a != key),
        )

    def pattern(k, steps_left):
        sums = {n: (k * xn + steps_left * yn, k * xd + steps_left * yd) for n, (xn, xd, yn, yd) in parts.items()}
        signs = {}
        for p, q in pairs:
            left, right = sums[p][0] * sums[q][1], sums[q][0] * sums[p][1]
            signs[(p, q)] = (left > right) - (left < right)
        return signs

    # the current weights are k = W_key / R, steps_left = 1 (times R, which changes no sign)
    now = pattern(Fraction(weights[key], rest), 1)

    def changed(k):
        later, swaps = pattern(k, steps - k), set()
        for (p, q), sign in now.items():
            if sign and later[(p, q)] == -sign:
                swaps.add((q, p) if sign > 0 else (p, q))
            elif not sign and later[(p, q)]:
                swaps.add((p, q) if later[(p, q)] > 0 else (q, p))
        return swaps

    t0 = Fraction(weights[key], sum(weights.values())) * steps
    first_above = next(((k, s) for k in range(math.floor(t0) + 1, steps) if (s := changed(k))), None)
    first_below = next(((k, s) for k in range(math.ceil(t0) - 1, 0, -1) if (s := changed(k))), None)
    return first_above, first_below


def random_case(seed, coarse):
    """Random weights and scores in hundredths of a point (about 1 in 5 missing); coarse cases
    draw from a few round values, so ties now, ties that break and shared crossings are common."""
    rng = random.Random(seed)
    areas = [f"area{i}" for i in range(rng.randint(2, 4))]
    weights = {a: rng.randint(1, 3 if coarse else 12) for a in areas}
    scores = {}
    for p in range(rng.randint(2, 6 if coarse else 5)):
        draw = (lambda: rng.choice([0, 2500, 5000, 7500, 10_000])) if coarse else (lambda: rng.randint(0, 10_000))
        scores[f"p{p}"] = {a: (None if rng.random() < 0.2 else draw()) for a in areas}
    providers = {n: {a: (None if v is None else D(v) / 100) for a, v in s.items()} for n, s in scores.items()}
    return weights, scores, {a: D(w) for a, w in weights.items()}, providers


# The coarse seeds are ones whose cases hold a tie at the current weights that breaks.
BRUTE_FORCE_CASES = [(seed, False) for seed in range(10)] + [(seed, True) for seed in (9, 14, 17, 22)]


@pytest.mark.parametrize(("seed", "coarse"), BRUTE_FORCE_CASES)
def test_sensitivity_matches_a_brute_force_scan(seed, coarse):
    # given random weights and scores
    weights, scores, area_weights, providers = random_case(seed, coarse)
    step = D("0.0001")
    # when the exact sensitivity is computed
    results = sensitivity(area_weights, providers)
    # then on each side the brute-force first change (over all pairs) on a 10,001-point grid lies
    #   within one step of the exact bound, and its swapped pairs include the one reported
    assert [r.area_key for r in results] == list(weights)
    for result in results:
        above, below = brute_force(weights, scores, result.area_key)
        if above is None:
            assert result.max_share >= 1 - step  # an exact root in (0.9999, 1) is off the grid
        else:
            k, swaps = above
            assert D(k) * step - step <= result.max_share <= D(k) * step
            assert result.swap_above in swaps
        if below is None:
            assert result.min_share <= step
        else:
            k, swaps = below
            assert D(k) * step <= result.min_share <= D(k) * step + step
            assert result.swap_below in swaps
        assert result.min_share <= result.current_share <= result.max_share


def test_sensitivity_brute_force_cases_do_cross():
    # given the random cases of the brute-force test
    # when their sensitivities are computed
    results = [r for seed, coarse in BRUTE_FORCE_CASES for r in sensitivity(*random_case(seed, coarse)[2:])]
    # then they exercise real crossings and ties now, not only rankings that hold all the way
    assert sum((r.swap_above is not None) + (r.swap_below is not None) for r in results) >= 10
    assert any(r.min_share == r.current_share == r.max_share for r in results)


# --- Properties ------------------------------------------------------------------------------

KIND_NAMES = ("scale", "yes_no", "number", "choice")
WEIGHT_CHOICES = (D("0"), D("0.5"), D("1"), D("2"), D("3.125"))
WEIGHT_VALUES = st.sampled_from(WEIGHT_CHOICES)
STATES = ("answered", "answered", "na", "none")
# One question and its answer as four integers (few draws keep hypothesis fast on small machines):
# the flags (kind, weight, reverse, direction, state, evidence), the range (low, span), the raw
# answer value and the choice points (1 to 4 options of 0 to 10 points).
QUESTION_SHAPES = st.tuples(
    st.integers(0, 4 * 5 * 2 * 2 * 4 * 2 - 1),
    st.integers(0, 201 * 200 - 1),
    st.integers(0, 80_000),
    st.integers(0, 4 * 11**4 - 1),
)


def unpack(code, *sizes):
    """`code` as digits of the given (mixed) bases, least significant first."""
    digits = []
    for size in sizes:
        code, digit = divmod(code, size)
        digits.append(digit)
    return digits


def build_question(qid, area_key, shape):
    """A question from a drawn shape, and its answer (None when unanswered)."""
    flags, bounds, raw, packed_points = shape
    kind, weight, reverse, direction, state, evidence = unpack(flags, 4, 5, 2, 2, 4, 2)
    kind, state, evidence = KIND_NAMES[kind], STATES[state], bool(evidence)
    extra, value = {}, None
    if kind == "scale":
        value = 1 + raw % 5 if raw % 2 else D(1 + raw % 5)
    elif kind == "yes_no":
        extra["reverse"], value = bool(reverse), raw % 2 == 1
    elif kind == "number":
        low, span = unpack(bounds, 201, 200)
        extra.update(
            low=D(low - 100), high=D(low - 100 + span + 1), direction=("higher_better", "lower_better")[direction]
        )
        value = D(raw - 40_000) / 100  # -400.00 .. 400.00, often outside the range
    else:
        count, *points = unpack(packed_points, 4, 11, 11, 11, 11)
        extra["options"] = tuple((f"o{i}", D(p)) for i, p in enumerate(points[: count + 1]))
        value = f"o{raw % (count + 1)}"
    question = QuestionSpec(id=qid, area_key=area_key, kind=kind, weight=WEIGHT_CHOICES[weight], **extra)
    if state == "answered":
        return question, answer(qid, value, evidence=evidence)
    return question, (na(qid, evidence=evidence) if state == "na" else None)


def build_scorecard(drawn):
    areas, answers, qid = [], [], 0
    for a, (weight, shapes) in enumerate(drawn):
        questions = []
        for shape in shapes:
            qid += 1
            question, given_answer = build_question(qid, f"a{a}", shape)
            questions.append(question)
            answers += [given_answer] if given_answer else []
        areas.append(AreaSpec(key=f"a{a}", weight=weight, questions=tuple(questions)))
    return QuestionnaireSpec(areas=tuple(areas)), answers


def scorecards():
    """A questionnaire of 1 to 3 areas of 0 to 4 questions, and valid answers to some of them."""
    areas = st.lists(st.tuples(WEIGHT_VALUES, st.lists(QUESTION_SHAPES, max_size=4)), min_size=1, max_size=3)
    return areas.map(build_scorecard)


PROPERTY = hypothesis_settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOLERANCE = D("0.0005")


@PROPERTY
@given(scorecards())
def test_compute_score_figures_stay_in_range(case):
    # given any questionnaire and valid answers
    spec, answers = case
    # when scored
    result = compute_score(spec, answers)
    # then scores are within [0, 100] and shares within [0, 1]
    scores = [result.overall] + [a.score for a in result.areas]
    shares = [result.completeness, result.evidence_share]
    shares += [a.completeness for a in result.areas] + [a.evidence_share for a in result.areas]
    assert all(D(0) <= s <= D(100) for s in scores if s is not None)
    assert all(D(0) <= s <= D(1) for s in shares if s is not None)
    assert all(q.normalised is None or D(0) <= q.normalised <= D(1) for a in result.areas for q in a.questions)


@PROPERTY
@given(scorecards())
def test_compute_score_contributions_add_up_to_the_scores(case):
    # given any questionnaire and valid answers
    spec, answers = case
    # when scored
    result = compute_score(spec, answers)
    # then question contributions add up to their area score, and area (or question) overall
    #   contributions to the overall, give or take a rounding unit per term
    for area in result.areas:
        parts = [q.contribution for q in area.questions if q.contribution is not None]
        if area.score is None:
            assert parts == []
        else:
            assert abs(sum(parts) - area.score) <= TOLERANCE * len(parts)
    if result.overall is None:
        assert all(a.contribution is None for a in result.areas)
    else:
        parts = [a.contribution for a in result.areas if a.contribution is not None]
        assert abs(sum(parts) - result.overall) <= TOLERANCE * len(parts)
        parts = [
            q.overall_contribution for a in result.areas for q in a.questions if q.overall_contribution is not None
        ]
        assert abs(sum(parts) - result.overall) <= TOLERANCE * len(parts)


@PROPERTY
@given(scorecards(), st.randoms(use_true_random=False))
def test_compute_score_order_of_answers_is_irrelevant(case, rnd):
    # given any questionnaire and one answer per question
    spec, answers = case
    shuffled = list(answers)
    rnd.shuffle(shuffled)
    # when scored in two orders
    # then the results are identical
    assert compute_score(spec, shuffled) == compute_score(spec, answers)


def raised(question, value):
    """A better answer than `value`, or None when there is none."""
    if question.kind == "scale":
        return value + 1 if value < 5 else None
    if question.kind == "yes_no":
        return True if not question.reverse and value is False else None
    if question.kind == "number":
        return value + 7 if question.direction == "higher_better" else value - 7
    points = dict(question.options)
    better = [k for k, p in points.items() if p > points[value]]
    return better[0] if better else None


@PROPERTY
@given(scorecards(), st.data())
def test_compute_score_a_better_answer_never_lowers_a_score(case, data):
    # given any scorecard and one of its answers that can be improved
    spec, answers = case
    questions = {q.id: q for a in spec.areas for q in a.questions}
    candidates = [
        i
        for i, a in enumerate(answers)
        if not a.not_applicable and raised(questions[a.question_id], a.value) is not None
    ]
    if not candidates:
        return
    i = data.draw(st.sampled_from(candidates))
    question = questions[answers[i].question_id]
    better = list(answers)
    better[i] = replace(answers[i], value=raised(question, answers[i].value))
    # when both are scored
    before, after = compute_score(spec, answers), compute_score(spec, better)
    # then neither the area score nor the overall went down
    old, new = before.area(question.area_key).score, after.area(question.area_key).score
    assert (old is None) == (new is None)
    assert old is None or new >= old
    assert (before.overall is None) == (after.overall is None)
    assert before.overall is None or after.overall >= before.overall


@PROPERTY
@given(scorecards(), st.data())
def test_compute_score_zero_weight_question_is_as_if_removed(case, data):
    # given any scorecard and one of its questions
    spec, answers = case
    ids = [q.id for a in spec.areas for q in a.questions]
    if not ids:
        return
    qid = data.draw(st.sampled_from(ids))

    def rebuilt(keep):
        return QuestionnaireSpec(
            areas=tuple(replace(a, questions=tuple(keep(q) for q in a.questions if keep(q))) for a in spec.areas)
        )

    # when the question's weight is set to 0, or the question is removed
    zeroed = compute_score(rebuilt(lambda q: replace(q, weight=D(0)) if q.id == qid else q), answers)
    removed = compute_score(rebuilt(lambda q: None if q.id == qid else q), answers)
    # then every figure is the same, and so is every other question's explanation
    assert (zeroed.overall, zeroed.completeness, zeroed.evidence_share) == (
        removed.overall,
        removed.completeness,
        removed.evidence_share,
    )
    for z, r in zip(zeroed.areas, removed.areas, strict=True):
        assert replace(z, questions=tuple(q for q in z.questions if q.question_id != qid)) == r


@PROPERTY
@given(scorecards(), st.data())
def test_compute_score_zero_weight_area_is_as_if_removed(case, data):
    # given any scorecard and one of its areas
    spec, answers = case
    key = data.draw(st.sampled_from([a.key for a in spec.areas]))
    # when the area's weight is set to 0, or the area is removed
    zeroed = compute_score(
        QuestionnaireSpec(areas=tuple(replace(a, weight=D(0)) if a.key == key else a for a in spec.areas)), answers
    )
    removed = compute_score(QuestionnaireSpec(areas=tuple(a for a in spec.areas if a.key != key)), answers)
    # then the overall figures and the other areas are the same
    assert (zeroed.overall, zeroed.completeness, zeroed.evidence_share) == (
        removed.overall,
        removed.completeness,
        removed.evidence_share,
    )
    assert tuple(a for a in zeroed.areas if a.key != key) == removed.areas


@PROPERTY
@given(scorecards(), st.data())
def test_compute_score_adding_an_na_never_changes_a_score(case, data):
    # given any scorecard with an unanswered question
    spec, answers = case
    answered = {a.question_id for a in answers}
    open_ids = [q.id for a in spec.areas for q in a.questions if q.id not in answered]
    if not open_ids:
        return
    qid = data.draw(st.sampled_from(open_ids))
    # when that question is marked N/A
    before, after = compute_score(spec, answers), compute_score(spec, [*answers, na(qid)])
    # then no score moves, and completeness does not go down
    assert after.area_scores == before.area_scores
    assert after.overall == before.overall
    assert after.evidence_share == before.evidence_share
    assert before.completeness is None or after.completeness >= before.completeness


# --- Partnership score -------------------------------------------------------------------

from assessments.scoring import partnership_score  # noqa: E402


@pytest.mark.parametrize(
    ("provider", "readiness", "attainments", "share", "expected"),
    [
        # both halves: reseller side = mean(60, 100 x mean(0.5, min(1.4, 1))) = mean(60, 75) = 67.5
        (Decimal("80"), Decimal("60"), (Decimal("0.5"), Decimal("1.4")), Decimal("0.5"), ("80", "67.5", "73.75")),
        # a 70/30 balance towards the provider's side
        (Decimal("80"), Decimal("60"), (), Decimal("0.7"), ("80", "60", "74")),
        # no commitments and no readiness: no reseller side, so no combined score
        (Decimal("80"), None, (), Decimal("0.5"), ("80", None, None)),
        # no scorecard yet: only the reseller's half
        (None, None, (Decimal("0.25"),), Decimal("0.5"), (None, "25", None)),
    ],
)
def test_partnership_score_combines_both_halves(provider, readiness, attainments, share, expected):
    # when the halves are combined
    result = partnership_score(
        provider_scorecard=provider, readiness=readiness, attainments=attainments, provider_share=share
    )
    # then each half and the combination match the hand-worked figures
    as_text = tuple(
        None if v is None else str(v.normalize()) for v in (result.provider_side, result.reseller_side, result.combined)
    )
    assert as_text == tuple(None if e is None else str(Decimal(e).normalize()) for e in expected)


def test_partnership_score_rejects_a_share_outside_0_to_1():
    with pytest.raises(ValueError):
        partnership_score(provider_scorecard=None, readiness=None, attainments=(), provider_share=Decimal("1.2"))
