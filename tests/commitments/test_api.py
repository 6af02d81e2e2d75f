"""The commitment API as a client uses it: shapes, codes, bad input, mass assignment, isolation."""

from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from commitments.models import Commitment, CommitmentEvent, ProgressEntry
from tests.factories import CommitmentFactory, commitment_proposal

TODAY = timezone.localdate


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_api_full_counter_flow_with_shapes_and_codes(api, world, django_capture_on_commit_callbacks):
    # when Contoso's member proposes 100 seats to Northwind
    created = as_user(api, world.reseller).post("/api/commitments/", commitment_proposal(), format="json")
    assert created.status_code == 201, created.content
    line = created.json()
    assert {k: line[k] for k in ("reseller", "provider", "side", "kpi", "status", "target", "version")} == {
        "reseller": "contoso",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "seat_adds",
        "status": "proposed",
        "target": 100.0,
        "version": 1,
    }
    assert line["waiting_for"] == "northwind" and line["proposed_by"] == "reseller"
    assert [(e["from_status"], e["to_status"], e["target"]) for e in line["events"]] == [("", "proposed", 100.0)]
    url = f"/api/commitments/{line['id']}/"
    # and Northwind counters with 80 and a note
    countered = as_user(api, world.provider).post(
        url + "review/", {"decision": "counter", "target": 80, "note": "80 this quarter.", "version": 1}, format="json"
    )
    assert countered.status_code == 200, countered.content
    assert (countered.json()["status"], countered.json()["counter_target"]) == ("countered", 80.0)
    assert countered.json()["waiting_for"] == "contoso"
    # then Northwind cannot accept its own counter (403), and Contoso cannot counter it (409)
    assert api.post(url + "review/", {"decision": "accept"}, format="json").status_code == 403
    as_user(api, world.reseller)
    assert api.post(url + "review/", {"decision": "counter", "target": 90}, format="json").status_code == 409
    # when Contoso accepts the counter, the target becomes 80
    accepted = api.post(url + "review/", {"decision": "accept", "version": 2}, format="json")
    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["target"], accepted.json()["counter_target"]) == (
        "accepted",
        80.0,
        None,
    )
    # and progress of 40 is recorded (the job runs after commit)
    with django_capture_on_commit_callbacks(execute=True):
        progress = api.post(url + "progress/", {"date": TODAY().isoformat(), "actual": 40}, format="json")
    assert progress.status_code == 201, progress.content
    # then both sides read attainment 0.5, with the progress and the whole history
    for user in (world.reseller, world.provider, world.viewer):
        detail = as_user(api, user).get(url).json()
        assert (detail["attainment"], detail["stale"]) == (0.5, False)
        assert [(p["actual"], p["recorded_by"]) for p in detail["progress"]] == [(40.0, "reseller")]
        assert [e["to_status"] for e in detail["events"]] == ["proposed", "countered", "accepted"]
        assert detail["events"][1]["note"] == "80 this quarter." and detail["events"][1]["actor"] == "provider"


def test_api_stale_version_is_409_and_changes_nothing(api, world):
    line = CommitmentFactory(reseller=world.contoso, provider=world.northwind, version=3)
    response = as_user(api, world.provider).post(
        f"/api/commitments/{line.pk}/review/", {"decision": "accept", "version": 2}, format="json"
    )
    assert response.status_code == 409
    assert "Someone else changed this commitment" in response.json()["detail"]
    assert Commitment.objects.get(pk=line.pk).status == "proposed"


def test_api_withdraw_then_any_decision_is_409_with_a_clear_message(api, world):
    line = CommitmentFactory(reseller=world.contoso, provider=world.northwind)
    assert as_user(api, world.provider).post(f"/api/commitments/{line.pk}/withdraw/").status_code == 403
    withdrawn = as_user(api, world.reseller).post(f"/api/commitments/{line.pk}/withdraw/", {"note": "Later."})
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")
    late = as_user(api, world.provider).post(f"/api/commitments/{line.pk}/review/", {"decision": "accept"})
    assert (late.status_code, late.json()) == (409, {"detail": "This commitment was already withdrawn."})


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"target": 0}, "target"),
        ({"target": -5}, "target"),
        ({"target": "a hundred"}, "target"),
        ({"target": "Infinity"}, "target"),
        ({"target": "NaN"}, "target"),
        ({"target": 1e15}, "target"),
        ({"target": True}, "target"),
        ({"target": None}, "target"),
        ({"kpi": "margin_points"}, "kpi"),  # a provider's offer, not a reseller's commitment
        ({"kpi": "world_peace"}, "kpi"),
        ({"kpi": "custom", "custom_kpi": ""}, "custom_kpi"),
        ({"unit": ""}, "unit"),
        ({"unit": "u" * 31}, "unit"),
        ({"period_start": "31/02/2026"}, "period_start"),
        ({"period_end": "2020-01-01"}, "period_end"),  # before the start
        ({"provider": "contoso"}, "provider"),  # a reseller, not a provider
        ({"provider": "nobody"}, "provider"),
        ({"side": "both"}, "side"),
        ({"note": "n" * 2001}, "note"),
    ],
)
def test_api_propose_bad_input_is_400_naming_the_field_and_saves_nothing(api, world, extra, field):
    response = as_user(api, world.reseller).post("/api/commitments/", commitment_proposal(**extra), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert all(isinstance(m, str) and m for m in response.json()[field])
    assert Commitment.objects.count() == 0 and CommitmentEvent.objects.count() == 0


def test_api_propose_mass_assignment_changes_nothing_protected(api, world):
    # when Contoso's member names another reseller, a status, an attainment, a version and a counter
    response = as_user(api, world.reseller).post(
        "/api/commitments/",
        commitment_proposal(
            reseller="tailspin",
            status="accepted",
            attainment=1.5,
            version=99,
            counter_target=5,
            proposed_by=world.admin.pk,
            computed_version=50,
        ),
        format="json",
    )
    assert response.status_code == 201
    line = Commitment.objects.get()
    # then the line is Contoso's own proposal, as if those keys were never sent
    assert (line.reseller, line.status, line.attainment, line.version, line.counter_target) == (
        world.contoso,
        "proposed",
        None,
        1,
        None,
    )
    assert (line.proposed_by, line.computed_version) == (world.reseller, 0)
    # and accepting with a target (or a status) in the body keeps the proposed target
    accepted = as_user(api, world.provider).post(
        f"/api/commitments/{line.pk}/review/", {"decision": "accept", "target": 1, "status": "declined"}
    )
    assert (accepted.json()["status"], accepted.json()["target"]) == ("accepted", 100.0)


def test_api_provider_offers_to_a_reseller(api, world):
    response = as_user(api, world.provider).post(
        "/api/commitments/",
        commitment_proposal(provider="fabrikam", reseller="contoso", kpi="support_response", target=4, unit="hours"),
        format="json",
    )
    assert response.status_code == 201, response.content
    line = response.json()
    # the provider is the caller's own (Northwind), never the body's Fabrikam
    assert (line["side"], line["provider"], line["reseller"], line["waiting_for"]) == (
        "provider",
        "northwind",
        "contoso",
        "contoso",
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"date": "yesterday"}, "date"),
        ({"actual": -1}, "actual"),
        ({"actual": "many"}, "actual"),
    ],
)
def test_api_progress_bad_input_is_400(api, world, extra, field):
    line = CommitmentFactory(reseller=world.contoso, provider=world.northwind, status="accepted")
    response = as_user(api, world.provider).post(
        f"/api/commitments/{line.pk}/progress/", {"date": TODAY().isoformat(), "actual": 5} | extra, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert ProgressEntry.objects.count() == 0


def test_api_isolation_providers_and_resellers_see_only_their_own(api, world):
    # given lines of Contoso with Northwind and with Fabrikam, and of Tailspin with Northwind
    contoso_northwind = CommitmentFactory(reseller=world.contoso, provider=world.northwind)
    contoso_fabrikam = CommitmentFactory(
        reseller=world.contoso, provider=world.fabrikam, side="provider", kpi="margin_points"
    )
    tailspin_northwind = CommitmentFactory(reseller=world.tailspin, provider=world.northwind)

    def ids(user):
        return {c["id"] for c in as_user(api, user).get("/api/commitments/").json()}

    # then each organisation lists only its own lines
    assert ids(world.reseller) == ids(world.viewer) == {contoso_northwind.pk, contoso_fabrikam.pk}
    assert ids(world.reseller2) == {tailspin_northwind.pk}
    assert ids(world.provider) == {contoso_northwind.pk, tailspin_northwind.pk}
    assert ids(world.provider2) == {contoso_fabrikam.pk}
    assert ids(world.admin) == set()
    # and another's line is 404 for reading and for every write
    for user, line in [
        (world.provider2, contoso_northwind),
        (world.reseller2, contoso_northwind),
        (world.provider, contoso_fabrikam),
        (world.reseller, tailspin_northwind),
    ]:
        base = f"/api/commitments/{line.pk}/"
        as_user(api, user)
        assert api.get(base).status_code == 404
        assert api.post(base + "review/", {"decision": "accept"}).status_code == 404
        assert api.post(base + "withdraw/").status_code == 404
        assert api.post(base + "progress/", {"date": TODAY().isoformat(), "actual": 1}).status_code == 404


def test_api_signed_out_is_401(api, world):
    assert api.get("/api/commitments/").status_code == 401
    assert api.post("/api/commitments/", commitment_proposal(), format="json").status_code == 401


def test_api_list_query_count_does_not_grow_with_lines(api, world, django_assert_num_queries):
    from accounts.services import api_token_issue

    # given Northwind's member calling with a token, as a client would
    token = api_token_issue(user=world.provider)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    for _ in range(3):
        CommitmentFactory(reseller=world.contoso, provider=world.northwind, proposed_by=world.reseller)
    # token (with its user), its first "last used" stamp (then at most once a minute), memberships (with
    # organisations), commitments (reseller, provider, proposer joined)
    with django_assert_num_queries(4):
        assert len(api.get("/api/commitments/").json()) == 3
    for _ in range(30):
        CommitmentFactory(
            reseller=world.tailspin,
            provider=world.northwind,
            proposed_by=world.reseller2,
            status="accepted",
            attainment=Decimal("0.5"),
        )
    with django_assert_num_queries(3):
        assert len(api.get("/api/commitments/").json()) == 33
