"""Query budgets of the pages that had none: each page answers in a fixed number of queries, the
same with four times the data behind it (a page that grows with the data slows down for every
user as the portal fills up)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import ProviderAggregate
from notifications.models import Notification
from tests.factories import (
    CommitmentFactory,
    OrganisationFactory,
    ProviderFactory,
    ScorecardFactory,
    SubmittedScorecardFactory,
)

# page, who views it, and its budget: the queries it takes, session and user included (a page
# that needs fewer has its budget lowered with it)
PAGES = [
    ("/", "reseller", 8),
    ("/", "provider", 6),
    ("/scorecards/", "reseller", 6),
    ("/provider/", "provider", 10),
    ("/notifications/", "reseller", 5),
    ("/weights/", "admin", 9),
    ("/realism/", "reseller", 6),
]


def _more_of_everything(world, times: int, start: int = 0) -> None:
    """More providers, scorecards (drafts and submitted), commitments, aggregates and notifications
    around the same users."""
    now = timezone.now()
    for i in range(start, start + times):
        provider = ProviderFactory(name=f"Extra provider {i}", slug=f"extra-provider-{i}")
        reseller = OrganisationFactory(name=f"Extra reseller {i}", slug=f"extra-reseller-{i}")
        ScorecardFactory(reseller=world.contoso, provider=provider, questionnaire=world.questionnaire)
        for who in (world.contoso, reseller):
            SubmittedScorecardFactory(
                reseller=who,
                provider=world.northwind,
                questionnaire=world.questionnaire,
                submitted_at=now,
                overall=Decimal("60") + i,
                shared_with_provider=True,
                dirty_since=None,
            )
        CommitmentFactory(reseller=world.contoso, provider=provider, proposed_by=world.reseller)
        CommitmentFactory(reseller=world.contoso, provider=world.northwind, proposed_by=world.reseller)
        ProviderAggregate.objects.get_or_create(provider=provider, questionnaire=world.questionnaire)
        for user in (world.reseller, world.provider):
            Notification.objects.create(user=user, text=f"Notice {i}", url="/")


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


@pytest.mark.parametrize(("url", "role", "budget"), PAGES)
def test_page_answers_within_its_budget_whatever_the_data(client, world, url, role, budget):
    # given one of everything around a signed-in user of the role, and the page viewed once
    # (per-process caches filled)
    _more_of_everything(world, 1)
    client.force_login(getattr(world, role))
    assert client.get(url).status_code == 200
    # when the page is viewed, then again with four times as much behind it
    status, few = _queries(client, url)
    _more_of_everything(world, 3, start=1)
    status_more, many = _queries(client, url)
    # then it answers, in the same number of queries, its budget
    assert (status, status_more) == (200, 200)
    assert many == few, f"{url} as {role}: {few} queries, then {many} with more data"
    assert few == budget, f"{url} as {role}: {few} queries, budget {budget}"
