"""The reseller's main journey in real Chromium: start a scorecard, answer as you go, submit."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _question(page, text):
    return page.locator(".question").filter(has=page.locator("legend", has_text=text))


def test_journey_reseller_answers_a_scorecard_and_submits_it(page, live_server, world):
    # given a provider the demo reseller has not scored yet
    from tests.factories import ProviderFactory

    ProviderFactory(name="Litware", slug="litware")
    sign_in(page, live_server, "reseller")

    # when the reseller opens the provider and starts a scorecard
    page.goto(f"{live_server.url}/providers/litware/")
    page.get_by_role("button", name=re.compile("Start my scorecard")).click()
    page.wait_for_url(re.compile(r"/scorecards/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Contoso on Litware")
    check_accessibility(page)
    overall = page.get_by_test_id("overall")
    expect(overall).to_have_text("–")

    # and answers three questions of different kinds, each saved as it is given
    scale = _question(page, "Relationships: a two-way street: how good?")
    scale.get_by_label("4: Point 4").check()
    expect(scale.get_by_role("status")).to_have_text("Saved")
    # then the score panel changes without a reload: (4 - 1) / 4 = 75
    expect(page.get_by_test_id("overall")).to_have_text("75.0")

    yes_no = _question(page, "Community: yes or no?")
    yes_no.get_by_label("Yes").check()
    expect(yes_no.get_by_role("status")).to_have_text("Saved")

    number = _question(page, "Margin points offered")
    number.get_by_label(re.compile("Your figure")).fill("6")
    number.get_by_label(re.compile("Your figure")).press("Tab")  # the change event saves it
    expect(number.get_by_role("status")).to_have_text("Saved")
    # relationships 75, community 100, realism 6/12 = 50 -> (30*75 + 20*100 + 25*50) / 75 = 73.33
    expect(page.get_by_test_id("overall")).to_have_text("73.3")
    expect(page.get_by_test_id("freshness")).to_contain_text("Up to date")

    # and a bad evidence link is refused beside the field, keeping what was typed and what was saved
    choice = _question(page, "How do they prove claims?")
    choice.get_by_label("Always, with references").check()
    expect(choice.get_by_role("status")).to_have_text("Saved")
    # mindset 100 -> (30*75 + 20*100 + 25*50 + 25*100) / 100 = 80
    expect(page.get_by_test_id("overall")).to_have_text("80.0")
    choice = _question(page, "How do they prove claims?")
    choice.get_by_text("Comment and evidence").click()
    choice.get_by_label("Evidence link").fill("javascript:alert(1)")
    choice.get_by_label("Evidence link").press("Tab")
    expect(choice).to_contain_text("Enter a link that starts with http:// or https://.")
    expect(choice.get_by_label("Evidence link")).to_have_value("javascript:alert(1)")
    expect(page.get_by_test_id("overall")).to_have_text("80.0")

    # when the page is reloaded, the answers are kept
    page.reload()
    expect(_question(page, "Relationships: a two-way street: how good?").get_by_label("4: Point 4")).to_be_checked()
    expect(_question(page, "Community: yes or no?").get_by_label("Yes")).to_be_checked()
    expect(_question(page, "Margin points offered").get_by_label(re.compile("Your figure"))).to_have_value("6")

    # and the keyboard alone can answer: focus a radio and choose with the arrow keys
    mindset = _question(page, "Mindset and culture: how good?")
    mindset.get_by_label("1: Point 1").focus()
    page.keyboard.press("ArrowDown")
    expect(mindset.get_by_label("2: Point 2")).to_be_checked()
    expect(mindset.get_by_role("status")).to_have_text("Saved")
    # mindset (2*25 + 1*100) / 3 = 50 -> (2250 + 2000 + 1250 + 1250) / 100 = 67.5
    expect(page.get_by_test_id("overall")).to_have_text("67.5")

    # when the reseller submits, after confirming
    page.get_by_role("link", name="Submit…").click()
    expect(page.get_by_text("You have answered")).to_contain_text("5 of")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, submit").click()
    # then the scorecard is read only and says so
    expect(page.get_by_role("status").filter(has_text="Submitted. Thank you")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Submitted")
    expect(page.get_by_role("button", name="Save answer")).to_have_count(0)
    check_accessibility(page)


HOSTILE_TEXT = 'Do they keep their "promises"? <script>window.injected = "question"</script>'
HOSTILE_HELP = "Say 'yes' only if it's written down & signed <b>by both</b> <script>window.injected = 'help'</script>"
HOSTILE_LABEL = '<img src=x onerror="window.injected = \'label\'"> "Always", with references'
HOSTILE_COMMENT = '</textarea><script>window.injected = "comment"</script> they said "next week" & <i>meant</i> it'
HOSTILE_URL = "https://example.com/claims?ref=\"x\"&sort='y'<script>"


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_question_text_help_and_answers_are_shown_as_typed_never_run(page, live_server, world, width, height):
    # given a question, its help text, an option's label and a saved answer full of markup and quotes
    from assessments.models import Question, QuestionOption
    from assessments.services import scorecards as services

    scorecard = world.contoso_on_northwind
    question = Question.objects.get(area__questionnaire=world.questionnaire, kind="choice")
    Question.objects.filter(pk=question.pk).update(text=HOSTILE_TEXT, help_text=HOSTILE_HELP)
    QuestionOption.objects.filter(question=question, key="always").update(label=HOSTILE_LABEL)
    services.answer_save(
        user=world.reseller,
        scorecard_id=scorecard.pk,
        question_id=question.pk,
        value="always",
        comment=HOSTILE_COMMENT,
        evidence_url=HOSTILE_URL,
    )
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, "reseller")

    # when the member opens the scorecard
    page.goto(f"{live_server.url}/scorecards/{scorecard.pk}/")

    # then every one of them reads as the text it is, in the question's inputs, and nothing of it ran
    item = page.locator(f"#q-{question.pk}")
    expect(item.locator("legend")).to_have_text(HOSTILE_TEXT)
    expect(item.get_by_text(HOSTILE_HELP, exact=True)).to_be_visible()
    option = item.get_by_label(HOSTILE_LABEL, exact=True)
    expect(option).to_be_checked()
    expect(item.get_by_label("Comment")).to_have_value(HOSTILE_COMMENT)
    expect(item.get_by_label("Evidence link")).to_have_value(HOSTILE_URL)
    expect(item.locator("script, img, b, i")).to_have_count(0)
    assert page.evaluate("() => window.injected") is None
    check_accessibility(page)

    # and so does a comment typed now, once the question comes back from its htmx save
    typed = 'Now "fixed" <script>window.injected = "typed"</script> & done'
    item.get_by_label("Comment").fill(typed)
    item.get_by_label("Comment").press("Tab")  # the change event saves it
    expect(item.get_by_role("status")).to_have_text("Saved")
    expect(item.get_by_label("Comment")).to_have_value(typed)
    expect(item.locator("legend")).to_have_text(HOSTILE_TEXT)
    expect(item.locator("script, img, b, i")).to_have_count(0)
    assert page.evaluate("() => window.injected") is None
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
