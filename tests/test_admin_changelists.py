"""Query budgets of the admin's list pages: the count does not grow with the rows shown (2 or 12)."""

import itertools

import pytest
from django.urls import reverse

from assessments.models import Area, Question, Questionnaire
from tests.factories import (
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProviderFactory,
    ScorecardFactory,
    UserFactory,
    build_questionnaire,
)

_seq = itertools.count(1)


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def make_questionnaires(n):
    previous = None
    for _ in range(n):
        i = next(_seq)
        previous = Questionnaire.objects.create(
            kind="provider_scorecard", version=i, status="retired", title=f"Scorecard {i}", based_on=previous
        )


def make_questions(n):
    questionnaire = Questionnaire.objects.filter(title="Questions").first() or Questionnaire.objects.create(
        kind="reseller_readiness", version=1, title="Questions"
    )
    area, _ = Area.objects.get_or_create(questionnaire=questionnaire, key="realism", defaults={"title": "Realism"})
    for _ in range(n):
        Question.objects.create(area=area, text=f"Question {next(_seq)}", kind="yes_no")


def make_scorecards(n):
    questionnaire = Questionnaire.objects.filter(kind="provider_scorecard").first() or build_questionnaire()
    for _ in range(n):
        i = next(_seq)
        ScorecardFactory(
            reseller=OrganisationFactory(name=f"Reseller {i}"),
            provider=ProviderFactory(name=f"Provider {i}"),
            questionnaire=questionnaire,
        )


def make_commitments(n):
    for _ in range(n):
        i = next(_seq)
        CommitmentFactory(reseller=OrganisationFactory(name=f"Reseller {i}"), provider=ProviderFactory(name=f"P {i}"))


def make_memberships(n):
    for _ in range(n):
        MembershipFactory()


# Every admin list page runs the same 7 base queries: the session, the user, the row count twice
# (filtered and full), whether the portal settings row exists (the sidebar's "add" link), the
# user's memberships (the portal's navigation context processor) and the rows themselves with
# their parents joined (list_select_related). A date hierarchy adds its bounds and its years.
BASE = 7
CASES = {
    "admin:assessments_questionnaire_changelist": (make_questionnaires, BASE),  # rows + based_on
    "admin:assessments_question_changelist": (make_questions, BASE),  # rows + area + questionnaire
    "admin:assessments_scorecard_changelist": (make_scorecards, BASE + 2),  # rows + orgs + questionnaire; dates
    "admin:commitments_commitment_changelist": (make_commitments, BASE + 2),  # rows + reseller + provider; dates
    "admin:providers_membership_changelist": (make_memberships, BASE),  # rows + user + organisation
}


@pytest.mark.parametrize("name", list(CASES))
def test_admin_changelist_query_count_is_flat(staff_client, name, django_assert_num_queries):
    maker, budget = CASES[name]
    url = reverse(name)
    # given 2 rows
    maker(2)
    with django_assert_num_queries(budget):
        response = staff_client.get(url)
    assert response.context["cl"].result_count == 2
    # when there are 12
    maker(10)
    # then the page costs the same
    with django_assert_num_queries(budget):
        response = staff_client.get(url)
    assert response.context["cl"].result_count == 12
