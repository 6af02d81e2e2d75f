"""factory_boy factories for the domain; `build_questionnaire` makes a small published one."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import (
    Answer,
    Area,
    ProviderAggregate,
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireStatus,
    QuestionOption,
    Scorecard,
    ScorecardStatus,
)
from commitments.models import Commitment
from providers.models import Membership, Organisation, OrganisationKind, ProviderProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = OrganisationKind.RESELLER


class ProviderFactory(OrganisationFactory):
    class Meta:
        skip_postgeneration_save = True

    kind = OrganisationKind.PROVIDER
    profile = factory.RelatedFactory("tests.factories.ProviderProfileFactory", factory_related_name="organisation")


class ProviderProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderProfile

    headline = "Cloud distribution"
    description = "An indirect CSP provider."
    typical_margin_points = Decimal("8")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "member"


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard

    reseller = factory.SubFactory(OrganisationFactory)
    provider = factory.SubFactory(ProviderFactory)
    status = "draft"


class SubmittedScorecardFactory(ScorecardFactory):
    """A submitted scorecard, marked for its recompute as a submit leaves it (run the sweep, or the
    scorecard's job, to score it)."""

    status = ScorecardStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    dirty_since = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    """An answer to `question` (always given: it belongs to the scorecard's questionnaire)."""

    class Meta:
        model = Answer

    scorecard = factory.SubFactory(ScorecardFactory)
    value_number = Decimal("3")


def answer_scales(scorecard: Scorecard, values: dict[str, int]) -> Scorecard:
    """Answer the scale question of each area named in `values` ({area key: 1..5})."""
    for key, value in values.items():
        question = Question.objects.get(area__questionnaire_id=scorecard.questionnaire_id, area__key=key, kind="scale")
        AnswerFactory(scorecard=scorecard, question=question, value_number=value)
    return scorecard


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    kpi = "seat_adds"
    target = Decimal("100")
    unit = "seats"
    period_start = factory.LazyFunction(lambda: timezone.localdate())
    period_end = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=90))


def build_questionnaire(kind: str = QuestionnaireKind.PROVIDER_SCORECARD, *, status=QuestionnaireStatus.PUBLISHED):
    """Four areas (weights 30/20/25/25), each with one question of each kind where it fits."""
    q = Questionnaire.objects.create(kind=kind, version=1, status=status, title=f"Test {kind}")
    specs = [
        ("relationships", "Relationships: a two-way street", "30"),
        ("community", "Community", "20"),
        ("realism", "Realism", "25"),
        ("mindset", "Mindset and culture", "25"),
    ]
    for order, (key, title, weight) in enumerate(specs):
        area = Area.objects.create(questionnaire=q, key=key, title=title, weight=Decimal(weight), order=order)
        scale = Question.objects.create(
            area=area,
            text=f"{title}: how good?",
            kind="scale",
            weight=2,
            order=0,
            help_text="1 is poor, 5 is excellent.",
        )
        for point in range(1, 6):
            QuestionOption.objects.create(
                question=scale, key=str(point), label=f"Point {point}", points=point, order=point
            )
        Question.objects.create(
            area=area, text=f"{title}: yes or no?", kind="yes_no", weight=1, order=1, evidence_expected=True
        )
        if key == "realism":
            Question.objects.create(
                area=area, text="Margin points offered", kind="number", weight=1, order=2, low=0, high=12, unit="points"
            )
        if key == "mindset":
            choice = Question.objects.create(
                area=area, text="How do they prove claims?", kind="choice", weight=1, order=2
            )
            for i, (okey, label, pts) in enumerate(
                [("none", "They don't", 0), ("some", "Sometimes", 1), ("always", "Always, with references", 2)]
            ):
                QuestionOption.objects.create(question=choice, key=okey, label=label, points=pts, order=i)
    return q


def stored_aggregate(**fields):
    """A ProviderAggregate as the recompute job stores it: unless given, every figure rests on
    all `submitted_count` resellers (the counts the disclosure rule reads)."""
    count = fields.get("submitted_count", 0)
    fields.setdefault("overall_count", count if fields.get("mean_overall") is not None else 0)
    fields.setdefault("area_counts", dict.fromkeys(fields.get("area_means") or {}, count))
    fields.setdefault("question_counts", dict.fromkeys(fields.get("question_means") or {}, count))
    return ProviderAggregate.objects.create(**fields)


def commitment_proposal(**extra) -> dict:
    """What a reseller sends to propose 100 seat adds to Northwind over this quarter (API fields)."""
    today = timezone.localdate()
    return {
        "provider": "northwind",
        "kpi": "seat_adds",
        "target": 100,
        "unit": "seats",
        "period_start": (today - timezone.timedelta(days=5)).isoformat(),
        "period_end": (today + timezone.timedelta(days=85)).isoformat(),
        "note": "A quarter of seat adds.",
    } | extra
