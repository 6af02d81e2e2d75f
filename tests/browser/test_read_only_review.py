"""A submitted review read in real Chromium by everyone who may see it: the reseller that wrote it, its
viewer and the provider it is shared with, at desktop width and on a 390 px phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.assessments.review_support import REPLY, answer_every_kind, expected_rows, submitted_review
from tests.browser.conftest import check_accessibility, sign_in
from tests.html_support import parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1280, 900), (390, 844)]


def _checked_served(html: str) -> int:
    """How many radios the server's HTML marks as checked."""
    return sum(1 for radio in parse(html).find_all("input", type="radio") if radio.has("checked"))


def _checked_in_browser(page) -> int:
    return page.evaluate("() => document.querySelectorAll('input[type=radio]:checked').length")


@pytest.mark.parametrize("username", ["reseller", "viewer", "provider"])
def test_read_only_review_keeps_every_checked_answer_the_server_sent(page, live_server, world, username):
    """Fails on the old page: 7 radios named "value" outside any form were one group, so the browser kept
    only the last one checked. Whatever the page renders, the browser must hold what the server sent."""
    # given a submitted review answered in every way, shared with Northwind
    scorecard = submitted_review(world)
    sign_in(page, live_server, username)

    # when the user opens it
    response = page.goto(f"{live_server.url}/scorecards/{scorecard.pk}/")

    # then every answer the server marked as chosen is still chosen in the browser
    assert response.status == 200
    served = _checked_served(response.text())
    assert _checked_in_browser(page) == served


def test_editable_draft_keeps_each_questions_radio_group_apart(page, live_server, world):
    # given a draft answered in every way (the member may still change it)
    scorecard = world.contoso_on_fabrikam
    answer_every_kind(world.reseller, scorecard)
    sign_in(page, live_server, "reseller")

    # when the member opens it
    response = page.goto(f"{live_server.url}/scorecards/{scorecard.pk}/")

    # then it is the editable page, and every question's chosen radio stays chosen (one group per question)
    expect(page.get_by_role("button", name="Save answer").first).to_be_visible()
    served = _checked_served(response.text())
    assert served == 7  # 3 of 4 scales (one is not applicable), 3 of 4 yes/no (one unanswered), 1 choice
    assert _checked_in_browser(page) == served
    expect(
        page.locator(".question").filter(has_text="How do they prove claims?").get_by_label("Always, with references")
    ).to_be_checked()


def _read_review(page, scorecard, rows) -> None:
    """Each question read from the page, by its area's heading and its own heading, against the stored answers."""
    for row in rows:
        area = page.get_by_role("region", name=row["area"], exact=True)
        item = area.get_by_role("article", name=row["text"], exact=True)
        expect(item).to_be_visible()
        answer = item.locator("dd[data-field=answer]")
        expect(answer).to_be_visible()
        expect(answer).to_have_text(row["answer"], use_inner_text=True)
        comment = item.locator("dd[data-field=comment]")
        if row["comment"]:
            expect(comment).to_have_text(row["comment"], use_inner_text=True)
        else:
            expect(comment).to_have_count(0)
        link = item.locator("dd[data-field=evidence] a")
        if row["evidence_url"]:
            expect(link).to_have_attribute("href", row["evidence_url"])
            for token in ("noopener", "noreferrer", "nofollow"):
                expect(link).to_have_attribute("rel", re.compile(rf"\b{token}\b"))
        else:
            expect(link).to_have_count(0)
        level = item.locator("[data-field=evidence-level]")
        if row["evidence_level"]:
            expect(level).to_have_text(row["evidence_level"], use_inner_text=True)
        else:
            expect(level).to_have_count(0)
    # nothing to answer with, and no question left out or shown twice
    expect(page.locator("main input[type=radio]")).to_have_count(0)
    expect(page.get_by_role("article")).to_have_count(len(rows))


@pytest.mark.parametrize("width,height", WIDTHS, ids=["desktop", "phone"])
def test_submitted_review_shows_its_stored_answers_to_every_role_that_may_see_it(
    page, live_server, world, width, height
):
    # given a submitted review answered in every way, shared with Northwind, which has replied
    scorecard = submitted_review(world)
    rows = expected_rows(scorecard)
    assert {r["answer"] for r in rows} >= {"Not applicable", "Not answered", "Yes", "No", "6.5 points"}
    page.set_viewport_size({"width": width, "height": height})

    for username in ("reseller", "viewer", "provider"):
        # when each of them opens it
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        page.goto(f"{live_server.url}/scorecards/{scorecard.pk}/")

        # then the page reads as the stored answers, grouped by area, with the reply beside them
        expect(page.get_by_test_id("status")).to_have_text("Submitted")
        _read_review(page, scorecard, rows)
        expect(page.get_by_test_id("reply")).to_contain_text(REPLY)
        expect(page.get_by_test_id("reply")).to_be_visible()
        # and nothing spills sideways on a phone (long links wrap)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        check_accessibility(page)
