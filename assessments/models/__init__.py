"""The assessments app's models, one module per domain; import them from here."""

from assessments.models.questionnaires import (
    ZERO,
    Area,
    AreaKey,
    Direction,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireQuerySet,
    QuestionnaireStatus,
    QuestionOption,
)
from assessments.models.recomputable import Recomputable, RecomputableQuerySet
from assessments.models.scorecards import (
    EVIDENCED_LEVELS,
    Answer,
    EvidenceLevel,
    Scorecard,
    ScorecardAreaScore,
    ScorecardQuerySet,
    ScorecardReply,
    ScorecardStatus,
    stored_value,
)
from assessments.models.scores import PartnershipScore, ProviderAggregate
from assessments.models.standings import PortalSettings, Standing

__all__ = [
    "EVIDENCED_LEVELS",
    "ZERO",
    "Answer",
    "Area",
    "AreaKey",
    "Direction",
    "EvidenceLevel",
    "PartnershipScore",
    "PortalSettings",
    "ProviderAggregate",
    "Question",
    "QuestionKind",
    "QuestionOption",
    "Questionnaire",
    "QuestionnaireKind",
    "QuestionnaireQuerySet",
    "QuestionnaireStatus",
    "Recomputable",
    "RecomputableQuerySet",
    "Scorecard",
    "ScorecardAreaScore",
    "ScorecardQuerySet",
    "ScorecardReply",
    "ScorecardStatus",
    "Standing",
    "stored_value",
]
