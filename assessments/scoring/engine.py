"""The scoring engine: a questionnaire's spec and a scorecard's answers in, an explained score out.

Pure Python (no Django, no floats). Every sum is computed exactly with `Fraction` and rounded
once, at the end, to 4 decimal places with ROUND_HALF_UP (PostgreSQL's `round` on numeric).

The product's rules:

* An answer is normalised to [0, 1] (`normalise`). A question is *answered* (an answer that is
  not N/A), *not applicable* (N/A) or *unanswered*. Unanswered and N/A questions never count
  as zero: they leave both the sum and the denominator.
* Area score = 100 · Σ w·s / Σ w over the area's answered questions of positive weight; None
  when that weight is 0. Overall = Σ W·score / Σ W over the areas of positive weight that have
  a score; None when there are none (nothing answered is None, never 0).
* A weight of zero takes a question (or an area) out of the score, the completeness and the
  evidence share, without losing its answer.
* Completeness of an area = weight answered or N/A / total weight (None when the total is 0);
  overall completeness = Σ W·c / Σ W over the areas of positive weight and positive total.
* Evidence share of an area = answered weight with evidence / answered weight; overall, the
  same ratio with each question's effective weight W/ΣW · w/Σw over those same areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import overload

KINDS = ("scale", "yes_no", "number", "choice")
DIRECTIONS = ("higher_better", "lower_better")
ANSWERED, NOT_APPLICABLE, UNANSWERED = "answered", "not_applicable", "unanswered"


class AnswerValueError(ValueError):
    """An answer its question cannot take. The message is plain English, fit to show the user."""

    def __init__(self, message: str, question_id: int | None = None) -> None:
        super().__init__(message)
        self.question_id = question_id


def _number(value: object) -> Fraction | None:
    """A finite int, Decimal or float as an exact Fraction; None for anything else (bools too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, float):
        return Fraction(repr(value)) if value == value and abs(value) != float("inf") else None
    return None


def _non_negative(value: object, what: str) -> Decimal:
    number = _number(value)
    if number is None or number < 0:
        raise ValueError(f"{what} must be a number of at least 0, not {value!r}.")
    return value if isinstance(value, Decimal) else _decimal(number)


def _decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal (exact when it terminates, else to the context's 28 digits)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


@overload
def quantize(value: None, places: int = 4) -> None: ...
@overload
def quantize(value: Decimal | Fraction | int | str, places: int = 4) -> Decimal: ...
def quantize(value, places=4):
    """`value` rounded to `places` decimal places (4, as every stored figure is kept, unless told),
    halves away from zero (ROUND_HALF_UP); None stays None. The one rounding rule: of every stored
    figure, and of every figure a page or the API shows with fewer places."""
    if value is None:
        return None
    exact = value if isinstance(value, Fraction) else Fraction(value)
    scaled = abs(exact) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(f"{-whole if exact < 0 else whole}E-{places}")


# --- Specs in --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    area_key: str
    kind: str
    weight: Decimal
    reverse: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    direction: str = "higher_better"
    options: tuple[tuple[str, Decimal], ...] = ()
    evidence_expected: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"A question's kind must be one of {', '.join(KINDS)}, not {self.kind!r}.")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"A question's direction must be one of {', '.join(DIRECTIONS)}, not {self.direction!r}.")
        object.__setattr__(self, "weight", _non_negative(self.weight, "A question's weight"))
        options = tuple((key, _non_negative(points, "An option's points")) for key, points in self.options)
        object.__setattr__(self, "options", options)


@dataclass(frozen=True)
class AreaSpec:
    key: str
    weight: Decimal
    questions: tuple[QuestionSpec, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", _non_negative(self.weight, "An area's weight"))
        object.__setattr__(self, "questions", tuple(self.questions))


@dataclass(frozen=True)
class QuestionnaireSpec:
    areas: tuple[AreaSpec, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "areas", tuple(self.areas))
        keys = [area.key for area in self.areas]
        ids = [q.id for area in self.areas for q in area.questions]
        if len(set(keys)) != len(keys):
            raise ValueError("Each area of a questionnaire needs its own key.")
        if len(set(ids)) != len(ids):
            raise ValueError("Each question of a questionnaire needs its own id.")


@dataclass(frozen=True)
class AnswerInput:
    question_id: int
    value: Decimal | int | bool | str | None
    not_applicable: bool = False
    has_evidence: bool = False


# --- Normalisation ---------------------------------------------------------------------------


def _normalised(question: QuestionSpec, value: object) -> Fraction:
    if question.kind == "scale":
        number = _number(value)
        if number is None or number.denominator != 1 or not 1 <= number <= 5:
            raise AnswerValueError("Choose a whole number from 1 to 5.")
        return (number - 1) / 4
    if question.kind == "yes_no":
        if not isinstance(value, bool):
            raise AnswerValueError("Answer yes or no.")
        return Fraction(int(value != question.reverse))
    if question.kind == "number":
        low, high = _number(question.low), _number(question.high)
        if low is None or high is None or low >= high:
            raise AnswerValueError("This question has no valid range yet (its low must be below its high).")
        number = _number(value)
        if number is None:
            raise AnswerValueError("Enter a number.")
        share = min(max((number - low) / (high - low), Fraction(0)), Fraction(1))
        return 1 - share if question.direction == "lower_better" else share
    points = dict(question.options)
    if not points:
        raise AnswerValueError("This question has no options to choose from yet.")
    if not isinstance(value, str) or value not in points:
        raise AnswerValueError(f"Choose one of the options: {', '.join(points)}.")
    best = max(points.values())
    return Fraction(points[value]) / Fraction(best) if best > 0 else Fraction(0)


def normalise(question: QuestionSpec, value: object) -> Decimal:
    """The answer `value` to `question` on [0, 1]; raises AnswerValueError when it cannot take it."""
    return _decimal(_normalised(question, value))


# --- Results out -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    area_key: str
    status: str  # "answered", "not_applicable" or "unanswered"
    weight: Decimal
    normalised: Decimal | None
    contribution: Decimal | None  # points added to the area score
    overall_contribution: Decimal | None  # points added to the overall score
    has_evidence: bool


@dataclass(frozen=True)
class AreaResult:
    key: str
    weight: Decimal
    score: Decimal | None
    completeness: Decimal | None
    evidence_share: Decimal | None
    answered_weight: Decimal
    total_weight: Decimal
    contribution: Decimal | None  # points added to the overall score
    questions: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class ScoreResult:
    overall: Decimal | None
    completeness: Decimal | None
    evidence_share: Decimal | None
    areas: tuple[AreaResult, ...]

    def area(self, key: str) -> AreaResult:
        for area in self.areas:
            if area.key == key:
                return area
        raise KeyError(key)

    @property
    def area_scores(self) -> dict[str, Decimal | None]:
        return {area.key: area.score for area in self.areas}


@dataclass
class _Area:
    """An area's exact sums while scoring."""

    spec: AreaSpec
    rows: list[tuple[QuestionSpec, str, Fraction | None, bool]]
    total: Fraction = Fraction(0)
    responded: Fraction = Fraction(0)
    answered: Fraction = Fraction(0)
    evidenced: Fraction = Fraction(0)
    points: Fraction = Fraction(0)

    @property
    def score(self) -> Fraction | None:
        return 100 * self.points / self.answered if self.answered else None


def _tally(area: AreaSpec, latest: dict[int, AnswerInput]) -> _Area:
    tally = _Area(area, [])
    for question in area.questions:
        answer = latest.get(question.id)
        weight, value = Fraction(question.weight), None
        if answer is not None and answer.not_applicable:
            status = NOT_APPLICABLE
        elif answer is None or answer.value is None:
            status = UNANSWERED
        else:
            status = ANSWERED
            try:
                value = _normalised(question, answer.value)
            except AnswerValueError as exc:
                raise AnswerValueError(f"Question {question.id}: {exc}", question.id) from exc
        evidence = answer is not None and answer.has_evidence
        tally.rows.append((question, status, value, evidence))
        tally.total += weight
        if status != UNANSWERED:
            tally.responded += weight
        if value is not None:
            tally.answered += weight
            tally.points += weight * value
            tally.evidenced += weight if evidence else 0
    return tally


def _ratio(numerator: Fraction, denominator: Fraction) -> Fraction | None:
    return numerator / denominator if denominator else None


def compute_score(questionnaire: QuestionnaireSpec, answers: Iterable[AnswerInput]) -> ScoreResult:
    """Score a scorecard's answers against a questionnaire, explained question by question.

    Answers to questions the questionnaire does not have are ignored; of several answers to one
    question the last wins. An answer its question cannot take raises AnswerValueError.
    """
    known = {q.id for area in questionnaire.areas for q in area.questions}
    latest = {answer.question_id: answer for answer in answers if answer.question_id in known}
    tallies = [_tally(area, latest) for area in questionnaire.areas]

    scored = [(Fraction(t.spec.weight), t.score) for t in tallies if t.score is not None and t.spec.weight > 0]
    scored_weight = sum((w for w, _ in scored), Fraction(0))
    overall = _ratio(sum((w * s for w, s in scored), Fraction(0)), scored_weight)

    counted = [t for t in tallies if t.spec.weight > 0 and t.total > 0]
    counted_weight = sum((Fraction(t.spec.weight) for t in counted), Fraction(0))
    completeness = _ratio(
        sum((Fraction(t.spec.weight) * t.responded / t.total for t in counted), Fraction(0)), counted_weight
    )
    # Effective weight of a question: W/ΣW · w/Σw; the constant 1/ΣW cancels out of the ratio.
    evidence_share = _ratio(
        sum((Fraction(t.spec.weight) * t.evidenced / t.total for t in counted), Fraction(0)),
        sum((Fraction(t.spec.weight) * t.answered / t.total for t in counted), Fraction(0)),
    )

    areas = []
    for tally in tallies:
        score = tally.score
        # Share of the overall carried by this area (0 for a zero-weight area), None off the overall.
        share = Fraction(tally.spec.weight) / scored_weight if overall is not None and score is not None else None
        questions = []
        for question, status, value, evidence in tally.rows:
            contribution = (
                100 * Fraction(question.weight) * value / tally.answered
                if value is not None and score is not None
                else None
            )
            questions.append(
                QuestionResult(
                    question_id=question.id,
                    area_key=tally.spec.key,
                    status=status,
                    weight=question.weight,
                    normalised=quantize(value),
                    contribution=quantize(contribution),
                    overall_contribution=quantize(
                        None if contribution is None or share is None else contribution * share
                    ),
                    has_evidence=evidence,
                )
            )
        areas.append(
            AreaResult(
                key=tally.spec.key,
                weight=tally.spec.weight,
                score=quantize(score),
                completeness=quantize(_ratio(tally.responded, tally.total)),
                evidence_share=quantize(_ratio(tally.evidenced, tally.answered)),
                answered_weight=_decimal(tally.answered),
                total_weight=_decimal(tally.total),
                contribution=quantize(None if share is None else score * share),
                questions=tuple(questions),
            )
        )
    return ScoreResult(
        overall=quantize(overall),
        completeness=quantize(completeness),
        evidence_share=quantize(evidence_share),
        areas=tuple(areas),
    )
