"""`manage.py seed_demo`: the demo world a user signs in to, and its idempotence."""

import io
import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from assessments.content.questionnaires import questionnaire_content
from assessments.models import (
    Answer,
    ProviderAggregate,
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    Scorecard,
    ScorecardStatus,
    Standing,
)
from commitments.models import Commitment, CommitmentStatus
from demo import scale as scale_builder
from providers.models import Membership, Organisation, OrganisationKind, ResellerProfile
from tests.conftest import need

PASSWORD = "demo-pass-4821"


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model of both apps (history and many-to-many tables included), and users."""
    models = [
        model
        for label in ("providers", "assessments")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    return {m._meta.label: m._default_manager.count() for m in [*models, get_user_model()]}


@pytest.fixture
def seeded(db):
    return seed(password=PASSWORD)


def test_seed_demo_creates_the_demo_sign_ins(seeded):
    # given a seeded world
    users = get_user_model().objects

    # then each demo user signs in with the given password, with the right role and organisation
    expected = {
        "reseller": ("contoso", "member"),
        "viewer": ("contoso", "viewer"),
        "reseller2": ("tailspin", "member"),
        "provider": ("northwind", "member"),
    }
    for username, (slug, role) in expected.items():
        user = users.get(username=username)
        assert user.check_password(PASSWORD), username
        assert not user.is_staff
        membership = Membership.objects.get(user=user)
        assert (membership.organisation.slug, membership.role) == (slug, role)
    assert Organisation.objects.get(slug="contoso").kind == OrganisationKind.RESELLER
    assert Organisation.objects.get(slug="tailspin").kind == OrganisationKind.RESELLER
    assert Organisation.objects.get(slug="northwind").kind == OrganisationKind.PROVIDER
    admin = users.get(username="admin")
    assert admin.is_staff and admin.is_superuser and admin.check_password(PASSWORD)
    # and the summary names them
    for username in ("reseller", "viewer", "reseller2", "provider", "admin"):
        assert re.search(rf"^{username}\s.*{PASSWORD}\s*$", seeded, re.MULTILINE), username


@pytest.mark.parametrize("kind", [QuestionnaireKind.PROVIDER_SCORECARD, QuestionnaireKind.RESELLER_READINESS])
def test_seed_demo_publishes_both_questionnaires(seeded, kind):
    # given the published questionnaire of this kind
    questionnaire = Questionnaire.objects.get(kind=kind, status=QuestionnaireStatus.PUBLISHED)
    assert questionnaire.version == 1 and questionnaire.published_at is not None

    # then it is its content file, area by area and question by question (the rules the file
    # keeps are the loader's: tests/assessments/test_content.py)
    content = questionnaire_content(kind)
    assert questionnaire.title == content.title
    areas = list(questionnaire.areas.order_by("order").prefetch_related("questions__options"))
    assert [(a.key, a.weight) for a in areas] == [(a.key, a.weight) for a in content.areas]
    for area, area_content in zip(areas, content.areas, strict=True):
        questions = sorted(area.questions.all(), key=lambda q: q.order)
        assert [(q.text, q.kind, q.weight, q.reverse, q.low, q.high, q.unit) for q in questions] == [
            (q.text, q.kind, q.weight, q.reverse, q.low, q.high, q.unit) for q in area_content.questions
        ]
        for question, question_content in zip(questions, area_content.questions, strict=True):
            options = sorted(question.options.all(), key=lambda o: o.order)
            assert [(o.key, o.label, o.points) for o in options] == [
                (o.key, o.label, o.points) for o in question_content.options
            ]


def test_seed_demo_builds_a_believable_world(seeded):
    # given a seeded world
    providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER).select_related("provider_profile")
    resellers = Organisation.objects.filter(kind=OrganisationKind.RESELLER).select_related("reseller_profile")

    # then there are enough organisations, with filled-in profiles
    assert providers.count() >= 6 and resellers.count() >= 6
    for provider in providers:
        profile = provider.provider_profile
        assert profile.headline and profile.description and profile.website.endswith(".example")
        assert {t.kind for t in profile.tags.all()} == {"region", "product", "programme"}
    assert all(r.reseller_profile.monthly_spend > 0 and r.reseller_profile.seat_count > 0 for r in resellers)
    assert {s.name for s in Standing.objects.all()} == {"At risk", "Developing", "Strong", "Strategic"}

    # and scorecards in both states, with N/A answers and evidence among them
    assert set(Scorecard.objects.values_list("status", flat=True)) == set(ScorecardStatus.values)
    submitted = Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED, provider__isnull=False)
    assert not submitted.filter(submitted_at__isnull=True).exists()
    per_provider = dict(
        submitted.values("provider__slug")
        .annotate(n=Count("reseller", distinct=True))
        .values_list("provider__slug", "n")
    )
    # some providers pass the aggregate threshold, Northwind among them; some don't
    assert sum(1 for n in per_provider.values() if n >= 3) >= 3
    assert per_provider["northwind"] >= 3
    assert any(1 <= n <= 2 for n in per_provider.values())
    answers = [a for s in Scorecard.objects.prefetch_related("answers") for a in s.answers.all()]
    assert any(a.not_applicable for a in answers)
    assert any(a.evidence_url.startswith("https://evidence.example/") and a.evidence_level for a in answers)


@pytest.mark.parametrize("slug", ["contoso", "tailspin"])
def test_seed_demo_gives_each_demo_reseller_its_own_data(seeded, slug):
    # given a demo reseller
    reseller = Organisation.objects.get(slug=slug)
    scorecards = Scorecard.objects.filter(reseller=reseller)

    # then it has submitted scorecards, an open draft, a readiness self-assessment and commitments
    provider_scorecards = scorecards.filter(provider__isnull=False)
    assert provider_scorecards.filter(status=ScorecardStatus.SUBMITTED).count() >= 2
    assert 1 <= provider_scorecards.filter(status=ScorecardStatus.DRAFT).count() <= 2
    readiness = scorecards.filter(provider__isnull=True)
    assert readiness.exists()
    assert readiness.first().questionnaire.kind == QuestionnaireKind.RESELLER_READINESS
    assert Commitment.objects.filter(reseller=reseller).count() >= 2
    # and a draft is partly answered
    draft = provider_scorecards.filter(status=ScorecardStatus.DRAFT).annotate(n=Count("answers")).first()
    total = Question.objects.filter(area__questionnaire=draft.questionnaire).count()
    assert 0 < draft.n < total


def test_seed_demo_gives_northwind_work_to_review(seeded):
    # given the demo provider
    northwind = Organisation.objects.get(slug="northwind")

    # then resellers' proposals wait for its review, and some scorecards are shared with it
    waiting = Commitment.objects.filter(provider=northwind, side="reseller", status=CommitmentStatus.PROPOSED)
    assert waiting.count() >= 2
    assert Scorecard.objects.filter(provider=northwind, shared_with_provider=True, status="submitted").exists()
    assert Scorecard.objects.filter(provider__isnull=True, shared_with=northwind).exists()


def test_seed_demo_fills_the_commitment_ledger(seeded):
    # given every commitment with its events and progress
    commitments = list(Commitment.objects.prefetch_related("events", "progress"))

    # then every status and both sides appear
    assert {c.status for c in commitments} == set(CommitmentStatus.values)
    assert {c.side for c in commitments} == {"reseller", "provider"}
    assert {"margin_points", "enablement_days", "named_contact"} & {c.kpi for c in commitments if c.side == "provider"}
    for c in commitments:
        events = list(c.events.all())
        # every transition is on record, ending in the current status
        assert events and events[0].from_status == "" and events[-1].to_status == c.status
        assert c.period_start <= c.period_end and c.target > 0
        if c.status == CommitmentStatus.ACCEPTED:
            actual = sum(p.actual for p in c.progress.all())
            assert c.progress.exists()
            assert c.attainment == min(actual / c.target, 1.5).quantize(c.attainment)
        else:
            assert c.attainment is None and not c.progress.exists()
        if c.status == CommitmentStatus.COUNTERED:
            assert c.counter_target and c.counter_target != c.target


def test_seed_demo_leaves_no_score_silently_stale(seeded):
    # every demo scorecard is either computed from its current answers or marked dirty for the workers
    for scorecard in Scorecard.objects.all():
        assert scorecard.computed_version == scorecard.data_version or scorecard.dirty_since is not None


def test_seed_demo_twice_changes_nothing_and_keeps_passwords(seeded):
    # given a seeded world and its row counts
    before = row_counts()
    scorecards_before = list(Scorecard.objects.order_by("pk").values_list("pk", "data_version", "overall"))

    # when it is seeded again without a password
    output = seed()

    # then no row was added or removed, no score was disturbed, and passwords still work
    assert row_counts() == before
    assert list(Scorecard.objects.order_by("pk").values_list("pk", "data_version", "overall")) == scorecards_before
    assert get_user_model().objects.get(username="reseller").check_password(PASSWORD)
    assert "left unchanged" in output


def test_seed_demo_generates_and_prints_a_password_when_none_is_given(db):
    # when the world is seeded without --password
    output = seed()

    # then the printed password signs the demo users in
    line = next(line for line in output.splitlines() if line.startswith("reseller "))
    password = line.split()[-1]
    assert len(password) >= 12
    assert get_user_model().objects.get(username="provider").check_password(password)


def test_seed_demo_scale_adds_resellers_with_full_scorecards(seeded):
    # when five benchmark resellers are added
    seed(scale=5)

    # then each has submitted, fully answered scorecards of 3 to 5 providers, waiting for the workers
    scale = Organisation.objects.filter(slug__startswith="scale-reseller-")
    assert sorted(scale.values_list("slug", flat=True)) == [f"scale-reseller-{i:04d}" for i in range(1, 6)]
    questions = Question.objects.filter(area__questionnaire__kind=QuestionnaireKind.PROVIDER_SCORECARD).count()
    per_reseller = Counter()
    for scorecard in Scorecard.objects.filter(reseller__in=scale).annotate(n=Count("answers")):
        per_reseller[scorecard.reseller_id] += 1
        assert scorecard.status == ScorecardStatus.SUBMITTED and scorecard.n == questions
        assert scorecard.dirty_since is not None and scorecard.computed_version < scorecard.data_version
    assert len(per_reseller) == 5 and all(3 <= n <= 5 for n in per_reseller.values())

    # and running it again adds nothing
    before = row_counts()
    seed(scale=5)
    assert row_counts() == before


def scale_rows() -> dict[str, list[tuple]]:
    """Every row the scale builder writes, by natural keys (ids and insert times left out), and
    the marks it leaves on the provider aggregates."""
    scale = {"slug__startswith": "scale-reseller-"}
    orgs = Organisation.objects.filter(**scale).order_by("slug").values_list("slug", "name", "kind")
    profiles = (
        ResellerProfile.objects.filter(**{f"organisation__{k}": v for k, v in scale.items()})
        .order_by("organisation__slug")
        .values_list("organisation__slug", "description", "website", "monthly_spend", "seat_count")
    )
    scorecard_fields = [
        "status", "version", "shared_with_provider", "submitted_at", "data_version", "computed_version",
        "dirty_since", "overall", "completeness", "evidence_share", "computed_weights_revision",
        "based_on_id", "created_by_id", "submitted_by_id", "questionnaire_id",
    ]  # fmt: skip
    scorecards = (
        Scorecard.objects.filter(**{f"reseller__{k}": v for k, v in scale.items()})
        .order_by("reseller__slug", "provider__slug")
        .values_list("reseller__slug", "provider__slug", *scorecard_fields)
    )
    answer_fields = [
        "question_id", "value_number", "value_bool", "value_choice", "not_applicable", "comment",
        "evidence_url", "evidence_level", "answered_by_id", "evidenced",
    ]  # fmt: skip
    answers = (
        Answer.objects.filter(**{f"scorecard__reseller__{k}": v for k, v in scale.items()})
        .order_by("scorecard__reseller__slug", "scorecard__provider__slug", "question_id")
        .values_list("scorecard__reseller__slug", "scorecard__provider__slug", *answer_fields)
    )
    aggregates = ProviderAggregate.objects.order_by("provider__slug").values_list(
        "provider__slug", "data_version", "dirty_since"
    )
    return {
        name: list(rows)
        for name, rows in [
            ("orgs", orgs), ("profiles", profiles), ("scorecards", scorecards),
            ("answers", answers), ("aggregates", aggregates),
        ]
    }  # fmt: skip


def build_and_roll_back(n: int, *, now, copy: bool) -> tuple[scale_builder.ScaleResult, dict[str, list[tuple]]]:
    with transaction.atomic():
        result = scale_builder.build_scale(n, now=now, copy=copy)
        rows = scale_rows()
        transaction.set_rollback(True)
    return result, rows


def test_seed_demo_scale_copy_writes_the_same_rows_as_bulk_create(seeded):
    need(connection.vendor == "postgresql", "COPY is PostgreSQL's")
    # given the same world, the same moment and the same N
    now = timezone.now()

    # when the scale resellers are written once with bulk_create and once with COPY
    slow, slow_rows = build_and_roll_back(12, now=now, copy=False)
    fast, fast_rows = build_and_roll_back(12, now=now, copy=True)

    # then both wrote the same rows, value for value, and marked the same aggregates
    assert (fast.resellers, fast.scorecards, fast.answers) == (slow.resellers, slow.scorecards, slow.answers)
    assert fast.resellers == 12 and 36 <= fast.scorecards <= 60 and fast.answers > 1000
    assert [len(fast_rows[k]) for k in ("orgs", "profiles", "scorecards", "answers")] == [
        12, 12, fast.scorecards, fast.answers,
    ]  # fmt: skip
    for name in fast_rows:
        assert fast_rows[name] == slow_rows[name], name
    # and the answers have what makes them worth scoring: N/A, evidence, every kind of value
    answers = fast_rows["answers"]
    assert any(row[6] for row in answers) and any(row[11] for row in answers)
    assert any(row[4] is not None for row in answers) and any(row[5] for row in answers)
    # and the aggregates of the providers are marked dirty
    assert all(dirty is not None for _, _, dirty in fast_rows["aggregates"])


def test_seed_demo_scale_copy_leaves_ids_consistent(seeded):
    need(connection.vendor == "postgresql", "COPY is PostgreSQL's")
    # when scale resellers are written through COPY, then an ordinary insert follows
    scale_builder.build_scale(3, now=timezone.now(), copy=True)
    later = Organisation.objects.create(name="After the scale", slug="after-the-scale", kind="reseller")

    # then the sequences moved past the copied ids, and every answer points at its own scorecard
    assert later.pk > Organisation.objects.exclude(pk=later.pk).order_by("-pk").first().pk
    questions = Question.objects.filter(area__questionnaire__kind=QuestionnaireKind.PROVIDER_SCORECARD).count()
    for scorecard in Scorecard.objects.filter(reseller__slug__startswith="scale-reseller-").annotate(
        n=Count("answers")
    ):
        assert scorecard.n == questions and scorecard.reseller.reseller_profile.seat_count > 0
