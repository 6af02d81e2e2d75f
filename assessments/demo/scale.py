"""`seed_demo --scale N`: N more resellers, each with submitted scorecards of 3 to 5 providers.

Built in memory with a seeded RNG per reseller and written with `bulk_create` in batches,
so 2,000 resellers (about 8,000 scorecards and 250,000 answers) take seconds. Scorecards go
in already dirty (data_version 1, computed_version 0): the workers' sweep computes them.
Resellers that already exist are skipped, so the command stays idempotent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import F
from django.db.models.functions import Coalesce

from assessments.demo import content
from assessments.demo.activity import BATCH, answer_set, question_plans
from assessments.models import (
    Answer,
    ProviderAggregate,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    Scorecard,
    ScorecardStatus,
)
from providers.models import Organisation, OrganisationKind, ResellerProfile

CHUNK = 500  # resellers built and written per round, to bound memory


@dataclass
class ScaleResult:
    resellers: int = 0
    skipped: int = 0
    scorecards: int = 0
    answers: int = 0


def scale_slug(i: int) -> str:
    return f"scale-reseller-{i:04d}"


def build_scale(n: int, *, now: datetime) -> ScaleResult:
    """Add `scale-reseller-0001` ... up to `n`; call inside a transaction, after the demo world exists."""
    result = ScaleResult()
    questionnaire = Questionnaire.objects.get(
        kind=QuestionnaireKind.PROVIDER_SCORECARD, status=QuestionnaireStatus.PUBLISHED
    )
    plans = question_plans(questionnaire)
    profiles = {p["slug"]: p for p in content.PROVIDERS}
    providers = list(Organisation.objects.filter(slug__in=profiles, kind=OrganisationKind.PROVIDER).order_by("slug"))
    existing = set(Organisation.objects.filter(slug__startswith="scale-reseller-").values_list("slug", flat=True))
    wanted = [i for i in range(1, n + 1) if scale_slug(i) not in existing]
    result.skipped = n - len(wanted)
    for start in range(0, len(wanted), CHUNK):
        _build_chunk(wanted[start : start + CHUNK], questionnaire, plans, providers, profiles, now, result)
    if wanted and providers:
        # The aggregates of these providers now have more to take in.
        ProviderAggregate.objects.filter(provider__in=providers, questionnaire=questionnaire).update(
            data_version=F("data_version") + 1, dirty_since=Coalesce(F("dirty_since"), now)
        )
    return result


def _build_chunk(indices, questionnaire, plans, providers, profiles, now, result: ScaleResult) -> None:
    rngs = {i: random.Random(f"cspeval-scale:{i}") for i in indices}
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Scale Reseller {i:04d}", slug=scale_slug(i), kind=OrganisationKind.RESELLER)
            for i in indices
        ],
        batch_size=BATCH,
    )
    ResellerProfile.objects.bulk_create(
        [
            ResellerProfile(
                organisation=org,
                description="A reseller generated for benchmarks.",
                monthly_spend=Decimal(rngs[i].randrange(5_000, 150_000, 500)),
                seat_count=rngs[i].randrange(100, 12_000, 50),
            )
            for i, org in zip(indices, orgs, strict=True)
        ],
        batch_size=BATCH,
    )
    scorecards, jobs = [], []
    for i, org in zip(indices, orgs, strict=True):
        rng = rngs[i]
        bias = rng.gauss(0, 0.06)
        for provider in rng.sample(providers, min(len(providers), rng.randint(3, 5))):
            submitted_at = now - timedelta(days=rng.randint(1, 330), hours=rng.randint(0, 23))
            scorecard = Scorecard(
                reseller=org,
                provider=provider,
                questionnaire=questionnaire,
                status=ScorecardStatus.SUBMITTED,
                version=2,
                shared_with_provider=rng.random() < 0.2,
                submitted_at=submitted_at,
                data_version=1,
                computed_version=0,
                dirty_since=now,
            )
            scorecards.append(scorecard)
            jobs.append((scorecard, rng, bias, profiles[provider.slug], org.slug))
    Scorecard.objects.bulk_create(scorecards, batch_size=BATCH)
    answers: list[Answer] = []
    for scorecard, rng, bias, profile, reseller_slug in jobs:
        answers += answer_set(
            scorecard=scorecard,
            plans=plans,
            rng=rng,
            quality=profile["quality"],
            bias=bias,
            profile=profile,
            evidence_path=f"{reseller_slug}/{profile['slug']}",
        )
        if len(answers) >= BATCH * 4:
            result.answers += _flush(answers)
            answers = []
    result.answers += _flush(answers)
    result.resellers += len(orgs)
    result.scorecards += len(scorecards)


def _flush(answers: list[Answer]) -> int:
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    return len(answers)
