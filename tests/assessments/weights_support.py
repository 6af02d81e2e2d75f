"""Shared by the weights tests: a world with submitted, scored scorecards, and an independent engine check.

Scale answers only (normalised (v - 1) / 4), at the portal's weights 30/20/25/25:

| scorecard            | relationships | community | realism | mindset | overall |
| -------------------- | ------------- | --------- | ------- | ------- | ------- |
| Contoso on Northwind | 5 (100)       | 5 (100)   | 1 (0)   | 5 (100) | 75      |
| Tailspin on Northwind| 4 (75)        | 4 (75)    | 2 (25)  | 4 (75)  | 62.5    |
| Contoso on Fabrikam  | 2 (25)        | 2 (25)    | 5 (100) | 2 (25)  | 43.75   |

So Northwind (mean 68.75) leads Fabrikam (43.75); with realism at 200, Fabrikam (79.5455) leads
Northwind (32.9546).
"""

from decimal import Decimal

from django.utils import timezone

from assessments.models import Area, Question, QuestionOption, Scorecard
from assessments.pipeline.specs import answer_inputs
from assessments.pipeline.sweep import sweep_dirty
from assessments.scoring import AreaSpec, QuestionnaireSpec, QuestionSpec, compute_score

ANSWERS = {
    "contoso_on_northwind": {"relationships": 5, "community": 5, "realism": 1, "mindset": 5},
    "tailspin_on_northwind": {"relationships": 4, "community": 4, "realism": 2, "mindset": 4},
    "contoso_on_fabrikam": {"relationships": 2, "community": 2, "realism": 5, "mindset": 2},
}


def scale(questionnaire, area_key: str) -> Question:
    return Question.objects.get(area__questionnaire=questionnaire, area__key=area_key, kind="scale")


def area(questionnaire, key: str) -> Area:
    return Area.objects.get(questionnaire=questionnaire, key=key)


def score_world(world):
    """The world's three scorecards answered as in the table, submitted, and their scores stored
    (the `scored` fixture of tests/conftest.py)."""
    for name, values in ANSWERS.items():
        scorecard = getattr(world, name)
        for key, value in values.items():
            scorecard.answers.create(question=scale(world.questionnaire, key), value_number=value)
        Scorecard.objects.filter(pk=scorecard.pk).update(status="submitted", submitted_at=timezone.now())
    sweep_dirty(everything=True)
    assert Scorecard.objects.get(pk=world.contoso_on_northwind.pk).overall == Decimal("75")
    return world


def engine_spec(questionnaire) -> QuestionnaireSpec:
    """The questionnaire as the pure engine sees it, read straight from the rows (not through the app)."""
    areas = []
    for a in Area.objects.filter(questionnaire=questionnaire).order_by("order", "id"):
        questions = []
        for q in Question.objects.filter(area=a).order_by("order", "id"):
            options = tuple(QuestionOption.objects.filter(question=q).values_list("key", "points"))
            questions.append(
                QuestionSpec(
                    id=q.pk, area_key=a.key, kind=q.kind, weight=q.weight, reverse=q.reverse, low=q.low, high=q.high,
                    direction=q.direction, options=options if q.kind == "choice" else (),
                    evidence_expected=q.evidence_expected,
                )
            )  # fmt: skip
        areas.append(AreaSpec(key=a.key, weight=a.weight, questions=tuple(questions)))
    return QuestionnaireSpec(areas=tuple(areas))


def assert_stored_scores_match_engine(questionnaire) -> None:
    """Every scorecard of the questionnaire: fresh, on the current weights revision, equal to the engine."""
    questionnaire.refresh_from_db()
    spec = engine_spec(questionnaire)
    kinds = {q.id: q.kind for a in spec.areas for q in a.questions}
    scorecards = list(Scorecard.objects.filter(questionnaire=questionnaire))
    assert scorecards
    for sc in scorecards:
        expected = compute_score(spec, answer_inputs(sc.answers.all(), kinds))
        assert sc.dirty_since is None and sc.computed_version == sc.data_version, f"scorecard {sc.pk} is stale"
        assert sc.computed_weights_revision == questionnaire.weights_revision
        assert sc.overall == expected.overall, f"scorecard {sc.pk}: {sc.overall} != {expected.overall}"
        stored_areas = {s.area.key: s.score for s in sc.area_scores.select_related("area")}
        assert stored_areas == {a.key: a.score for a in expected.areas}


def stale_ids(questionnaire) -> set[int]:
    return set(
        Scorecard.objects.filter(questionnaire=questionnaire, dirty_since__isnull=False).values_list("pk", flat=True)
    )


def admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged: its fields and every inline's."""
    data = {"_save": "Save"}

    def add(form):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = "" if value is None else str(getattr(value, "pk", value))

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            add(form)
    return data
