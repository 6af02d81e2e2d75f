"""The scorecard API as a client uses it, with every error path (PRODUCT.md "Bad input", "Errors")."""

import pytest
from rest_framework.test import APIClient

from assessments.models import Answer, Scorecard
from tests.matrix_support import shared_review


@pytest.fixture
def api():
    return APIClient()


def q(world, area, kind):
    return world.questionnaire.areas.get(key=area).questions.get(kind=kind)


def put(api, sc, question, body):
    return api.put(f"/api/scorecards/{sc.pk}/answers/{question.pk}/", body, format="json")


def test_scorecards_start_returns_the_open_draft_or_a_new_one(api, world):
    # given the demo reseller with an open draft of Northwind
    api.force_authenticate(world.reseller)
    # when it starts a scorecard of Northwind
    response = api.post("/api/scorecards/", {"provider": "northwind"}, format="json")
    # then it gets the open one back
    assert response.status_code == 200
    assert response.json()["id"] == world.contoso_on_northwind.pk
    # and when the draft is submitted, starting again opens a new draft (201)
    world.contoso_on_northwind.answers.create(question=q(world, "community", "yes_no"), value_bool=True)
    assert api.post(f"/api/scorecards/{world.contoso_on_northwind.pk}/submit/", {}, format="json").status_code == 200
    again = api.post("/api/scorecards/", {"provider": "northwind"}, format="json")
    assert again.status_code == 201
    body = again.json()
    assert body["status"] == "draft" and body["provider"] == "northwind" and body["reseller"] == "contoso"
    # pre-filled from the last review
    detail = api.get(f"/api/scorecards/{body['id']}/").json()
    assert [(a["question"], a["value"]) for a in detail["answers"]] == [(q(world, "community", "yes_no").pk, True)]


def test_scorecards_start_unknown_provider_names_the_field(api, world):
    api.force_authenticate(world.reseller)
    response = api.post("/api/scorecards/", {"provider": "nobody"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"provider": ["No provider has this slug."]}


def test_scorecards_list_provider_sees_only_what_is_shared_with_it(api, world):
    # given Contoso's submitted review shared with Northwind, beside its draft flagged shared
    review = shared_review(world)
    api.force_authenticate(world.provider)
    ids = {sc["id"] for sc in api.get("/api/scorecards/").json()}
    # then Northwind lists the review alone: a draft never, whatever its flag says
    assert ids == {review.pk}
    assert api.get(f"/api/scorecards/{world.contoso_on_northwind.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("area", "kind", "value", "stored"),
    [
        ("relationships", "scale", 4, 4),
        ("community", "yes_no", False, False),
        ("realism", "number", 7.5, 7.5),
        ("mindset", "choice", "some", "some"),
    ],
)
def test_answer_put_each_kind_round_trips(api, world, area, kind, value, stored):
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    response = put(api, sc, q(world, area, kind), {"value": value, "comment": "From our QBR"})
    assert response.status_code == 200, response.content
    answers = api.get(f"/api/scorecards/{sc.pk}/").json()["answers"]
    assert answers[0]["value"] == stored
    assert answers[0]["comment"] == "From our QBR"


@pytest.mark.parametrize(
    ("area", "kind", "body", "field", "message"),
    [
        ("relationships", "scale", {"value": 6}, "value", "Choose a whole number from 1 to 5."),
        ("relationships", "scale", {"value": 2.5}, "value", "Choose a whole number from 1 to 5."),
        ("relationships", "scale", {"value": "high"}, "value", "Enter a number."),
        ("community", "yes_no", {"value": 3}, "value", "Answer yes or no."),
        ("realism", "number", {"value": "lots"}, "value", "Enter a number."),
        ("realism", "number", {"value": True}, "value", "Enter a number."),
        ("mindset", "choice", {"value": "maybe"}, "value", "Choose one of: none, some, always."),
        ("relationships", "scale", {}, "value", "Give an answer, or mark the question not applicable."),
        (
            "relationships",
            "scale",
            {"value": 3, "not_applicable": True},
            "not_applicable",
            "An answer marked not applicable cannot also have a value.",
        ),
        (
            "relationships",
            "scale",
            {"value": 3, "evidence_url": "javascript:alert(1)"},
            "evidence_url",
            "Enter a link that starts with http:// or https://.",
        ),
        (
            "relationships",
            "scale",
            {"value": 3, "evidence_url": "ftp://files.example/x"},
            "evidence_url",
            "Enter a link that starts with http:// or https://.",
        ),
        (
            "relationships",
            "scale",
            {"value": 3, "evidence_level": "rumour"},
            "evidence_level",
            "Choose one of: claim, document, reference, verified.",
        ),
    ],
)
def test_answer_put_bad_input_names_the_field_and_keeps_the_saved_answer(api, world, area, kind, body, field, message):
    # given a saved answer
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    question = q(world, area, kind)
    good = {"scale": 2, "yes_no": True, "number": 5, "choice": "always"}[kind]
    assert put(api, sc, question, {"value": good, "comment": "kept"}).status_code == 200
    version = Scorecard.objects.get(pk=sc.pk).data_version
    # when a bad one is sent
    response = put(api, sc, question, body)
    # then a 400 names the field, and nothing saved changed
    assert response.status_code == 400
    assert message in response.json()[field]
    answer = Answer.objects.get(scorecard=sc, question=question)
    assert answer.comment == "kept"
    assert Scorecard.objects.get(pk=sc.pk).data_version == version


def test_answer_put_unknown_question_names_the_field(api, world):
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    response = api.put(f"/api/scorecards/{sc.pk}/answers/999999/", {"value": 3}, format="json")
    assert response.status_code == 400
    assert response.json() == {"question": ["This question is not part of this scorecard's questionnaire."]}


def test_answer_not_applicable_is_not_zero(api, world, django_capture_on_commit_callbacks):
    # given one question answered 5 and its neighbour marked not applicable (jobs run after commit)
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    with django_capture_on_commit_callbacks(execute=True):
        assert put(api, sc, q(world, "relationships", "scale"), {"value": 5}).status_code == 200
        assert (
            put(api, sc, q(world, "relationships", "yes_no"), {"value": None, "not_applicable": True}).status_code
            == 200
        )
    # then the area scores 100, not dragged down, and the N/A counts as complete
    score = api.get(f"/api/scorecards/{sc.pk}/score/").json()
    assert score["areas"]["relationships"] == 100.0
    assert score["overall"] == 100.0
    assert score["stale"] is False
    assert score["standing"]["name"] == "Strategic"


def test_answer_delete_clears_it_and_the_score_follows(api, world, django_capture_on_commit_callbacks):
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    question = q(world, "relationships", "scale")
    with django_capture_on_commit_callbacks(execute=True):
        put(api, sc, question, {"value": 5})
        assert api.delete(f"/api/scorecards/{sc.pk}/answers/{question.pk}/").status_code == 204
    score = api.get(f"/api/scorecards/{sc.pk}/score/").json()
    assert score["overall"] is None
    assert score["completeness"] == 0


def test_answer_to_a_submitted_scorecard_is_409_and_changes_nothing(api, world):
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    question = q(world, "relationships", "scale")
    put(api, sc, question, {"value": 2})
    assert api.post(f"/api/scorecards/{sc.pk}/submit/", {}, format="json").status_code == 200
    response = put(api, sc, question, {"value": 5})
    assert response.status_code == 409
    assert "submitted" in response.json()["detail"]
    assert Answer.objects.get(scorecard=sc, question=question).value_number == 2


def test_submit_twice_or_with_a_stale_version_is_409(api, world):
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    put(api, sc, q(world, "relationships", "scale"), {"value": 2})
    stale = api.post(f"/api/scorecards/{sc.pk}/submit/", {"version": sc.version + 5}, format="json")
    assert stale.status_code == 409
    first = api.post(f"/api/scorecards/{sc.pk}/submit/", {"version": sc.version}, format="json")
    assert first.status_code == 200 and first.json()["status"] == "submitted"
    second = api.post(f"/api/scorecards/{sc.pk}/submit/", {"version": sc.version}, format="json")
    assert second.status_code == 409


def test_submit_with_no_answers_names_why(api, world):
    api.force_authenticate(world.reseller)
    response = api.post(f"/api/scorecards/{world.contoso_on_fabrikam.pk}/submit/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"answers": ["Answer at least one question before submitting."]}


def test_viewer_reads_but_cannot_write(api, world):
    api.force_authenticate(world.viewer)
    sc = world.contoso_on_northwind
    assert api.get(f"/api/scorecards/{sc.pk}/").status_code == 200
    assert put(api, sc, q(world, "relationships", "scale"), {"value": 3}).status_code == 403
    assert not Answer.objects.filter(scorecard=sc).exists()


def test_foreign_scorecard_is_404_for_reads_and_writes(api, world):
    api.force_authenticate(world.reseller2)
    sc = world.contoso_on_northwind
    assert api.get(f"/api/scorecards/{sc.pk}/").status_code == 404
    assert put(api, sc, q(world, "relationships", "scale"), {"value": 3}).status_code == 404


def test_mass_assignment_is_ignored(api, world):
    # given a reseller posting protected columns alongside a real answer
    api.force_authenticate(world.reseller)
    sc = world.contoso_on_northwind
    body = {
        "value": 3,
        "scorecard": world.tailspin_on_northwind.pk,
        "status": "submitted",
        "weight": 99,
        "score": 100,
        "organisation": world.tailspin.pk,
        "is_staff": True,
    }
    assert put(api, sc, q(world, "relationships", "scale"), body).status_code == 200
    # then nothing but the answer changed
    fresh = Scorecard.objects.get(pk=sc.pk)
    assert fresh.status == "draft" and fresh.reseller_id == world.contoso.pk
    assert not Answer.objects.filter(scorecard=world.tailspin_on_northwind).exists()
    assert q(world, "relationships", "scale").weight == 2
    world.reseller.refresh_from_db()
    assert world.reseller.is_staff is False


def test_scorecard_list_query_count_is_flat(api, world, django_assert_num_queries):
    from tests.factories import ProviderFactory, ScorecardFactory

    api.force_login(world.reseller)
    # session, user, memberships, scorecards with reseller/provider/questionnaire
    with django_assert_num_queries(4):
        first = api.get("/api/scorecards/").json()
    for i in range(8):
        ScorecardFactory(
            reseller=world.contoso, provider=ProviderFactory(name=f"P{i}"), questionnaire=world.questionnaire
        )
    with django_assert_num_queries(4):
        second = api.get("/api/scorecards/").json()
    assert len(second) == len(first) + 8


def test_score_is_rounded_as_the_page_rounds_it_halves_away_from_zero(api, world):
    # given a stored score exactly halfway between two hundredths (as the engine keeps 4 places)
    sc = world.contoso_on_northwind
    Scorecard.objects.filter(pk=sc.pk).update(
        overall="62.1250", completeness="0.8750", computed_version=sc.data_version
    )
    api.force_authenticate(world.reseller)
    # when the reseller reads it through the API and on the page
    body = api.get(f"/api/scorecards/{sc.pk}/score/").json()
    listed = next(row for row in api.get("/api/scorecards/").json() if row["id"] == sc.pk)
    # then both say 62.13 (the engine's rule), not the 62.12 a binary float's half-even rounding gives
    assert body["overall"] == listed["overall"] == 62.13
    assert body["completeness"] == 0.875
