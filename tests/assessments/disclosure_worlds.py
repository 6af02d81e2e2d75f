"""Random demo-like worlds, a secret changed in them, and everything a provider member can read.

Shared by tests/assessments/test_non_interference.py (the property) and
tests/assessments/test_disclosure_leaks.py (the examples). Black-box: a world is built through the
services (as resellers and providers would), scores are brought up to date by the recompute command
(as the workers would), and what the provider sees is read through django.test.Client, as bytes.

The observer is always `base.provider_user`, a member of Northwind (P). Fabrikam (Q) is a second
provider with activity of its own; Litware only sits in the directory.
"""

from __future__ import annotations

import datetime
import difflib
import io
import json
import logging
import re
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.http import Http404
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from assessments.models import Answer, Question, Scorecard, ScorecardStatus
from assessments.pipeline.marking import scorecard_mark_dirty
from assessments.services import replies as reply_services
from assessments.services import scorecards as scorecard_services
from commitments import services as commitment_services
from cspeval.errors import Conflict
from tests.factories import MembershipFactory, OrganisationFactory, ProviderFactory, UserFactory, build_questionnaire

# --- The fixed part of every world ---------------------------------------------------------------

# tests.factories.build_questionnaire's questions, in area and question order (checked by `make_base`)
KINDS = ("scale", "yes_no", "scale", "yes_no", "scale", "yes_no", "number", "scale", "yes_no", "choice")
CHOICES = ("none", "some", "always")
RESELLER_NAMES = ("Contoso", "Tailspin", "Adatum", "Woodgrove")
P, Q = 0, 1  # provider indexes: Northwind (the observer's) and Fabrikam


@dataclass
class Base:
    questionnaire: object
    readiness_questionnaire: object
    questions: list  # provider scorecard questions, in KINDS order
    readiness_questions: list
    providers: list  # Northwind, Fabrikam, Litware
    resellers: list
    reseller_users: list  # one member each
    provider_user: object  # Northwind's member: the observer
    provider2_user: object  # Fabrikam's member


def _ordered_questions(questionnaire) -> list:
    return list(
        Question.objects.filter(area__questionnaire=questionnaire)
        .order_by("area__order", "order", "id")
        .prefetch_related("options")
    )


def make_base() -> Base:
    """Questionnaires, organisations and users: made once per test, outside the examples' savepoints."""
    questionnaire = build_questionnaire()
    readiness = build_questionnaire("reseller_readiness")
    questions, readiness_questions = _ordered_questions(questionnaire), _ordered_questions(readiness)
    assert tuple(q.kind for q in questions) == KINDS == tuple(q.kind for q in readiness_questions), (
        "tests.factories.build_questionnaire changed: update KINDS in tests/assessments/disclosure_worlds.py"
    )
    providers = [
        ProviderFactory(name="Northwind", slug="northwind"),
        ProviderFactory(name="Fabrikam", slug="fabrikam"),
        ProviderFactory(name="Litware", slug="litware"),
    ]
    resellers, users = [], []
    for name in RESELLER_NAMES:
        reseller = OrganisationFactory(name=name, slug=name.lower())
        user = MembershipFactory(user=UserFactory(username=f"reseller-{name.lower()}"), organisation=reseller).user
        resellers.append(reseller)
        users.append(user)
    provider_user = MembershipFactory(user=UserFactory(username="provider"), organisation=providers[P]).user
    provider2_user = MembershipFactory(user=UserFactory(username="provider2"), organisation=providers[Q]).user
    return Base(
        questionnaire,
        readiness,
        questions,
        readiness_questions,
        providers,
        resellers,
        users,
        provider_user,
        provider2_user,
    )


# --- Plans: what hypothesis draws ----------------------------------------------------------------


@dataclass(frozen=True)
class AnswerPlan:
    state: str  # "value", "na" (not applicable) or "none" (unanswered)
    value: str = ""  # as a form would post it: "4", "yes", "6.5", "some"
    comment: str = ""
    evidence_url: str = ""
    evidence_level: str = ""


@dataclass(frozen=True)
class ReviewPlan:
    """One scorecard (or readiness): answers given on top of what it was pre-filled with."""

    changes: tuple = ()  # ((question index, AnswerPlan), ...)
    shared: bool | None = None  # None: leave the flag as the new review started
    gap_days: int = 0  # days that pass before it is submitted
    secret: bool = False


@dataclass(frozen=True)
class PairPlan:
    provider: int  # P or Q
    submitted: tuple = ()  # ReviewPlans, oldest first (re-reviews)
    draft: ReviewPlan | None = None


@dataclass(frozen=True)
class ReadinessPlan:
    submitted: ReviewPlan | None = None
    submitted_shared_with: frozenset = frozenset()  # provider indexes
    draft: ReviewPlan | None = None
    draft_shared_with: frozenset = frozenset()


@dataclass(frozen=True)
class CommitmentPlan:
    provider: int
    side: str  # "reseller" commits, or "provider" offers
    outcome: str  # proposed, countered, accepted, accepted_counter, declined, withdrawn
    target: int = 100
    progress: tuple = ()  # ((days ago, actual), ...) when accepted


@dataclass(frozen=True)
class ResellerPlan:
    pairs: tuple = ()
    readiness: ReadinessPlan | None = None
    commitments: tuple = ()
    replies: bool = False  # whether the providers reply to what this reseller shares with them


@dataclass(frozen=True)
class SecretPlan:
    kind: str  # see SECRET_KINDS
    which: int = 0  # which of the reseller's submitted reviews, for "p_submitted" (counted from the latest)
    changes: tuple = ()  # the new answers: ((question index, AnswerPlan), ...)


@dataclass(frozen=True)
class WorldPlan:
    resellers: tuple  # ResellerPlans; reseller 0 holds the secret
    secret: SecretPlan

    def describe(self) -> str:
        new = ", ".join(f"q{i}={a.value or a.state}" for i, a in self.secret.changes)
        lines = [f"secret: {self.secret.kind} of {RESELLER_NAMES[0]}, its answers become {new}"]
        for name, r in zip(RESELLER_NAMES, self.resellers, strict=False):
            parts = []
            for pair in r.pairs:
                shared = "".join("s" if rv.shared else "u" for rv in pair.submitted)
                draft = "" if pair.draft is None else f" + draft(shared={pair.draft.shared})"
                parts.append(f"{['P', 'Q'][pair.provider]}: {len(pair.submitted)} submitted [{shared}]{draft}")
            if r.readiness:
                rd = r.readiness
                parts.append(
                    f"readiness: submitted={rd.submitted is not None} with {sorted(rd.submitted_shared_with)}, "
                    f"draft={rd.draft is not None} with {sorted(rd.draft_shared_with)}"
                )
            parts += [f"commitment {c.side}->{['P', 'Q'][c.provider]} {c.outcome}" for c in r.commitments]
            lines.append(f"  {name}: " + "; ".join(parts or ["nothing"]))
        return "\n".join(lines)


SECRET_KINDS = ("p_draft", "p_submitted", "q_draft", "q_submitted", "readiness_draft", "readiness_submitted")

_comments = st.one_of(st.just(""), st.integers(0, 9999).map(lambda n: f"Internal note {n}: <not> for them & theirs"))
_links = st.one_of(st.just(""), st.integers(0, 9999).map(lambda n: f"https://evidence.example.com/doc/{n}"))
_levels = st.sampled_from(["", "claim", "document", "reference", "verified"])


def _value(kind: str):
    if kind == "scale":
        return st.integers(1, 5).map(str)
    if kind == "yes_no":
        return st.sampled_from(["yes", "no"])
    if kind == "number":
        return st.integers(0, 120).map(lambda n: str(Decimal(n) / 10))  # within the question's 0 to 12
    return st.sampled_from(CHOICES)


@st.composite
def answer_plans(draw, index: int, *, states=("value", "value", "value", "na", "none")):
    state = draw(st.sampled_from(states))
    if state == "none":
        return AnswerPlan("none")
    value = draw(_value(KINDS[index])) if state == "value" else ""
    return AnswerPlan(state, value, draw(_comments), draw(_links), draw(_levels))


@st.composite
def changes(draw, min_size: int, max_size: int, **kwargs):
    indexes = draw(st.lists(st.integers(0, len(KINDS) - 1), min_size=min_size, max_size=max_size, unique=True))
    return tuple((i, draw(answer_plans(i, **kwargs))) for i in sorted(indexes))


@st.composite
def review_plans(draw, *, first: bool, submitted: bool):
    return ReviewPlan(
        changes=draw(changes(1, len(KINDS)) if first else changes(0, 3)),
        shared=draw(st.booleans()) if submitted else draw(st.sampled_from([None, True, False])),
        gap_days=draw(st.sampled_from([0, 1, 40, 100])) if submitted else 0,
    )


@st.composite
def pair_plans(draw, provider: int):
    count = draw(st.integers(0, 3))
    submitted = tuple(draw(review_plans(first=i == 0, submitted=True)) for i in range(count))
    draft = draw(st.none() | review_plans(first=count == 0, submitted=False))
    return PairPlan(provider, submitted, draft)


_provider_sets = st.sampled_from([frozenset(), frozenset({P}), frozenset({Q}), frozenset({P, Q})])


@st.composite
def readiness_plans(draw):
    submitted = draw(st.none() | review_plans(first=True, submitted=True))
    draft = draw(st.none() | review_plans(first=submitted is None, submitted=False))
    return ReadinessPlan(submitted, draw(_provider_sets), draft, draw(_provider_sets))


@st.composite
def commitment_plans(draw):
    outcome = draw(st.sampled_from(["proposed", "countered", "accepted", "accepted_counter", "declined", "withdrawn"]))
    progress = ()
    if outcome.startswith("accepted"):
        progress = tuple(draw(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 80)), max_size=2)))
    return CommitmentPlan(
        provider=draw(st.sampled_from([P, P, Q])),
        side=draw(st.sampled_from(["reseller", "reseller", "provider"])),
        outcome=outcome,
        target=draw(st.sampled_from([40, 100, 250])),
        progress=progress,
    )


@st.composite
def reseller_plans(draw):
    pairs = [draw(pair_plans(P))]
    if draw(st.booleans()):
        pairs.append(draw(pair_plans(Q)))
    return ResellerPlan(
        pairs=tuple(pairs),
        readiness=draw(st.none() | readiness_plans()),
        commitments=tuple(draw(st.lists(commitment_plans(), max_size=2))),
        replies=draw(st.booleans()),
    )


def _with_secret(plan: ResellerPlan, kind: str, which: int, draw) -> ResellerPlan:
    """Reseller 0's plan with the secret item in it, unshared with P (made if the draw had none)."""
    pairs = {pair.provider: pair for pair in plan.pairs}
    if kind in ("p_draft", "p_submitted", "q_draft", "q_submitted"):
        provider = P if kind.startswith("p") else Q
        pair = pairs.get(provider) or PairPlan(provider)
        if kind.endswith("draft"):
            draft = pair.draft or draw(review_plans(first=not pair.submitted, submitted=False))
            pair = PairPlan(provider, pair.submitted, ReviewPlan(draft.changes, draft.shared, 0, secret=True))
        else:
            submitted = list(pair.submitted) or [draw(review_plans(first=True, submitted=True))]
            at = len(submitted) - 1 - which % len(submitted)
            chosen = submitted[at]
            submitted[at] = ReviewPlan(chosen.changes, False, chosen.gap_days, secret=True)
            pair = PairPlan(provider, tuple(submitted), pair.draft)
        pairs[provider] = pair
        return ResellerPlan(tuple(pairs[k] for k in sorted(pairs)), plan.readiness, plan.commitments, plan.replies)
    readiness = plan.readiness or ReadinessPlan()
    if kind == "readiness_draft":
        draft = readiness.draft or draw(review_plans(first=readiness.submitted is None, submitted=False))
        readiness = ReadinessPlan(
            readiness.submitted,
            readiness.submitted_shared_with,
            ReviewPlan(draft.changes, None, 0, secret=True),
            readiness.draft_shared_with - {P},
        )
    else:
        submitted = readiness.submitted or draw(review_plans(first=True, submitted=True))
        readiness = ReadinessPlan(
            ReviewPlan(submitted.changes, None, submitted.gap_days, secret=True),
            readiness.submitted_shared_with - {P},
            readiness.draft,
            readiness.draft_shared_with,
        )
    return ResellerPlan(plan.pairs, readiness, plan.commitments, plan.replies)


def _submitters(resellers, provider: int) -> list[int]:
    return [i for i, r in enumerate(resellers) if any(pair.provider == provider and pair.submitted for pair in r.pairs)]


def _without_submitted(plan: ResellerPlan, provider: int) -> ResellerPlan:
    pairs = tuple(PairPlan(p.provider, (), p.draft) if p.provider == provider else p for p in plan.pairs)
    return ResellerPlan(pairs, plan.readiness, plan.commitments, plan.replies)


def _with_submitted(plan: ResellerPlan, provider: int, draw) -> ResellerPlan:
    if any(pair.provider == provider and pair.submitted for pair in plan.pairs):
        return plan
    review = draw(review_plans(first=True, submitted=True))
    pairs = {pair.provider: pair for pair in plan.pairs}
    old = pairs.get(provider) or PairPlan(provider)
    pairs[provider] = PairPlan(provider, (review,), old.draft)
    return ResellerPlan(tuple(pairs[k] for k in sorted(pairs)), plan.readiness, plan.commitments, plan.replies)


@st.composite
def worlds(draw, *, few: bool = True):
    """A world plan. `few`: fewer than 3 distinct resellers have submitted reviews of P (and of Q when
    the secret is a submitted review of Q), the secret's reseller included; else at least 3 of P."""
    kind = draw(st.sampled_from(SECRET_KINDS))
    which = draw(st.integers(0, 2))
    count = draw(st.integers(1, 4) if few else st.integers(3, 4))
    resellers = [draw(reseller_plans()) for _ in range(count)]
    resellers[0] = _with_secret(resellers[0], kind, which, draw)
    if few:
        for provider in {P, Q if kind == "q_submitted" else P}:
            for extra in _submitters(resellers, provider)[2:]:
                resellers[extra] = _without_submitted(resellers[extra], provider)
    else:
        for i in range(3):
            resellers[i] = _with_submitted(resellers[i], P, draw)
    # in worlds with many reviewers the answered and not-applicable questions stay as they are, so that
    # the per-figure counts (and so which figures may be shown) do not move, only the figures
    states = ("value", "value", "value", "na", "none") if few else ("value",)
    secret = SecretPlan(kind, which, draw(changes(1, len(KINDS), states=states)))
    return WorldPlan(tuple(resellers), secret)


# --- Building a world ------------------------------------------------------------------------------


@dataclass
class World:
    scorecard_ids: list = field(default_factory=list)
    commitment_ids: list = field(default_factory=list)
    secret_id: int | None = None
    read_ids: list = field(default_factory=list)  # the scorecards whose pages are read (see GET_URLS)
    open_ids: list | None = None  # of those, the secret and those whose page the first reading found


class Builder:
    """Plays a plan through the services, moving the frozen clock a minute between actions."""

    def __init__(self, base: Base, traveller):
        self.base = base
        self.traveller = traveller
        self.world = World()

    def tick(self, days: int = 0) -> None:
        self.traveller.shift(datetime.timedelta(days=days, minutes=1))

    def build(self, plan: WorldPlan) -> World:
        for i, reseller_plan in enumerate(plan.resellers):
            self._reseller(i, reseller_plan)
        return self.world

    def _reseller(self, i: int, plan: ResellerPlan) -> None:
        reseller, user = self.base.resellers[i], self.base.reseller_users[i]
        for pair in plan.pairs:
            provider = self.base.providers[pair.provider]
            for review in pair.submitted:
                self.tick(review.gap_days)
                scorecard = self._review(user, reseller, provider, review, submitted=True)
                self._submit(user, scorecard)
            if pair.draft is not None:
                self.tick()
                self._review(user, reseller, provider, pair.draft)
        if plan.readiness is not None:
            readiness = plan.readiness
            if readiness.submitted is not None:
                self.tick(readiness.submitted.gap_days)
                scorecard = self._review(user, reseller, None, readiness.submitted, submitted=True)
                self._submit(user, scorecard)
                self._share_readiness(user, scorecard, readiness.submitted_shared_with)
            if readiness.draft is not None:
                self.tick()
                scorecard = self._review(user, reseller, None, readiness.draft)
                self._share_readiness(user, scorecard, readiness.draft_shared_with)
        for commitment in plan.commitments:
            self._commitment(reseller, user, commitment)
        if plan.replies:
            self._replies(reseller)

    def _review(self, user, reseller, provider, review: ReviewPlan, *, submitted: bool = False) -> Scorecard:
        scorecard, _ = scorecard_services.scorecard_start(user=user, reseller=reseller, provider=provider)
        self.world.scorecard_ids.append(scorecard.pk)
        if review.secret:
            self.world.secret_id = scorecard.pk
        if review.secret or (submitted and (provider is None or provider.pk == self.base.providers[P].pk)):
            self.world.read_ids.append(scorecard.pk)
        questions = self.base.questions if provider is not None else self.base.readiness_questions
        for index, answer in review.changes:
            save_answer(user, scorecard, questions[index], answer)
        if provider is not None and review.shared is not None:
            share(user, scorecard, review.shared)
        return scorecard

    def _submit(self, user, scorecard) -> None:
        if not Answer.objects.filter(scorecard=scorecard).exists():
            question = (self.base.questions if scorecard.provider_id else self.base.readiness_questions)[0]
            save_answer(user, scorecard, question, AnswerPlan("value", "3"))
        scorecard.refresh_from_db()
        scorecard_services.scorecard_submit(user=user, scorecard_id=scorecard.pk, version=scorecard.version)

    def _share_readiness(self, user, scorecard, provider_indexes) -> None:
        """Through the service; where it refuses (a draft, say), as rows from before the refusal hold it."""
        providers = [self.base.providers[i] for i in sorted(provider_indexes)]
        try:
            scorecard_services.readiness_share(
                user=user, scorecard_id=scorecard.pk, provider_ids=[p.pk for p in providers]
            )
        except (ValidationError, PermissionDenied, Http404, Conflict):
            scorecard.shared_with.set(providers)

    def _commitment(self, reseller, user, plan: CommitmentPlan) -> None:
        self.tick()
        provider = self.base.providers[plan.provider]
        provider_user = self.base.provider_user if plan.provider == P else self.base.provider2_user
        by_reseller = plan.side == "reseller"
        proposer, other = (user, provider_user) if by_reseller else (provider_user, user)
        today = timezone.localdate()
        commitment = commitment_services.commitment_propose(
            user=proposer,
            reseller=reseller,
            provider=provider,
            side=plan.side,
            kpi="seat_adds" if by_reseller else "enablement_days",
            target=str(plan.target),
            unit="seats" if by_reseller else "days",
            period_start=(today - datetime.timedelta(days=30)).isoformat(),
            period_end=(today + datetime.timedelta(days=60)).isoformat(),
            note=f"Plan of {reseller.name}",
        )
        self.world.commitment_ids.append(commitment.pk)
        self.tick()
        outcome = plan.outcome
        if outcome in ("countered", "accepted_counter"):
            commitment_services.commitment_review(
                user=other, commitment_id=commitment.pk, decision="counter", target=str(plan.target // 2), note="Half"
            )
            if outcome == "accepted_counter":
                self.tick()
                commitment_services.commitment_review(user=proposer, commitment_id=commitment.pk, decision="accept")
        elif outcome in ("accepted", "declined"):
            decision = "accept" if outcome == "accepted" else "decline"
            commitment_services.commitment_review(user=other, commitment_id=commitment.pk, decision=decision)
        elif outcome == "withdrawn":
            commitment_services.commitment_withdraw(user=proposer, commitment_id=commitment.pk)
        for days_ago, actual in plan.progress:
            self.tick()
            day = max(timezone.localdate() - datetime.timedelta(days=days_ago), today - datetime.timedelta(days=30))
            recorder = user if days_ago % 2 else provider_user
            commitment_services.progress_record(
                user=recorder, commitment_id=commitment.pk, date=day.isoformat(), actual=str(actual)
            )

    def _replies(self, reseller) -> None:
        """Each provider replies to what this reseller shared with it (where the portal lets it)."""
        for provider_index, user in ((P, self.base.provider_user), (Q, self.base.provider2_user)):
            provider = self.base.providers[provider_index]
            for scorecard in Scorecard.objects.filter(reseller=reseller).order_by("pk"):
                shared = (scorecard.provider_id == provider.pk and scorecard.shared_with_provider) or (
                    scorecard.provider_id is None and scorecard.shared_with.filter(pk=provider.pk).exists()
                )
                if not shared:
                    continue
                self.tick()
                # refused for a draft, say, which may not be replied to
                with suppress(PermissionDenied, ValidationError, Http404, Conflict):
                    reply_services.reply_save(
                        user=user, scorecard_id=scorecard.pk, body=f"{provider.name} replies to {reseller.name}"
                    )


def save_answer(user, scorecard, question, answer: AnswerPlan) -> None:
    if answer.state == "none":
        scorecard_services.answer_clear(user=user, scorecard_id=scorecard.pk, question_id=question.pk)
        return
    scorecard_services.answer_save(
        user=user,
        scorecard_id=scorecard.pk,
        question_id=question.pk,
        value=answer.value if answer.state == "value" else None,
        not_applicable=answer.state == "na",
        comment=answer.comment,
        evidence_url=answer.evidence_url,
        evidence_level=answer.evidence_level,
    )


def share(user, scorecard, shared: bool) -> None:
    """Set the sharing flag through the service; where it refuses (a draft, say), as legacy rows hold it."""
    scorecard.refresh_from_db()
    if scorecard.shared_with_provider == shared:
        return
    try:
        scorecard_services.scorecard_share(
            user=user, scorecard_id=scorecard.pk, shared=shared, version=scorecard.version
        )
    except (ValidationError, PermissionDenied, Http404, Conflict):
        Scorecard.objects.filter(pk=scorecard.pk).update(shared_with_provider=shared)


def _columns(question, answer: AnswerPlan) -> dict:
    columns = {"value_number": None, "value_bool": None, "value_choice": "", "not_applicable": answer.state == "na"}
    if answer.state == "value":
        if question.kind in ("scale", "number"):
            columns["value_number"] = Decimal(answer.value)
        elif question.kind == "yes_no":
            columns["value_bool"] = answer.value == "yes"
        else:
            columns["value_choice"] = answer.value
    return columns | {
        "comment": answer.comment,
        "evidence_url": answer.evidence_url,
        "evidence_level": answer.evidence_level,
    }


def change_answers(scorecard: Scorecard, questions: list, new: tuple, *, keep_pattern: bool = False) -> None:
    """Give the scorecard these answers: a draft through the services; a submitted one, which the
    services refuse to change, by writing its Answer rows and marking it dirty as a writer would.

    With `keep_pattern`, which questions are answered and which not applicable stays as it was: only
    values, comments and evidence change."""
    scorecard.refresh_from_db()
    user = scorecard.created_by
    current = {a.question_id: a for a in Answer.objects.filter(scorecard=scorecard)}
    for index, answer in new:
        question = questions[index]
        old = current.get(question.pk)
        if keep_pattern:
            if old is None:
                continue
            if old.not_applicable:
                answer = AnswerPlan("na", "", answer.comment, answer.evidence_url, answer.evidence_level)
        if scorecard.status == ScorecardStatus.DRAFT:
            save_answer(user, scorecard, question, answer)
        elif answer.state == "none":
            Answer.objects.filter(scorecard=scorecard, question=question).delete()
        else:
            Answer.objects.update_or_create(
                scorecard=scorecard, question=question, defaults=_columns(question, answer) | {"answered_by": user}
            )
    if scorecard.status == ScorecardStatus.SUBMITTED:
        if not Answer.objects.filter(scorecard=scorecard).exists():  # a submitted review keeps an answer
            Answer.objects.create(scorecard=scorecard, question=questions[0], not_applicable=True)
        scorecard_mark_dirty(scorecard_ids=[scorecard.pk])


def recompute(*, everything: bool = False) -> None:
    """Bring every stored score up to date through the same code as the workers (no broker)."""
    call_command("recompute_scores", "--all" if everything else "--dirty", "--inline", stdout=io.StringIO())


# --- Reading what the provider's member can get ----------------------------------------------------


def _ids(name: str, ids) -> list[str]:
    return [reverse(name, args=[pk]) for pk in ids]


def _active_slugs(base: Base) -> list[str]:
    """Northwind and Fabrikam, which the worlds give reviews and commitments (Litware has none)."""
    return [base.providers[P].slug, base.providers[Q].slug]


def _all_providers(base: Base) -> str:
    return ",".join(p.slug for p in base.providers)


# Every named URL of the portal a provider member could GET something of a world's from, with the
# addresses to read. A scorecard's page is read for the secret and for every submitted review of
# Northwind and readiness assessment of the world (shared or not: a 404 is an output too), its other
# views (score panel, explanation, API) for the secret and wherever its page was found (that they are
# 404 where the page is, is the permission matrix's business); a commitment's for every commitment.
# The API's provider list carries every provider's payload; its detail is read for Northwind's.
GET_URLS = {
    "dashboard": lambda b, w: [reverse("dashboard")],
    "provider_list": lambda b, w: [reverse("provider_list")],
    "provider_detail": lambda b, w: [reverse("provider_detail", args=[s]) for s in _active_slugs(b)],
    "provider_home": lambda b, w: [reverse("provider_home")],
    "scorecard_list": lambda b, w: [reverse("scorecard_list")],
    "scorecard_detail": lambda b, w: _ids("scorecard_detail", w.read_ids),
    "scorecard_score_panel": lambda b, w: _ids("scorecard_score_panel", w.open_ids),
    "scorecard_explain": lambda b, w: _ids("scorecard_explain", w.open_ids),
    "readiness": lambda b, w: [reverse("readiness")],
    "notification_list": lambda b, w: [reverse("notification_list")],
    "compare": lambda b, w: [reverse("compare") + f"?providers={_all_providers(b)}"],
    "compare_csv": lambda b, w: [reverse("compare_csv") + f"?providers={_all_providers(b)}"],
    "commitment_list": lambda b, w: [reverse("commitment_list")],
    "commitment_detail": lambda b, w: _ids("commitment_detail", w.commitment_ids),
    "api_provider_list": lambda b, w: [reverse("api_provider_list")],
    "api_provider_detail": lambda b, w: [reverse("api_provider_detail", args=[b.providers[P].slug])],
    "api_scorecard_list": lambda b, w: [reverse("api_scorecard_list")],
    "api_scorecard_detail": lambda b, w: _ids("api_scorecard_detail", w.open_ids),
    "api_scorecard_score": lambda b, w: _ids("api_scorecard_score", w.open_ids),
    "api_commitment_list": lambda b, w: [reverse("api_commitment_list")],
    "api_commitment_detail": lambda b, w: _ids("api_commitment_detail", w.commitment_ids),
}
# Named URLs with nothing of a world's to GET for a provider member, and why (who may reach which is
# the permission matrix's business, tests/test_permission_matrix.py).
NOT_READ = {
    "healthz": "liveness: no data",
    "readyz": "readiness of the services: no data",
    "login": "sends a signed-in user on",
    "logout": "a POST",
    "api_token": "a POST",
    "api_token_list": "the user's own API tokens: no reseller's data",
    "api_token_detail": "a DELETE",
    "account_tokens": "the user's own API tokens: no reseller's data",
    "account_token_revoke": "a POST",
    "api_schema": "the OpenAPI schema: the same in every world",
    "api_questionnaire_current": "the published questionnaire: no reseller's data",
    "api_question_detail": "a question's weight: admins only, no reseller's data",
    "api_area_detail": "an area's weight: admins only, no reseller's data",
    "standings_css": "the standings' colours: admin settings, no reseller's data",
    "weights": "admins only: weights, no reseller's data",
    "weights_edit": "admins only: weights, no reseller's data",
    "weights_progress": "admins only: a recompute's progress",
    "standings_edit": "admins only: the standings",
    "realism": "the money calculator: providers' stated offers and the caller's own figures, no review",
    "commitment_new": "the proposal form: the organisations one may propose to, no review",
    "scorecard_submit": "its GET asks the reseller's members to confirm; anybody else gets 403 or 404",
    "scorecard_start": "a POST",
    "scorecard_answer": "a POST",
    "scorecard_share": "a POST",
    "scorecard_new_review": "a POST",
    "scorecard_reply": "a POST",
    "readiness_share": "a POST",
    "compare_weights": "a POST",
    "commitment_review": "a POST",
    "commitment_withdraw": "a POST",
    "commitment_progress": "a POST",
    "api_scorecard_answer": "a PUT or DELETE",
    "api_scorecard_submit": "a POST",
    "api_commitment_review": "a POST",
    "api_commitment_withdraw": "a POST",
    "api_commitment_progress": "a POST",
}

_CSRF = re.compile(rb"\b[A-Za-z0-9]{64}\b")  # a masked CSRF token, new in every response
_NONCE = re.compile(rb"nonce=\"[^\"]*\"|'nonce-[^']*'")


def normalise(body: bytes) -> bytes:
    """The response with its per-request values (CSRF tokens, CSP nonces) masked."""
    return _NONCE.sub(b"nonce=<nonce>", _CSRF.sub(b"<csrf>", body))


@dataclass(frozen=True)
class Output:
    status: int
    content_type: str
    location: str
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@contextmanager
def _quiet():
    """No warning per 403 and 404 (with its traceback): there are hundreds, and they are outputs here."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_outputs(client: Client, base: Base, world: World) -> dict[str, Output]:
    """Every page, API response and export the observer can GET, plus the e-mails sent to it."""
    outputs = {}
    with _quiet():
        for name, urls in GET_URLS.items():
            for url in urls(base, world):
                response = client.get(url)
                outputs[url] = Output(
                    response.status_code,
                    response.get("Content-Type", ""),
                    response.get("Location", ""),
                    normalise(response.content),
                )
            if name == "scorecard_detail" and world.open_ids is None:
                world.open_ids = [
                    pk
                    for pk in world.read_ids
                    if pk == world.secret_id or outputs[reverse("scorecard_detail", args=[pk])].status != 404
                ]
    email = base.provider_user.email
    sent = [m for m in mail.outbox if email in m.to]
    outputs["(e-mails to the provider)"] = Output(
        0, "text/plain", "", "\n---\n".join(f"{m.subject}\n{m.body}" for m in sent).encode()
    )
    return outputs


def _lines(output: Output) -> list[str]:
    text = output.text()
    if "json" in output.content_type:
        try:
            return json.dumps(json.loads(text), indent=1, sort_keys=True).splitlines()
        except ValueError:
            pass
    return re.sub(r">\s*<", ">\n<", text).splitlines()


def describe_differences(before: dict, after: dict, *, max_lines: int = 24) -> list[str]:
    """For each output that differs: its URL, status codes and a short unified diff."""
    problems = []
    for url in before:
        a, b = before[url], after[url]
        if a == b:
            continue
        head = f"GET {url}: {a.status} -> {b.status}" if a.status != b.status else f"GET {url} ({a.status})"
        diff = list(difflib.unified_diff(_lines(a), _lines(b), "before", "after", n=1, lineterm=""))[2:]
        if len(diff) > max_lines:
            diff = [*diff[:max_lines], f"... ({len(diff) - max_lines} more diff lines)"]
        problems.append("\n".join([head, *diff]))
    return problems


# --- One example ---------------------------------------------------------------------------------------


def start_of_next_quarter(today: datetime.date) -> datetime.date:
    quarter = (today.month - 1) // 3
    year, month = (today.year + 1, 1) if quarter == 3 else (today.year, 3 * quarter + 4)
    return datetime.date(year, month, 1)


def clock_start() -> datetime.datetime:
    """A fixed instant for the whole quarter in which the tests run, after the machine's real time (so
    that the database's own clock, which some dirty marks use, is never ahead of the frozen one)."""
    day = start_of_next_quarter(datetime.date.today()) + datetime.timedelta(days=9)
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Run:
    world: World
    secret: Scorecard
    before: dict
    after: dict
    reviewers: dict  # provider slug -> distinct resellers with a submitted review of it


def _reviewers(base: Base) -> dict[str, int]:
    submitted = Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED, provider__isnull=False)
    return {p.slug: submitted.filter(provider=p).values("reseller").distinct().count() for p in base.providers}


def run_example(base: Base, plan: WorldPlan, *, keep_pattern: bool = False, change: bool = True) -> Run:
    """Build the world, read everything the provider sees, change the secret, recompute, read again.

    All in a savepoint rolled back at the end (the base stays), with the clock frozen."""
    import time_machine

    mail.outbox = []
    with (
        # sessions in signed cookies: one query less per request, nothing else changes for a reader
        override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"),
        time_machine.travel(clock_start(), tick=False) as traveller,
        transaction.atomic(),
    ):
        try:
            # the build's jobs are dropped: the recompute below does their work at one instant, and
            # its e-mails would be in both readings alike; the change's jobs and e-mails run
            with TestCase.captureOnCommitCallbacks(execute=False):
                world = Builder(base, traveller).build(plan)
            traveller.shift(datetime.timedelta(hours=2))
            recompute(everything=True)  # every stored score computed at the same frozen instant
            client = Client()
            client.force_login(base.provider_user)
            before = read_outputs(client, base, world)
            secret = Scorecard.objects.get(pk=world.secret_id)
            questions = base.questions if secret.provider_id else base.readiness_questions
            if change:
                with TestCase.captureOnCommitCallbacks(execute=True):
                    change_answers(secret, questions, plan.secret.changes, keep_pattern=keep_pattern)
                recompute()
            after = read_outputs(client, base, world)
            secret.refresh_from_db()
            return Run(world, secret, before, after, _reviewers(base))
        finally:
            transaction.set_rollback(True)
