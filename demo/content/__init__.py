"""The demo world's fixed content: the TOML files beside this module, read and checked into a `World`.

`organisations.toml` holds the directory's tags, the providers and the resellers; `people.toml`
the users and their memberships; `scorecards.toml` the scorecards and readiness self-assessments
the resellers wrote, the comments their answers may carry and the questions whose answers come
from a provider's profile; `commitments.toml` the two-way ledger. Each file's comments say what
its keys mean, and a reader of the same name checks it. The questionnaires are product content
(`assessments.content`); drawing the answers and the `--scale` data set is code (`demo.activity`,
`demo.scale`).

Checked as it is read, every problem named by file and key path (`cspeval.contentfiles`): the
keys and their types; at least 6 providers and 6 resellers (PRODUCT.md); no slug, name or
username twice; every tag, organisation, area and question that one entry names exists;
provider figures a reseller would believe; a draft never shared; a commitment's KPI one its side
may offer, its figures as the ledger takes them, and its path a walk through the ledger's
states from `proposed`, with a counter exactly when it was countered and progress only once it
was accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cspeval.contentfiles import read
from demo.content.commitments import PERIODS, CommitmentPlan, read_commitments
from demo.content.organisations import Person, Provider, Reseller, read_organisations, read_people
from demo.content.scorecards import AnswerSource, ReadinessPlan, ScorecardPlan, read_scorecards

DIRECTORY = Path(__file__).resolve().parent

__all__ = [
    "PERIODS",
    "AnswerSource",
    "CommitmentPlan",
    "Person",
    "Provider",
    "ReadinessPlan",
    "Reseller",
    "ScorecardPlan",
    "World",
    "load_world",
    "world",
]


@dataclass(frozen=True)
class World:
    tags: dict[str, tuple[str, ...]]  # names by Tag.Kind
    providers: tuple[Provider, ...]
    resellers: tuple[Reseller, ...]
    people: tuple[Person, ...]
    scorecards: tuple[ScorecardPlan, ...]  # in the order they were written
    readiness: tuple[ReadinessPlan, ...]
    answer_sources: tuple[AnswerSource, ...]  # of the provider scorecard
    comments: dict[str, dict[str, tuple[str, ...]]]  # by questionnaire kind, then "good" or "poor"
    commitments: tuple[CommitmentPlan, ...]

    def organisation(self, slug: str) -> Provider | Reseller:
        return next(org for org in (*self.providers, *self.resellers) if org.slug == slug)


@cache
def world() -> World:
    """The shipped demo world, read once a process; ContentError when a file is broken."""
    return load_world(DIRECTORY)


def load_world(directory: Path) -> World:
    """The demo world in `directory`'s four files, checked."""
    tags, providers, resellers = read_organisations(read(directory / "organisations.toml"))
    provider_slugs, reseller_slugs = {p.slug for p in providers}, {r.slug for r in resellers}
    people = read_people(read(directory / "people.toml"), provider_slugs | reseller_slugs)
    activity = read_scorecards(read(directory / "scorecards.toml"), provider_slugs, reseller_slugs)
    commitments = read_commitments(read(directory / "commitments.toml"), provider_slugs, reseller_slugs)
    return World(
        tags=tags,
        providers=providers,
        resellers=resellers,
        people=people,
        scorecards=activity.scorecards,
        readiness=activity.readiness,
        answer_sources=activity.answer_sources,
        comments=activity.comments,
        commitments=commitments,
    )
