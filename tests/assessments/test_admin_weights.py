"""A weight change through the Django admin, the weights page and the API: one code path, same effects.

Each path: a history row (who, old, new), the weights revision bumped once, every scorecard of the
questionnaire marked stale, and once the jobs run (in-process: no broker) every stored score equal
to what the pure engine gives with the new weights. A preview saves nothing; bad weights change nothing.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import Area, ProviderAggregate, Question
from assessments.services import questionnaires as services
from tests.assessments.weights_support import (
    admin_form_data,
    area,
    assert_stored_scores_match_engine,
    scale,
    stale_ids,
)


@pytest.fixture
def admin_client_(client, world):
    client.force_login(world.admin)
    return client


def _state(world):
    realism = area(world.questionnaire, "realism")
    world.questionnaire.refresh_from_db()
    return realism.weight, world.questionnaire.weights_revision, realism.history.count()


def _assert_change_recorded(world, *, old: Decimal, new: Decimal, revision_before: int) -> None:
    realism = area(world.questionnaire, "realism")
    assert realism.weight == new
    latest = realism.history.first()
    assert latest.history_user == world.admin
    assert latest.weight == new and latest.prev_record.weight == old
    world.questionnaire.refresh_from_db()
    assert world.questionnaire.weights_revision == revision_before + 1


# --- The three paths ---------------------------------------------------------------------------


def test_admin_weight_change_goes_through_the_service(admin_client_, scored, django_capture_on_commit_callbacks):
    # given the realism area of the published questionnaire at 25, and every score fresh
    world = scored
    realism = area(world.questionnaire, "realism")
    url = reverse("admin:assessments_area_change", args=[realism.pk])
    page = admin_client_.get(url)
    data = admin_form_data(page) | {"weight": "50"}
    revision = world.questionnaire.weights_revision
    # when the admin saves 50 in the area's change form (the jobs queued, not yet run)
    with django_capture_on_commit_callbacks() as jobs:
        response = admin_client_.post(url, data)
    # then it is saved with its history, the revision is bumped once, and every scorecard is stale
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    _assert_change_recorded(world, old=Decimal("25"), new=Decimal("50"), revision_before=revision)
    assert stale_ids(world.questionnaire) == {sc.pk for sc in world.questionnaire.scorecards.all()}
    # and when the jobs run, every stored score is the engine's with the new weights
    for job in jobs:
        job()
    assert_stored_scores_match_engine(world.questionnaire)
    # Contoso on Northwind: (30 x 100 + 20 x 100 + 50 x 0 + 25 x 100) / 125 = 60
    assert world.questionnaire.scorecards.get(pk=world.contoso_on_northwind.pk).overall == Decimal("60")


def test_admin_question_weight_in_the_area_inline_goes_through_the_service(
    admin_client_, scored, django_capture_on_commit_callbacks
):
    # given the realism area's change form, with its questions inline (published: only weights editable)
    world = scored
    realism = area(world.questionnaire, "realism")
    question = scale(world.questionnaire, "realism")
    url = reverse("admin:assessments_area_change", args=[realism.pk])
    data = admin_form_data(admin_client_.get(url))
    field = next(k for k, v in data.items() if k.endswith("-id") and v == str(question.pk)).replace("-id", "-weight")
    # when the admin sets the scale question's weight to 0 inline
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(url, data | {field: "0"})
    # then it is saved through the service: history, one revision bump, scores recomputed
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.weight == 0
    assert question.history.first().history_user == world.admin
    assert question.history.first().prev_record.weight == 2
    world.questionnaire.refresh_from_db()
    assert world.questionnaire.weights_revision == 2
    assert_stored_scores_match_engine(world.questionnaire)


def test_weights_page_save(admin_client_, scored, django_capture_on_commit_callbacks):
    # given the weights page of the published questionnaire
    world = scored
    realism = area(world.questionnaire, "realism")
    url = reverse("weights_edit", args=[world.questionnaire.pk])
    assert f'name="area-{realism.pk}" value="25"' in admin_client_.get(url).content.decode()
    revision = world.questionnaire.weights_revision
    # when the admin saves realism at 50
    with django_capture_on_commit_callbacks() as jobs:
        response = admin_client_.post(url, {"action": "save", f"area-{realism.pk}": "50"})
    # then the page comes back with the progress partial counting the stale scores
    assert response.status_code == 302 and response["Location"] == url
    _assert_change_recorded(world, old=Decimal("25"), new=Decimal("50"), revision_before=revision)
    assert len(stale_ids(world.questionnaire)) == 3
    page = admin_client_.get(url).content.decode()
    assert "3 scores still being recalculated" in page and 'hx-trigger="every 2s"' in page
    # and once the jobs ran, the scores are right and the partial stops polling
    for job in jobs:
        job()
    assert_stored_scores_match_engine(world.questionnaire)
    partial = admin_client_.get(reverse("weights_progress", args=[world.questionnaire.pk])).content.decode()
    assert "All scores are up to date" in partial and "hx-trigger" not in partial


def test_api_patch(scored, django_capture_on_commit_callbacks):
    # given an admin with a token-less API session
    world = scored
    api = APIClient()
    api.force_authenticate(world.admin)
    realism = area(world.questionnaire, "realism")
    revision = world.questionnaire.weights_revision
    # when they PATCH realism's weight, with other fields trying to ride along
    body = {"weight": 50, "title": "Hacked", "key": "community", "questionnaire": 999, "weights_revision": 1}
    with django_capture_on_commit_callbacks() as jobs:
        response = api.patch(reverse("api_area_detail", args=[realism.pk]), body, format="json")
    # then only the weight changed, through the service
    assert response.status_code == 200, response.json()
    assert response.json()["weight"] == 50.0 and response.json()["weights_revision"] == revision + 1
    _assert_change_recorded(world, old=Decimal("25"), new=Decimal("50"), revision_before=revision)
    realism.refresh_from_db()
    assert (realism.title, realism.key, realism.questionnaire_id) == ("Realism", "realism", world.questionnaire.pk)
    assert len(stale_ids(world.questionnaire)) == 3
    for job in jobs:
        job()
    assert_stored_scores_match_engine(world.questionnaire)


def test_api_patch_question_ignores_every_other_field(scored):
    world = scored
    api = APIClient()
    api.force_authenticate(world.admin)
    question = scale(world.questionnaire, "realism")
    before = Question.objects.filter(pk=question.pk).values().get()
    body = {"weight": "3.5", "text": "Changed", "kind": "yes_no", "area": area(world.questionnaire, "mindset").pk}
    response = api.patch(reverse("api_question_detail", args=[question.pk]), body, format="json")
    assert response.status_code == 200
    after = Question.objects.filter(pk=question.pk).values().get()
    assert after == before | {"weight": Decimal("3.5")}


# --- Preview -----------------------------------------------------------------------------------


def test_preview_saves_nothing_and_its_ranks_match_a_recompute(
    admin_client_, scored, django_capture_on_commit_callbacks
):
    # given Northwind ahead of Fabrikam at the portal's weights
    world = scored
    realism = area(world.questionnaire, "realism")
    url = reverse("weights_edit", args=[world.questionnaire.pk])
    before = _state(world)
    # when the admin previews realism at 200
    response = admin_client_.post(url, {"action": "preview", f"area-{realism.pk}": "200"})
    # then the table shows the ranks swap: Fabrikam first after, Northwind first now
    assert response.status_code == 200
    rows = response.context["preview"]
    assert [r["name"] for r in rows] == ["Fabrikam", "Northwind"]
    assert [(r["rank_now"], r["rank_after"]) for r in rows] == [(2, 1), (1, 2)]
    assert [(r["now"], r["after"]) for r in rows] == [
        (Decimal("43.75"), Decimal("79.5455")),
        (Decimal("68.75"), Decimal("32.9546")),  # (27.2727 + 38.6364) / 2
    ]
    html = response.content.decode()
    assert "Nothing has been saved" in html and "up 1 place" in html and "down 1 place" in html
    # the typed value is kept in the form, and nothing was saved: weight, revision, history, freshness
    assert f'name="area-{realism.pk}" value="200"' in html
    assert _state(world) == before
    assert not stale_ids(world.questionnaire)
    # and saving the same weights and recomputing gives the previewed scores and ranks
    with django_capture_on_commit_callbacks(execute=True):
        services.weights_set(user=world.admin, questionnaire_id=world.questionnaire.pk, area_weights={realism.pk: 200})
    means = dict(
        ProviderAggregate.objects.filter(questionnaire=world.questionnaire).values_list(
            "provider__name", "mean_overall"
        )
    )
    assert means == {r["name"]: r["after"] for r in rows}
    assert sorted(means, key=means.get, reverse=True) == [r["name"] for r in rows]


def test_preview_reads_answers_in_a_fixed_number_of_queries(scored, django_assert_num_queries):
    world = scored
    realism = area(world.questionnaire, "realism")
    services.weights_preview(questionnaire_id=world.questionnaire.pk, area_weights={realism.pk: 1})  # warm the spec
    # questionnaire, areas (checking the weights), submitted scorecards with their orgs, answers
    with django_assert_num_queries(4):
        services.weights_preview(questionnaire_id=world.questionnaire.pk, area_weights={realism.pk: 1})


# --- Bad weights -------------------------------------------------------------------------------

BAD = [
    ("-1", "The weight of “Realism” cannot be below zero."),
    ("lots", "Enter a number for the weight of “Realism”."),
    ("1.2345", "The weight of “Realism” can have at most 3 decimal places."),
]


@pytest.mark.parametrize(("value", "message"), BAD)
def test_bad_weight_on_the_page_is_named_and_changes_nothing(admin_client_, scored, value, message):
    world = scored
    realism = area(world.questionnaire, "realism")
    community = area(world.questionnaire, "community")
    before = _state(world)
    url = reverse("weights_edit", args=[world.questionnaire.pk])
    response = admin_client_.post(url, {"action": "save", f"area-{realism.pk}": value, f"area-{community.pk}": "5"})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and f'id="area-{realism.pk}-error"' in html
    assert f'name="area-{realism.pk}" value="{value}"' in html and f'name="area-{community.pk}" value="5"' in html
    assert _state(world) == before and community.weight == area(world.questionnaire, "community").weight
    assert not stale_ids(world.questionnaire)


def test_all_area_weights_zero_is_refused_everywhere(admin_client_, scored):
    world = scored
    areas = list(world.questionnaire.areas.all())
    before = [(a.pk, a.weight) for a in areas]
    message = "At least one area needs a weight above zero."
    # the service
    with pytest.raises(services.ValidationError) as exc:
        services.weights_set(
            user=world.admin, questionnaire_id=world.questionnaire.pk, area_weights={a.pk: 0 for a in areas}
        )
    assert exc.value.message_dict == {"areas": [message]}
    # the page
    url = reverse("weights_edit", args=[world.questionnaire.pk])
    response = admin_client_.post(url, {"action": "save"} | {f"area-{a.pk}": "0" for a in areas})
    assert response.status_code == 400 and message in response.content.decode()
    # the API: the last area with a weight
    api = APIClient()
    api.force_authenticate(world.admin)
    for a in areas[:-1]:
        services.weights_set(user=world.admin, questionnaire_id=world.questionnaire.pk, area_weights={a.pk: 0})
    response = api.patch(reverse("api_area_detail", args=[areas[-1].pk]), {"weight": 0}, format="json")
    assert response.status_code == 400 and response.json() == {"weight": [message]}
    assert area(world.questionnaire, areas[-1].key).weight == before[-1][1]
    # the admin's questionnaire form: all four inline weights at 0
    url = reverse("admin:assessments_questionnaire_change", args=[world.questionnaire.pk])
    data = admin_form_data(admin_client_.get(url))
    response = admin_client_.post(url, data | {k: "0" for k in data if k.endswith("-weight")})
    assert response.status_code == 200 and message in response.content.decode()
    assert area(world.questionnaire, areas[-1].key).weight == before[-1][1]


@pytest.mark.parametrize(("value", "message"), [(-1, BAD[0][1]), ("lots", BAD[1][1]), (True, BAD[1][1])])
def test_bad_weight_through_the_api_is_400_and_changes_nothing(scored, value, message):
    world = scored
    api = APIClient()
    api.force_authenticate(world.admin)
    before = _state(world)
    realism = area(world.questionnaire, "realism")
    response = api.patch(reverse("api_area_detail", args=[realism.pk]), {"weight": value}, format="json")
    assert response.status_code == 400 and response.json() == {"weight": [message]}
    assert _state(world) == before
    response = api.patch(reverse("api_area_detail", args=[realism.pk]), {"title": "x"}, format="json")
    assert response.status_code == 400 and response.json() == {"weight": ["Send a weight: a number of 0 or more."]}


def test_bad_weight_in_the_admin_is_shown_beside_the_field(admin_client_, scored):
    world = scored
    realism = area(world.questionnaire, "realism")
    url = reverse("admin:assessments_area_change", args=[realism.pk])
    before = _state(world)
    response = admin_client_.post(url, admin_form_data(admin_client_.get(url)) | {"weight": "-3"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"weight": [BAD[0][1]]}
    assert _state(world) == before


def test_unknown_ids_are_named(scored):
    world = scored
    with pytest.raises(services.ValidationError) as exc:
        services.weights_set(
            user=world.admin,
            questionnaire_id=world.questionnaire.pk,
            area_weights={999999: 1},
            question_weights={"x": 1},
        )
    assert set(exc.value.message_dict) == {"area-999999", "question-x"}
    assert exc.value.message_dict["area-999999"] == [f"There is no area 999999 in “{world.questionnaire.title}”."]


def test_weights_of_another_questionnaire_are_unknown(scored):
    world = scored
    other = area(world.readiness_questionnaire, "realism")
    with pytest.raises(services.ValidationError) as exc:
        services.weights_set(user=world.admin, questionnaire_id=world.questionnaire.pk, area_weights={other.pk: 3})
    assert list(exc.value.message_dict) == [f"area-{other.pk}"]
    assert Area.objects.get(pk=other.pk).weight == 25


def test_service_refuses_non_staff(scored):
    with pytest.raises(services.PermissionDenied):
        services.weights_set(user=scored.reseller, questionnaire_id=scored.questionnaire.pk, area_weights={})


def test_unchanged_weights_bump_nothing(scored):
    world = scored
    realism = area(world.questionnaire, "realism")
    marked = services.weights_set(
        user=world.admin, questionnaire_id=world.questionnaire.pk, area_weights={realism.pk: "25.000"}
    )
    assert marked == 0
    assert _state(world) == (Decimal("25"), 1, realism.history.count())
    assert not stale_ids(world.questionnaire)


def test_weights_page_counts_thousands_of_scores_readably(admin_client_, world):
    # given 1,200 scorecards of the questionnaire: the world's 3 and 1,197 submitted reviews of Northwind
    from assessments.models import Scorecard

    Scorecard.objects.bulk_create(
        Scorecard(reseller=world.tailspin, provider=world.northwind, questionnaire=world.questionnaire,
                  status="submitted", submitted_at=world.contoso_on_northwind.created_at)
        for _ in range(1197)
    )  # fmt: skip
    realism = area(world.questionnaire, "realism")
    url = reverse("weights_edit", args=[world.questionnaire.pk])
    # when the admin saves a weight (no job runs before the page comes back)
    response = admin_client_.post(url, {"action": "save", f"area-{realism.pk}": "40"}, follow=True)
    # then the message and the progress line group the digits
    page = response.content.decode()
    assert "Weights saved. 1,200 scores will be recalculated." in page
    assert "1,200 scores still being recalculated" in page
