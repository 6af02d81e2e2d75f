"""The pure scoring engine (standard library only, no Django): specs and answers in, scores out.

`engine` normalises answers and computes explained scores, `aggregate` the means and medians of a
provider's aggregate, `partnership` a pair's partnership score, `standings` maps a score to its
band, `sensitivity` finds how far an area's weight can move before the providers' ranking changes.
"""

from .aggregate import mean as aggregate_mean
from .aggregate import median as aggregate_median
from .engine import (
    AnswerInput,
    AnswerValueError,
    AreaResult,
    AreaSpec,
    QuestionnaireSpec,
    QuestionResult,
    QuestionSpec,
    ScoreResult,
    compute_score,
    normalise,
    quantize,
)
from .partnership import PartnershipResult, partnership_score
from .sensitivity import SensitivityResult, WeightInterval, sensitivity
from .standings import DEFAULT_BANDS, Band, standing_for, validate_bands

__all__ = [
    "DEFAULT_BANDS",
    "AnswerInput",
    "AnswerValueError",
    "AreaResult",
    "AreaSpec",
    "Band",
    "PartnershipResult",
    "QuestionResult",
    "QuestionSpec",
    "QuestionnaireSpec",
    "ScoreResult",
    "SensitivityResult",
    "WeightInterval",
    "aggregate_mean",
    "aggregate_median",
    "compute_score",
    "normalise",
    "partnership_score",
    "quantize",
    "sensitivity",
    "standing_for",
    "validate_bands",
]
