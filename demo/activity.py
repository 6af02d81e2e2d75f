"""The demo world's activity: scorecards with believable answers, and the commitment ledger.

Answers scatter around each provider's "true" quality per area (`Provider.quality`), shifted
by how generous the reseller is, so providers differ and resellers roughly agree. Every
random draw comes from a `random.Random` seeded with the reseller's slug: the same world
on every run and whatever order it is built in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from assessments.models import Answer, Question, Questionnaire, QuestionnaireKind, Scorecard, ScorecardStatus
from assessments.pipeline.attainment import attainment_of
from commitments.models import Commitment, CommitmentEvent, CommitmentSide, CommitmentStatus, ProgressEntry
from cspeval.quarters import quarter_bounds
from demo.content import PERIODS, CommitmentPlan, Provider, World

BATCH = 5000
EVIDENCE_LEVELS = ("claim", "document", "reference", "verified")
EVIDENCE_WEIGHTS = (15, 40, 30, 15)


# --- Answers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionPlan:
    """What the answer generator needs to know about one question."""

    id: int
    area: str
    position: int  # 1-based within its area, for evidence links
    kind: str
    reverse: bool
    low: float
    high: float
    lower_better: bool
    choice_keys: tuple[str, ...]  # by points, worst first
    evidence_expected: bool
    demo_source: str


def question_plans(questionnaire: Questionnaire, world: World) -> list[QuestionPlan]:
    sources = {}
    if questionnaire.kind == QuestionnaireKind.PROVIDER_SCORECARD:
        sources = {(source.area, source.position): source.figure for source in world.answer_sources}
    questions = (
        Question.objects.filter(area__questionnaire=questionnaire)
        .select_related("area")
        .prefetch_related("options")
        .order_by("area__order", "order", "id")
    )
    plans, positions = [], {}
    for q in questions:
        positions[q.area.key] = positions.get(q.area.key, 0) + 1
        options = sorted(q.options.all(), key=lambda o: (o.points, o.order))
        plans.append(
            QuestionPlan(
                id=q.pk,
                area=q.area.key,
                position=positions[q.area.key],
                kind=q.kind,
                reverse=q.reverse,
                low=float(q.low) if q.low is not None else 0.0,
                high=float(q.high) if q.high is not None else 1.0,
                lower_better=q.direction == "lower_better",
                choice_keys=tuple(o.key for o in options),
                evidence_expected=q.evidence_expected,
                demo_source=sources.get((q.area.key, positions[q.area.key]), ""),
            )
        )
    return plans


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def answer_value(plan: QuestionPlan, rng: random.Random, quality: float, profile: Provider | None) -> dict:
    """The value columns of one answer whose goodness is about `quality` (0..1)."""
    q = _clamp(quality + rng.gauss(0, 0.15))
    if plan.kind == "scale":
        return {"value_number": Decimal(1 + round(q * 4))}
    if plan.kind == "yes_no":
        good = rng.random() < q
        return {"value_bool": good != plan.reverse}
    if plan.kind == "choice":
        keys = plan.choice_keys
        return {"value_choice": keys[round(q * (len(keys) - 1))] if keys else ""}
    value = _profile_number(plan, rng, profile)
    if value is None:
        share = 1 - q if plan.lower_better else q
        value = plan.low + share * (plan.high - plan.low)
    return {"value_number": Decimal(round(_clamp(value, plan.low, plan.high)))}


# Positional construction sets attributes directly, skipping the related-field descriptors:
# several times faster, which matters for the quarter of a million answers of `--scale`.
_ANSWER_COLUMNS = [f.attname for f in Answer._meta.concrete_fields]
_ANSWER_DEFAULTS = {f.attname: f.get_default() for f in Answer._meta.concrete_fields}


def new_answer(**values) -> Answer:
    return Answer(*[values[name] if name in values else _ANSWER_DEFAULTS[name] for name in _ANSWER_COLUMNS])


def _profile_number(plan: QuestionPlan, rng: random.Random, profile: Provider | None) -> float | None:
    """Numbers the provider's profile already states (margin, days, hours), reported with some scatter."""
    if not profile or not plan.demo_source:
        return None
    if plan.demo_source == "margin_points":
        return float(profile.margin_points) + rng.choice((-1, 0, 0, 0, 1))
    if plan.demo_source == "enablement_days":
        return profile.enablement_days * rng.uniform(0.5, 1.1)
    if plan.demo_source == "support_hours":
        return profile.support_hours * rng.uniform(0.8, 2.0)
    return None


def _evidence_level(rng: random.Random) -> str:
    return rng.choices(EVIDENCE_LEVELS, weights=EVIDENCE_WEIGHTS)[0]


def answer_set(
    *,
    scorecard: Scorecard,
    plans: list[QuestionPlan],
    rng: random.Random,
    quality: dict[str, float],
    bias: float,
    fraction: float = 1.0,
    profile: Provider | None = None,
    comments: dict[str, tuple[str, ...]] | None = None,
    evidence_path: str = "",
    user=None,
) -> list[Answer]:
    """Answers to `fraction` of the questions (a draft leaves the rest open), some N/A, some with proof."""
    chosen = plans if fraction >= 1 else [p for p in plans if rng.random() < fraction]
    answers = []
    user_id = user.pk if user is not None else None
    for plan in chosen:
        if not plan.evidence_expected and rng.random() < 0.04:
            values = {"not_applicable": True}
        else:
            q = quality.get(plan.area, 0.5) + bias
            values = answer_value(plan, rng, q, profile)
            if rng.random() < (0.55 if plan.evidence_expected else 0.04):
                values["evidence_level"] = level = _evidence_level(rng)
                if level != "claim" or rng.random() < 0.3:
                    values["evidence_url"] = f"https://evidence.example/{evidence_path}/{plan.area}-{plan.position}"
            if comments and rng.random() < 0.12:
                values["comment"] = rng.choice(comments["good"] if q >= 0.55 else comments["poor"])
        answer = new_answer(scorecard_id=scorecard.pk, question_id=plan.id, answered_by_id=user_id, **values)
        answers.append(answer)
    return answers


# --- Scorecards -----------------------------------------------------------------------------


def _when(now: datetime, months_ago: int, rng: random.Random) -> datetime:
    if months_ago == 0:
        return now - timedelta(days=rng.randint(1, 18), hours=rng.randint(0, 8))
    return now - timedelta(days=30 * months_ago + rng.randint(0, 20), hours=rng.randint(0, 8))


def seed_scorecards(*, world: World, orgs, members, questionnaires, now: datetime) -> list[int]:
    """Each demo reseller's scorecards and readiness, unless it already has some; the new ids."""
    providers = {p.slug: p for p in world.providers}
    scorecard_q = questionnaires[QuestionnaireKind.PROVIDER_SCORECARD]
    readiness_q = questionnaires[QuestionnaireKind.RESELLER_READINESS]
    plans = {scorecard_q.pk: question_plans(scorecard_q, world), readiness_q.pk: question_plans(readiness_q, world)}
    created: list[Scorecard] = []
    answers: list[Answer] = []
    for reseller in world.resellers:
        slug = reseller.slug
        org = orgs[slug]
        if Scorecard.objects.filter(reseller=org).exists():
            continue
        rng = random.Random(f"cspeval-demo:{slug}")
        people = members.get(slug, [])
        previous: dict[str, Scorecard] = {}
        jobs = [(s.provider, s.status, s.shared, s.months_ago) for s in world.scorecards if s.reseller == slug]
        jobs += [(None, r.status, r.shared_with, r.months_ago) for r in world.readiness if r.reseller == slug]
        for provider_slug, status, sharing, months in jobs:
            questionnaire = scorecard_q if provider_slug else readiness_q
            submitted = status == ScorecardStatus.SUBMITTED
            author = rng.choice(people) if people else None
            when = _when(now, months, rng)
            scorecard = Scorecard.objects.create(
                reseller=org,
                provider=orgs[provider_slug] if provider_slug else None,
                questionnaire=questionnaire,
                status=status,
                version=1 + int(submitted) + int(provider_slug is not None and bool(sharing)),
                shared_with_provider=bool(provider_slug and sharing),
                based_on=previous.get(provider_slug or ""),
                created_by=author,
                submitted_at=when if submitted else None,
                submitted_by=author if submitted else None,
            )
            if provider_slug is None and sharing:
                scorecard.shared_with.add(*(orgs[s] for s in sharing))
            scorecard.created_at = when - timedelta(days=rng.randint(3, 14))
            scorecard.updated_at = when
            if submitted:
                previous[provider_slug or ""] = scorecard
            if provider_slug:
                profile = providers[provider_slug]
                quality, bias = profile.quality, reseller.bias
            else:
                quality, bias, profile = reseller.readiness, 0.0, None
            answers += answer_set(
                scorecard=scorecard,
                plans=plans[questionnaire.pk],
                rng=rng,
                quality=quality,
                bias=bias,
                fraction=1.0 if submitted else rng.uniform(0.35, 0.7),
                profile=profile,
                comments=world.comments[questionnaire.kind],
                evidence_path=f"{slug}/{provider_slug or 'readiness'}",
                user=author,
            )
            created.append(scorecard)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    # bulk_update leaves auto_now fields alone, so the history gets believable dates.
    Scorecard.objects.bulk_update(created, ["created_at", "updated_at"], batch_size=BATCH)
    return [s.pk for s in created]


def answers_count(scorecard_ids: list[int]) -> int:
    return Answer.objects.filter(scorecard_id__in=scorecard_ids).count() if scorecard_ids else 0


# --- Commitments ----------------------------------------------------------------------------


def seed_commitments(*, world: World, orgs, members, now: datetime) -> int:
    """Each demo reseller's commitments with their events and progress, unless it already has some."""
    today = now.date()
    by_reseller: dict[str, list[CommitmentPlan]] = {}
    for spec in world.commitments:
        by_reseller.setdefault(spec.reseller, []).append(spec)
    commitments, events, progress = [], [], []
    for slug, specs in by_reseller.items():
        org = orgs[slug]
        if Commitment.objects.filter(reseller=org).exists():
            continue
        rng = random.Random(f"cspeval-demo-commitments:{slug}")
        for spec in specs:
            built = _commitment(spec, orgs, members, today, now, rng)
            commitments.append(built[0])
            events += built[1]
            progress += built[2]
    event_times = [event.created_at for event in events]
    CommitmentEvent.objects.bulk_create(events)  # stamps created_at with "now"...
    for event, when in zip(events, event_times, strict=True):
        event.created_at = when
    ProgressEntry.objects.bulk_create(progress)
    # ...and bulk_update leaves auto_now fields alone, so the ledger keeps believable dates.
    CommitmentEvent.objects.bulk_update(events, ["created_at"])
    Commitment.objects.bulk_update(commitments, ["created_at", "updated_at"])
    return len(commitments)


def _first_member(members, slug):
    people = members.get(slug) or [None]
    return people[0]


def _commitment(spec: CommitmentPlan, orgs, members, today: date, now: datetime, rng: random.Random):
    reseller_user = _first_member(members, spec.reseller)
    provider_user = _first_member(members, spec.provider)
    by_reseller = spec.side == CommitmentSide.RESELLER
    proposer, reviewer = (reseller_user, provider_user) if by_reseller else (provider_user, reseller_user)
    start, end = quarter_bounds(today, PERIODS[spec.period])
    path = spec.path
    status = path[-1]
    target = spec.target
    counter = spec.counter
    accepted_counter = status == CommitmentStatus.ACCEPTED and counter is not None
    # The dates the transitions happened, oldest first, none in the future.
    first = min(datetime.combine(start, now.timetz()) - timedelta(days=rng.randint(8, 20)), now - timedelta(days=6))
    if status == CommitmentStatus.PROPOSED:
        first = now - timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 8))
    times = [min(first + timedelta(days=3 * i, hours=rng.randint(0, 6)), now) for i in range(len(path))]
    actuals = list(spec.progress) if status == CommitmentStatus.ACCEPTED else []
    final_target = counter if accepted_counter else target
    attainment = attainment_of(kpi=spec.kpi, status=status, target=final_target, actuals=actuals)
    commitment = Commitment(
        reseller=orgs[spec.reseller],
        provider=orgs[spec.provider],
        side=spec.side,
        kpi=spec.kpi,
        custom_kpi=spec.custom_kpi,
        target=final_target,
        unit=spec.unit,
        period_start=start,
        period_end=end,
        status=status,
        counter_target=counter if status == CommitmentStatus.COUNTERED else None,
        note=spec.note,
        version=len(path),
        proposed_by=proposer,
        attainment=attainment,
        # The demo computes attainment by the pipeline's own rule, so nothing is left stale.
        data_version=1,
        computed_version=1,
        computed_at=now,
    )
    commitment.save()
    commitment.created_at, commitment.updated_at = times[0], times[-1]
    events = []
    for i, to_status in enumerate(path):
        actor, note, event_target = proposer, "", target
        if i == 0:
            note = spec.note
        elif to_status == CommitmentStatus.COUNTERED:
            actor, note, event_target = reviewer, spec.review_note, counter
        elif to_status == CommitmentStatus.WITHDRAWN:
            note = spec.review_note
        elif path[i - 1] == CommitmentStatus.COUNTERED:
            actor, event_target = proposer, counter  # the proposer answers the counter
        else:
            actor, note = reviewer, spec.review_note
        event = CommitmentEvent(
            commitment=commitment,
            actor=actor,
            from_status=path[i - 1] if i else "",
            to_status=to_status,
            target=event_target,
            note=note,
        )
        event.created_at = times[i]
        events.append(event)
    entries = []
    recorded_until = min(end, today)
    span = max((recorded_until - start).days, 1)
    for i, actual in enumerate(actuals):
        day = start + timedelta(days=span * (i + 1) // (len(actuals) + 1))
        entries.append(
            ProgressEntry(
                commitment=commitment,
                date=day,
                actual=actual,
                note="",
                recorded_by=rng.choice([reseller_user, provider_user]),
            )
        )
    return commitment, events, entries
