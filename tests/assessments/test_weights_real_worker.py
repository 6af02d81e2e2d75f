"""A weight change through each of the admin's three ways (the Django admin, the weights page, the
API) brings every affected score up to date with a real Celery worker on Redis and PostgreSQL's
set-based path, and leaves a history row naming the admin.

The world is weights_support's: with realism raised from 25 to 50, Contoso on Northwind is
(30 x 100 + 20 x 100 + 50 x 0 + 25 x 100) / 125 = 60 and Tailspin on Northwind is
(30 x 75 + 20 x 75 + 50 x 25 + 25 x 75) / 125 = 55, so Northwind's aggregate mean is 57.5.
"""

import time
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assessments.models import ProviderAggregate, Scorecard
from assessments.selectors import stale_count
from tests.assessments.weights_support import admin_form_data, area, assert_stored_scores_match_engine

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _through_the_admin(world, realism):
    client = _signed_in_admin(world)
    url = reverse("admin:assessments_area_change", args=[realism.pk])
    response = client.post(url, admin_form_data(client.get(url)) | {"weight": "50"})
    assert response.status_code == 302


def _through_the_weights_page(world, realism):
    client = _signed_in_admin(world)
    url = reverse("weights_edit", args=[world.questionnaire.pk])
    response = client.post(url, {"action": "save", f"area-{realism.pk}": "50"}, follow=True)
    assert "Weights saved. 3 scores will be recalculated." in response.content.decode()


def _through_the_api(world, realism):
    api = APIClient()
    api.force_authenticate(world.admin)
    response = api.patch(reverse("api_area_detail", args=[realism.pk]), {"weight": 50}, format="json")
    assert response.status_code == 200, response.json()


def _signed_in_admin(world):
    from django.test import Client

    client = Client()
    client.force_login(world.admin)
    return client


def _wait_until_fresh(world, timeout: float = 30.0) -> ProviderAggregate:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        aggregate = ProviderAggregate.objects.filter(provider=world.northwind).first()
        aggregate_fresh = aggregate is not None and aggregate.mean_overall == Decimal("57.5")
        if not stale_count(questionnaire_id=world.questionnaire.pk) and aggregate_fresh:
            return aggregate
        time.sleep(0.1)
    raise AssertionError(f"still {stale_count(questionnaire_id=world.questionnaire.pk)} stale after {timeout} s")


@pytest.mark.parametrize("change", [_through_the_admin, _through_the_weights_page, _through_the_api])
def test_weight_change_brings_every_score_up_to_date_with_a_real_worker(scored, postgres, celery_on_redis, change):
    # given every score of the published questionnaire fresh at realism 25, and a worker on Redis
    world = scored
    realism = area(world.questionnaire, "realism")
    revision = world.questionnaire.weights_revision
    assert stale_count(questionnaire_id=world.questionnaire.pk) == 0
    # when the admin raises realism to 50
    change(world, realism)
    # then the worker brings every score to the engine's figures on the new weights revision
    aggregate = _wait_until_fresh(world)
    assert_stored_scores_match_engine(world.questionnaire)
    assert Scorecard.objects.get(pk=world.contoso_on_northwind.pk).overall == Decimal("60")
    assert Scorecard.objects.get(pk=world.tailspin_on_northwind.pk).overall == Decimal("55")
    assert aggregate.mean_overall == Decimal("57.5")
    assert world.questionnaire.weights_revision == revision + 1  # refreshed by the assertion above
    # and the history says who changed what, from what
    latest = area(world.questionnaire, "realism").history.first()
    assert latest.history_user == world.admin
    assert (latest.prev_record.weight, latest.weight) == (Decimal("25"), Decimal("50"))
