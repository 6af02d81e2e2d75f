"""Every URL pattern x every role x own and foreign objects (RELIABILITY.md: security baseline).

A URL pattern without a row in MATRIX fails the build: whoever adds a page adds its row.
Expected codes: anonymous pages redirect to sign-in (302), the API answers 401; outside
the caller's organisations the answer is 404, never 403, so ids cannot be probed.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix_support import (
    DRAFT_SCORECARD_READ,
    DRAFT_SCORECARD_WRITE,
    ROLES,
    SHARED_SCORECARD_READ,
    SHARED_SCORECARD_WRITE,
    SIGNED_IN_API,
    SIGNED_IN_PAGE,
    UNSHARED_SCORECARD_READ,
    UNSHARED_SCORECARD_WRITE,
    Case,
    answer_url,
    everyone,
    shared_review,
)

MATRIX: dict[str, list[Case]] = {
    "healthz": [Case(lambda w: reverse("healthz"), everyone(200))],
    "readyz": [Case(lambda w: reverse("readyz"), everyone(200))],
    "login": [Case(lambda w: reverse("login"), everyone(302, anonymous=200))],
    "logout": [
        Case(lambda w: reverse("logout"), everyone(405)),  # no sign-out through GET
        Case(lambda w: reverse("logout"), everyone(302), method="post"),
    ],
    "dashboard": [Case(lambda w: reverse("dashboard"), SIGNED_IN_PAGE)],
    "api_token": [
        Case(lambda w: reverse("api_token"), everyone(405, anonymous=405)),
        Case(lambda w: reverse("api_token"), everyone(401), method="post", data={"username": "x", "password": "y"}),
        Case(lambda w: reverse("api_token"), everyone(400), method="post", data={"username": "x"}),
    ],
    "api_schema": [Case(lambda w: reverse("api_schema"), SIGNED_IN_API)],
    "api_questionnaire_current": [
        Case(lambda w: reverse("api_questionnaire_current") + "?kind=provider_scorecard", SIGNED_IN_API),
    ],
    "api_provider_list": [Case(lambda w: reverse("api_provider_list"), SIGNED_IN_API)],
    "api_provider_detail": [
        Case(lambda w: reverse("api_provider_detail", args=[w.northwind.slug]), SIGNED_IN_API),
        Case(lambda w: reverse("api_provider_detail", args=["no-such-provider"]), everyone(404, anonymous=401)),
    ],
    "api_scorecard_list": [
        Case(lambda w: reverse("api_scorecard_list"), SIGNED_IN_API),
        # start (or reopen) a draft: reseller members only
        Case(
            lambda w: reverse("api_scorecard_list"),
            {"anonymous": 401, "reseller": 200, "viewer": 403, "reseller2": 200, "provider": 403, "admin": 403},
            method="post",
            data={"provider": "northwind"},
        ),
    ],
    "api_scorecard_detail": [
        Case(lambda w: reverse("api_scorecard_detail", args=[w.contoso_on_northwind.pk]), DRAFT_SCORECARD_READ),
        Case(lambda w: reverse("api_scorecard_detail", args=[shared_review(w).pk]), SHARED_SCORECARD_READ),
        Case(lambda w: reverse("api_scorecard_detail", args=[w.contoso_on_fabrikam.pk]), UNSHARED_SCORECARD_READ),
    ],
    "api_scorecard_answer": [
        Case(answer_url, DRAFT_SCORECARD_WRITE, method="put", data={"value": 4}),
        Case(answer_url, DRAFT_SCORECARD_WRITE | {"reseller": 204}, method="delete"),
        Case(answer_url, DRAFT_SCORECARD_WRITE, method="put", data={"value": 4}),
        # a submitted review takes no answers: its own side gets 409, the provider it is shared with 403
        Case(
            lambda w: answer_url(w, shared_review(w)),
            SHARED_SCORECARD_WRITE | {"reseller": 409},
            method="put",
            data={"value": 4},
        ),
        Case(lambda w: answer_url(w, w.contoso_on_fabrikam), UNSHARED_SCORECARD_WRITE, method="put", data={"value": 2}),
    ],
    "api_scorecard_submit": [
        Case(
            lambda w: reverse("api_scorecard_submit", args=[w.contoso_on_northwind.pk]),
            DRAFT_SCORECARD_WRITE,
            method="post",
        ),
    ],
    "api_scorecard_score": [
        Case(lambda w: reverse("api_scorecard_score", args=[w.contoso_on_northwind.pk]), DRAFT_SCORECARD_READ),
        Case(lambda w: reverse("api_scorecard_score", args=[shared_review(w).pk]), SHARED_SCORECARD_READ),
        Case(lambda w: reverse("api_scorecard_score", args=[w.contoso_on_fabrikam.pk]), UNSHARED_SCORECARD_READ),
    ],
}


# Rows for the pages of each area of the product live beside their tests, in tests/**/matrix*.py.
def _collect_rows() -> dict:
    import importlib
    from pathlib import Path

    rows = {}
    here = Path(__file__).resolve().parent
    for path in sorted(here.rglob("matrix*.py")):
        if path.name == "matrix_support.py":
            continue
        module = ".".join(("tests", *path.relative_to(here).with_suffix("").parts))
        rows |= importlib.import_module(module).ROWS
    return rows


MATRIX |= _collect_rows()

# The Django admin: staff only; everyone else is sent to the admin's sign-in.
ADMIN_EXPECT = everyone(302) | {"admin": 200}
ADMIN_SAMPLE = [
    "admin:index",
    "admin:providers_organisation_changelist",
    "admin:providers_membership_changelist",
    "admin:assessments_questionnaire_changelist",
    "admin:assessments_question_changelist",
    "admin:assessments_area_changelist",
    "admin:assessments_scorecard_changelist",
    "admin:commitments_commitment_changelist",
    "admin:assessments_standing_changelist",
]


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            namespace = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _names(p, namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_matrix_every_url_pattern_has_a_row():
    # given every named URL in the project (the admin's are covered as one block)
    names = {n for n in _names(get_resolver()) if not n.startswith("admin:")}
    # then each has a row in the matrix
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"add these URLs to tests/test_permission_matrix.py MATRIX: {missing}"


def _client_for(role, world, client):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_matrix_each_role_gets_the_expected_status(role, world, client):
    # given a user of this role, and a shared scorecard with one answer (so it can be submitted)
    community = world.questionnaire.areas.get(key="community").questions.get(kind="yes_no")
    world.contoso_on_northwind.answers.create(question=community, value_bool=True)
    client = _client_for(role, world, client)
    failures = []
    # when they call every URL of the matrix
    for name, cases in MATRIX.items():
        for case in cases:
            url = case.url(world)
            # each case runs in a savepoint rolled back afterwards, so cases don't change each other's world
            with transaction.atomic():
                if case.method in ("put", "patch"):
                    response = getattr(client, case.method)(url, data=case.body(), content_type="application/json")
                else:
                    response = getattr(client, case.method)(url, data=case.body())
                transaction.set_rollback(True)
            if case.method == "post" and name == "logout" and role != "anonymous":
                client = _client_for(role, world, client)  # signed out by the case itself
            if response.status_code != case.expect[role]:
                failures.append(f"{case.method.upper()} {url}: {response.status_code}, expected {case.expect[role]}")
    # then every answer is the one in the table
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_admin_site_is_for_staff_only(role, world, client):
    client = _client_for(role, world, client)
    for name in ADMIN_SAMPLE:
        response = client.get(reverse(name))
        assert response.status_code == ADMIN_EXPECT[role], f"{name} as {role}: {response.status_code}"
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
