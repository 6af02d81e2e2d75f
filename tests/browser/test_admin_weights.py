"""The admin's weights page in real Chromium: preview a change to the ranking, save it, watch the
recalculation finish.

The world of tests/assessments/weights_support.py: Northwind (68.75) leads Fabrikam (43.75) at
the portal's weights; with realism at 200 instead of 25, Fabrikam (79.55) leads Northwind (32.95).
The jobs are held back after the save (as if the worker were busy) so the page has something to
count; then "the worker" runs them and the polling partial says so.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessments import jobs, tasks
from assessments.models import Area, Scorecard
from tests.assessments.weights_support import area, assert_stored_scores_match_engine
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held_jobs(monkeypatch):
    """Jobs queued after commit wait here instead of running at once (the broker's queue)."""
    queue = []
    monkeypatch.setattr(jobs, "enqueue", lambda task_name, target_id: queue.append((task_name, target_id)))
    return queue


def test_admin_previews_then_saves_a_weight_and_sees_the_scores_catch_up(page, live_server, scored, held_jobs):
    world = scored
    realism = area(world.questionnaire, "realism")
    # given the admin on the weights page of the published scorecard questionnaire
    sign_in(page, live_server, "admin")
    page.get_by_role("link", name="Weights", exact=True).click()
    page.wait_for_url(f"{live_server.url}/weights/")
    expect(page.get_by_role("heading", level=2)).to_contain_text("v1")
    expect(page.get_by_test_id("weights-progress")).to_have_text("All scores are up to date")
    check_accessibility(page)

    # when they raise realism's weight from 25 to 200 and preview the effect
    weight = page.get_by_label("Weight of Realism")
    expect(weight).to_have_value("25")
    weight.fill("200")
    page.get_by_role("button", name="Preview the effect").click()

    # then the ranks swap in the preview, the typed value stays, and nothing is saved
    preview = page.get_by_test_id("weights-preview")
    expect(preview).to_contain_text("Nothing has been saved")
    expect(page.get_by_test_id("rank-now-fabrikam")).to_have_text("2")
    expect(page.get_by_test_id("rank-after-fabrikam")).to_have_text("1")
    expect(page.get_by_test_id("moved-fabrikam")).to_have_text("▲ up 1 place")
    expect(page.get_by_test_id("moved-northwind")).to_have_text("▼ down 1 place")
    expect(page.get_by_test_id("after-fabrikam")).to_have_text("79.55")
    expect(preview.locator("tbody tr").first).to_contain_text("Fabrikam")
    expect(page.get_by_label("Weight of Realism")).to_have_value("200")
    assert Area.objects.get(pk=realism.pk).weight == 25
    assert not held_jobs and not Scorecard.objects.filter(dirty_since__isnull=False).exists()
    check_accessibility(page)

    # when they save it
    page.get_by_role("button", name="Save weights").click()
    page.wait_for_url(f"{live_server.url}/weights/{world.questionnaire.pk}/")

    # then the page says the scores are being recalculated, and keeps asking
    expect(page.locator(".messages")).to_contain_text("Weights saved. 3 scores will be recalculated.")
    expect(page.get_by_test_id("weights-progress")).to_have_text(re.compile(r"3 scores still being recalculated"))
    assert Area.objects.get(pk=realism.pk).weight == Decimal("200")
    assert held_jobs == [("assessments.tasks.recompute_questionnaire", world.questionnaire.pk)]
    check_accessibility(page)

    # and once the worker has run the job, the partial (polled every 2 s) says they are up to date
    for _, questionnaire_id in held_jobs:
        tasks.recompute_questionnaire.apply(args=(questionnaire_id,))
    expect(page.get_by_test_id("weights-progress")).to_have_text("All scores are up to date", timeout=10_000)
    assert_stored_scores_match_engine(world.questionnaire)
    check_accessibility(page)
