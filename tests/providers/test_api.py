"""The API foundation as a client would use it: tokens, the current questionnaire, the directory."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from assessments.models import Questionnaire
from tests.factories import SubmittedScorecardFactory, stored_aggregate


@pytest.fixture
def api():
    return APIClient()


def token_for(api, username, password="correct horse battery"):
    response = api.post("/api/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_token_sign_in_then_use_the_token(api, world):
    # given a token obtained with a username and password
    token = token_for(api, "reseller")
    # when the client sends it
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/providers/")
    # then it is signed in
    assert response.status_code == 200
    assert {p["slug"] for p in response.json()} == {"northwind", "fabrikam"}


def test_token_wrong_password_is_refused_with_a_message(api, world):
    response = api.post("/api/auth/token/", {"username": "reseller", "password": "nope"}, format="json")
    assert response.status_code == 401
    assert "do not match" in response.json()["detail"]


def test_token_missing_fields_name_the_field(api, world):
    response = api.post("/api/auth/token/", {"username": "reseller"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"password": ["This field is required."]}


def test_api_unauthenticated_gets_401(api, world):
    for url in ["/api/providers/", "/api/questionnaires/current/?kind=provider_scorecard", "/api/schema/"]:
        response = api.get(url)
        assert response.status_code == 401, url


def test_questionnaire_current_has_the_contract_shape(api, world):
    # given a signed-in reseller
    api.force_authenticate(world.reseller)
    # when it asks for the published provider scorecard
    response = api.get("/api/questionnaires/current/", {"kind": "provider_scorecard"})
    # then it gets the four areas in order, with each kind's extra fields
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "provider_scorecard"
    assert body["version"] == 1
    assert [a["key"] for a in body["areas"]] == ["relationships", "community", "realism", "mindset"]
    assert body["areas"][0]["weight"] == 30
    questions = {q["kind"]: q for a in body["areas"] for q in a["questions"]}
    assert [o["key"] for o in questions["scale"]["options"]] == ["1", "2", "3", "4", "5"]
    assert questions["number"] | {} and questions["number"]["low"] == 0 and questions["number"]["high"] == 12
    assert questions["number"]["direction"] == "higher_better"
    assert questions["number"]["unit"] == "points"
    assert questions["yes_no"]["reverse"] is False
    assert [(o["key"], o["points"]) for o in questions["choice"]["options"]] == [
        ("none", 0),
        ("some", 1),
        ("always", 2),
    ]
    assert {"id", "text", "kind", "weight", "evidence_expected"} <= questions["choice"].keys()


def test_questionnaire_current_bad_kind_names_the_field(api, world):
    api.force_authenticate(world.reseller)
    response = api.get("/api/questionnaires/current/", {"kind": "nonsense"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_questionnaire_current_404_when_none_is_published(api, world):
    Questionnaire.objects.update(status="retired")
    api.force_authenticate(world.reseller)
    response = api.get("/api/questionnaires/current/", {"kind": "provider_scorecard"})
    assert response.status_code == 404


def _aggregate(world, count):
    return stored_aggregate(
        provider=world.northwind,
        questionnaire=world.questionnaire,
        submitted_count=count,
        mean_overall=Decimal("71.2345"),
        median_overall=Decimal("70"),
        area_means={"realism": "65.5"},
        data_version=1,
        computed_version=1,
        computed_at=timezone.now(),
    )


@pytest.mark.parametrize(("count", "visible"), [(2, False), (3, True)])
def test_provider_aggregate_hidden_below_three_submitted(api, world, count, visible):
    # given Northwind's aggregate over `count` resellers' submitted scorecards
    _aggregate(world, count)
    for user in (world.provider, world.reseller2):
        api.force_authenticate(user)
        # when Northwind's own staff, or another reseller, reads the profile
        body = api.get("/api/providers/northwind/").json()["aggregate"]
        # then the scores show only from three up; the count always does
        assert body["submitted_count"] == count
        assert body["visible"] is visible
        assert body["mean_overall"] == (71.23 if visible else None)
        assert body["areas"] == ({"realism": 65.5} if visible else {})
        assert (body["standing"] or {}).get("name") == ("Strong" if visible else None)


def test_provider_list_query_count_does_not_grow_with_providers(api, world, django_assert_num_queries):
    from tests.factories import ProviderFactory, stored_aggregate

    _aggregate(world, 3)
    api.force_login(world.reseller)
    # session, user, current questionnaire id, providers with profiles, their tags, their aggregates,
    # memberships (aggregate rule), standings
    with django_assert_num_queries(8):
        first = api.get("/api/providers/")
    for i in range(10):
        extra = ProviderFactory(name=f"Extra Provider {i}")
        stored_aggregate(provider=extra, questionnaire=world.questionnaire, submitted_count=i)
    with django_assert_num_queries(8):
        second = api.get("/api/providers/")
    assert len(second.json()) == len(first.json()) + 10


def test_provider_area_means_only_where_three_resellers_answered_the_area(api, client, world):
    """Leak 4: a per-area mean (behind the directory, the radar chart and the API) was shown when one
    reseller alone had answered in that area, which is that reseller's score."""
    import json
    import re

    from assessments.models import Answer
    from assessments.pipeline.sweep import sweep_dirty
    from tests.factories import OrganisationFactory

    # given three resellers' submitted reviews of Northwind answering relationships, and one of
    # them alone answering realism (its score there: 0)
    reviews = []
    for i in range(3):
        sc = SubmittedScorecardFactory(
            reseller=OrganisationFactory(name=f"Reseller {i}"),
            provider=world.northwind,
            questionnaire=world.questionnaire,
        )
        scale = world.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
        Answer.objects.create(scorecard=sc, question=scale, value_number=4)
        reviews.append(sc)
    realism = world.questionnaire.areas.get(key="realism").questions.get(kind="scale")
    Answer.objects.create(scorecard=reviews[0], question=realism, value_number=1)
    sweep_dirty(grace_seconds=0)
    # when Northwind's staff (and another reseller) read the API, the directory and the profile
    for user in (world.provider, world.reseller2):
        api.force_authenticate(user)
        areas = api.get("/api/providers/northwind/").json()["aggregate"]["areas"]
        # then relationships (three resellers) is there, realism (one) is not
        assert areas == {"relationships": 75.0}
        client.force_login(user)
        page = client.get("/providers/northwind/").content.decode()
        chart = json.loads(re.search(r'<script id="radar-data" type="application/json">(.*?)</script>', page).group(1))
        assert dict(zip(chart["labels"], chart["values"], strict=True))["Realism"] is None
    # and portal staff, who keep the threshold honest, see it
    api.force_authenticate(world.admin)
    assert api.get("/api/providers/northwind/").json()["aggregate"]["areas"]["realism"] == 0.0
