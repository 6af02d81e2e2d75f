"""`scorecards.toml`: what the demo resellers filled in, the comments their answers may carry and
the provider-scorecard questions whose answers come from what a provider's profile states."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.content.questionnaires import questionnaire_content
from assessments.models import Answer, AreaKey, QuestionKind, QuestionnaireKind, ScorecardStatus
from cspeval.contentfiles import Node
from demo.content.checks import max_length, slug, unique

PROFILE_FIGURES = ("margin_points", "enablement_days", "support_hours")  # of a demo provider
MONTHS_AGO = 120  # at most


@dataclass(frozen=True)
class ScorecardPlan:
    reseller: str
    provider: str
    status: str
    shared: bool
    months_ago: int


@dataclass(frozen=True)
class ReadinessPlan:
    reseller: str
    status: str
    shared_with: tuple[str, ...]
    months_ago: int


@dataclass(frozen=True)
class AnswerSource:
    area: str
    position: int  # the question's place in its area, from 1
    figure: str  # one of PROFILE_FIGURES


@dataclass(frozen=True)
class Activity:
    scorecards: tuple[ScorecardPlan, ...]
    readiness: tuple[ReadinessPlan, ...]
    answer_sources: tuple[AnswerSource, ...]
    comments: dict[str, dict[str, tuple[str, ...]]]  # by questionnaire kind, then "good" or "poor"


def read_scorecards(root: Node, providers: set[str], resellers: set[str]) -> Activity:
    fields = root.table(required=("scorecards", "readiness", "answer_sources", "comments"))
    readiness = tuple(_readiness(node, providers, resellers) for node in fields["readiness"].array())
    unique(fields["readiness"], [plan.reseller for plan in readiness], "reseller")
    return Activity(
        scorecards=tuple(_scorecard(node, providers, resellers) for node in fields["scorecards"].array(at_least=1)),
        readiness=readiness,
        answer_sources=tuple(_answer_source(node) for node in fields["answer_sources"].array()),
        comments=_comments(fields["comments"]),
    )


def _scorecard(node: Node, providers: set[str], resellers: set[str]) -> ScorecardPlan:
    fields = node.table(required=("reseller", "provider", "status", "shared", "months_ago"))
    status = fields["status"].one_of(ScorecardStatus.values)
    shared = fields["shared"].boolean()
    if shared and status == ScorecardStatus.DRAFT:
        fields["shared"].fail("must be false: a draft is never shared with its provider")
    return ScorecardPlan(
        reseller=slug(fields["reseller"], resellers, "reseller"),
        provider=slug(fields["provider"], providers, "provider"),
        status=status,
        shared=shared,
        months_ago=fields["months_ago"].whole(low=0, high=MONTHS_AGO),
    )


def _readiness(node: Node, providers: set[str], resellers: set[str]) -> ReadinessPlan:
    fields = node.table(required=("reseller", "status", "shared_with", "months_ago"))
    status = fields["status"].one_of(ScorecardStatus.values)
    shared_with = tuple(slug(item, providers, "provider") for item in fields["shared_with"].array())
    if shared_with and status == ScorecardStatus.DRAFT:
        fields["shared_with"].fail("must be empty: a draft is never shared")
    return ReadinessPlan(
        reseller=slug(fields["reseller"], resellers, "reseller"),
        status=status,
        shared_with=shared_with,
        months_ago=fields["months_ago"].whole(low=0, high=MONTHS_AGO),
    )


def _answer_source(node: Node) -> AnswerSource:
    fields = node.table(required=("area", "question", "profile"))
    area_key = fields["area"].one_of(AreaKey.values)
    position = fields["question"].whole(low=1)
    scorecard = questionnaire_content(QuestionnaireKind.PROVIDER_SCORECARD)
    questions = next(area.questions for area in scorecard.areas if area.key == area_key)
    if position > len(questions):
        fields["question"].fail(f"is past the end: the provider scorecard's {area_key} area has {len(questions)}")
    if questions[position - 1].kind != QuestionKind.NUMBER:
        kind = questions[position - 1].kind
        fields["question"].fail(f"is a {kind} question; only a number question's answer can come from the profile")
    return AnswerSource(area=area_key, position=position, figure=fields["profile"].one_of(PROFILE_FIGURES))


def _comments(node: Node) -> dict[str, dict[str, tuple[str, ...]]]:
    fields = node.table(required=QuestionnaireKind.values)
    limit = max_length(Answer, "comment")
    comments = {}
    for kind in QuestionnaireKind.values:
        sets = fields[kind].table(required=("good", "poor"))
        comments[kind] = {
            how: tuple(item.text(max_length=limit) for item in sets[how].array(at_least=1)) for how in sets
        }
    return comments
