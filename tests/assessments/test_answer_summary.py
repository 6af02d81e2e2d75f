"""A review the user cannot answer reads as a summary: each question's answer in words, with its comment,
evidence and the provider's reply; the member's draft stays the editable page, one form per question."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessments.models import Answer, Question, Questionnaire, Scorecard, ScorecardReply
from assessments.services import scorecards as services
from tests.assessments.review_support import REPLY, answer_every_kind, expected_rows, submitted_review


class _Page(HTMLParser):
    """What the summary shows: per question (by its heading, in page order) its area and each field's text;
    and, for the editable page, the forms and the radios inside and outside them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []
        self.links: list[dict] = []
        self.radios_outside_forms = 0
        self.forms: list[set[str]] = []  # radio names per form
        self.disabled_fieldsets = 0
        self._area = self._capture = None
        self._in_form = False
        self._area_heading = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2" and (a.get("id") or "").startswith("area-"):
            self._area_heading, self._area = True, ""
        elif tag == "article":
            self.items.append({"area": self._area, "text": "", "fields": {}})
        elif tag == "h3" and self.items and a.get("id", "").endswith("-heading"):
            self._capture = ("text", None)
        elif tag == "dd" and a.get("data-field"):
            self._capture = ("field", a["data-field"])
            self.items[-1]["fields"][a["data-field"]] = ""
        elif tag == "a" and self._capture and self._capture[1] == "evidence":
            self.links.append(a)
            self.items[-1]["href"] = a.get("href", "")
        elif tag == "form":
            self._in_form = True
            self.forms.append(set())
        elif tag == "input" and a.get("type") == "radio":
            if self._in_form:
                self.forms[-1].add(a.get("name"))
            else:
                self.radios_outside_forms += 1
        elif tag == "fieldset" and "disabled" in a:
            self.disabled_fieldsets += 1

    def handle_endtag(self, tag):
        if tag == "h2":
            self._area_heading = False
        elif tag in ("h3", "dd"):
            self._capture = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._area_heading:
            self._area += data
        elif self._capture and self._capture[0] == "text":
            self.items[-1]["text"] += data
        elif self._capture:
            self.items[-1]["fields"][self._capture[1]] += data


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _shown(page: _Page) -> list[dict]:
    """The page's questions as the review_support rows are written."""
    squash = " ".join
    return [
        {
            "area": squash(item["area"].split()),
            "text": squash(item["text"].split()),
            "answer": squash(item["fields"].get("answer", "").split()),
            "comment": squash(item["fields"].get("comment", "").split()),
            "evidence_url": item.get("href", ""),
            "evidence_level": squash(item["fields"].get("evidence-level", "").split()),
        }
        for item in page.items
    ]


def _expected(scorecard) -> list[dict]:
    rows = expected_rows(scorecard)
    for row in rows:
        row["comment"] = " ".join(row["comment"].split())
    return rows


@pytest.fixture
def review(world):
    return submitted_review(world)


@pytest.mark.parametrize("who", ["reseller", "viewer", "provider"])
def test_summary_shows_each_stored_answer_in_words_to_every_role_that_may_read_it(client, world, review, who):
    # given a submitted review answered in every way, shared with Northwind
    client.force_login(getattr(world, who))
    # when each role that may read it opens it
    response = client.get(reverse("scorecard_detail", args=[review.pk]))
    page = _read(response.content.decode())
    # then every question, grouped by area, reads as the stored answer, comment and evidence
    assert response.status_code == 200
    assert _shown(page) == _expected(review)
    # and there is nothing to answer with: no radios (the old page's 7 radios shared one group), no disabled form
    assert page.radios_outside_forms == 0
    assert not any(page.forms)
    assert page.disabled_fieldsets == 0


def test_summary_words_for_each_kind_not_applicable_and_not_answered(client, world, review):
    client.force_login(world.viewer)
    shown = {row["text"]: row for row in _shown(_read(client.get(f"/scorecards/{review.pk}/").content.decode()))}
    assert shown["Relationships: a two-way street: how good?"]["answer"] == "4 of 5: Point 4"
    assert shown["Relationships: a two-way street: yes or no?"]["answer"] == "Yes"
    assert shown["Community: how good?"]["answer"] == "Not applicable"
    assert shown["Community: how good?"]["comment"] == "We don't attend their events."
    assert shown["Community: yes or no?"]["answer"] == "No"
    assert shown["Community: yes or no?"]["evidence_level"] == "A claim"
    assert shown["Realism: yes or no?"]["answer"] == "Not answered"
    assert shown["Margin points offered"]["answer"] == "6.5 points"
    assert shown["How do they prove claims?"]["answer"] == "Always, with references"
    assert shown["How do they prove claims?"]["evidence_level"] == "Verified by us"
    assert shown["Margin points offered"]["evidence_url"] == ""


def test_summary_says_when_expected_evidence_is_missing(client, world, review):
    # an answer to a question that expects evidence, given with none, says so rather than leaving the reader to guess
    client.force_login(world.viewer)
    page = _read(client.get(f"/scorecards/{review.pk}/").content.decode())
    item = next(i for i in page.items if i["text"] == "Relationships: a two-way street: yes or no?")
    assert " ".join(item["fields"]["evidence"].split()) == "None given, though this question expects it"
    # and a question that does not expect it says nothing about evidence
    item = next(i for i in page.items if i["text"] == "Relationships: a two-way street: how good?")
    assert "None given" not in item["fields"]["evidence"]


def test_summary_groups_large_numbers_for_en_gb_readers(client, world):
    # given a number answer in the thousands
    sc = world.contoso_on_northwind
    question = Question.objects.get(area__questionnaire=sc.questionnaire, kind="number")
    services.answer_save(user=world.reseller, scorecard_id=sc.pk, question_id=question.pk, value="1200.25")
    client.force_login(world.viewer)
    shown = {r["text"]: r for r in _shown(_read(client.get(f"/scorecards/{sc.pk}/").content.decode()))}
    assert shown["Margin points offered"]["answer"] == "1,200.25 points"


def test_summary_evidence_is_a_real_link_that_leaks_nothing_and_text_is_escaped(client, world, review):
    client.force_login(world.provider)
    html = client.get(reverse("scorecard_detail", args=[review.pk])).content.decode()
    page = _read(html)
    links = {link["href"]: link for link in page.links}
    # a real link, with the query string kept (escaped in the markup), opening no window back to us
    link = links["https://evidence.example.com/plan?quarter=3&year=2026"]
    assert set(link["rel"].split()) == {"noopener", "noreferrer", "nofollow"}
    assert 'href="https://evidence.example.com/plan?quarter=3&amp;year=2026"' in html
    # the comment's markup is shown as typed, never interpreted
    assert "A quarterly plan &lt;b&gt;agreed&lt;/b&gt; &amp; kept" in html
    assert "<b>agreed</b>" not in html


def test_summary_never_links_a_stored_link_that_is_not_http(client, world, review):
    # given an old row whose link is not http(s) (the form refuses these today)
    question = Question.objects.get(area__questionnaire=review.questionnaire, area__key="mindset", kind="yes_no")
    Answer.objects.filter(scorecard=review, question=question).update(evidence_url="javascript:alert(1)")
    client.force_login(world.viewer)
    html = client.get(reverse("scorecard_detail", args=[review.pk])).content.decode()
    # then it is shown as text, not as a link
    assert 'href="javascript:' not in html
    assert "javascript:alert(1) <span" in html and "(not a web link)" in html


def test_summary_shows_exactly_the_replies_the_view_passes(client, world, review):
    client.force_login(world.reseller)
    response = client.get(reverse("scorecard_detail", args=[review.pk]))
    html = response.content.decode()
    replies = list(response.context["replies"])
    assert [r.body for r in replies] == [REPLY]
    assert html.count('data-testid="reply"') == len(replies)
    assert REPLY in html and "Read the reply" in html
    # beside the review, in the aside with the score
    assert html.index('aria-label="Replies and score"') < html.index('id="replies-heading"')


def test_summary_gives_the_provider_its_reply_form_beside_the_review(client, world, review):
    client.force_login(world.provider)
    html = client.get(reverse("scorecard_detail", args=[review.pk])).content.decode()
    assert "Change your reply" in html and reverse("scorecard_reply", args=[review.pk]) in html
    assert html.index('aria-label="Replies and score"') < html.index("Change your reply")


def test_summary_after_submitting_tells_the_member_how_to_update_it(client, world, review):
    client.force_login(world.reseller)
    html = client.get(reverse("scorecard_detail", args=[review.pk])).content.decode()
    assert "was submitted and is read only" in html and "Start a new review" in html
    assert "Save answer" not in html


def test_viewer_reads_a_draft_as_a_summary_while_the_member_edits_it(client, world):
    # given a draft answered in every way
    sc = world.contoso_on_fabrikam
    answer_every_kind(world.reseller, sc)
    url = reverse("scorecard_detail", args=[sc.pk])
    # when the viewer opens it, then it is read, not answered
    client.force_login(world.viewer)
    html = client.get(url).content.decode()
    assert "your role lets you read it, not change it" in html
    assert _shown(_read(html)) == _expected(sc)
    assert "Save answer" not in html
    # when the member opens it, then it is the editable page as before
    client.force_login(world.reseller)
    html = client.get(url).content.decode()
    page = _read(html)
    assert page.items == [] and "Save answer" in html and "hx-post" in html


def test_editable_draft_puts_each_questions_radios_in_a_form_of_their_own(client, world):
    """The browser groups radios by form and name: each question's radios must be a group of their own."""
    sc = world.contoso_on_fabrikam
    answer_every_kind(world.reseller, sc)
    client.force_login(world.reseller)
    page = _read(client.get(reverse("scorecard_detail", args=[sc.pk])).content.decode())
    radio_questions = Question.objects.filter(area__questionnaire=sc.questionnaire).exclude(kind="number").count()
    answer_forms = [names for names in page.forms if names]
    assert page.radios_outside_forms == 0
    assert len(answer_forms) == radio_questions  # one form per question with radios, none shared


def test_readiness_submitted_reads_as_a_summary_for_the_reseller_and_the_provider_it_is_shared_with(client, world):
    # given Contoso's submitted readiness, shared with Northwind
    readiness, _ = services.scorecard_start(user=world.reseller, reseller=world.contoso, provider=None)
    answer_every_kind(world.reseller, readiness)
    readiness.refresh_from_db()
    services.scorecard_submit(user=world.reseller, scorecard_id=readiness.pk, version=readiness.version)
    services.readiness_share(user=world.reseller, scorecard_id=readiness.pk, provider_ids=[world.northwind.pk])
    ScorecardReply.objects.create(
        scorecard=readiness, provider=world.northwind, body="Thank you.", author=world.provider
    )
    expected = _expected(readiness)
    # when the reseller's member and viewer open /readiness/
    for user in (world.reseller, world.viewer):
        client.force_login(user)
        html = client.get(reverse("readiness")).content.decode()
        # then it reads as a summary
        assert "self-assessment was submitted and is read only" in html
        assert _shown(_read(html)) == expected
    # and the provider it is shared with reads the same, with its reply beside it
    client.force_login(world.provider)
    response = client.get(reverse("scorecard_detail", args=[readiness.pk]))
    html = response.content.decode()
    assert _shown(_read(html)) == expected
    assert "Thank you." in html and "Change your reply" in html


def test_summary_query_count_is_that_of_the_editable_page_and_does_not_grow(
    client, world, review, django_assert_num_queries
):
    from django.db.models import F

    url = reverse("scorecard_detail", args=[review.pk])
    client.force_login(world.reseller)
    # session, user, memberships, scorecard (+reseller, provider, questionnaire), areas, questions, options,
    # answers, area scores, replies, standings, unread notifications (nav): as the editable page
    with django_assert_num_queries(12):
        client.get(url)
    with django_assert_num_queries(9):  # the published structure is kept per weights revision
        client.get(url)
    # when 20 more questions, all answered, are shown, the summary costs the same
    area = review.questionnaire.areas.get(key="community")
    for i in range(20):
        question = Question.objects.create(area=area, text=f"Extra {i}", kind="yes_no", weight=1, order=10 + i)
        Answer.objects.create(scorecard=review, question=question, value_bool=bool(i % 2), comment=f"Note {i}")
    Questionnaire.objects.filter(pk=review.questionnaire_id).update(weights_revision=F("weights_revision") + 1)
    with django_assert_num_queries(12):
        response = client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
    shown = {r["text"]: r for r in _shown(_read(response.content.decode()))}
    assert shown["Extra 19"]["answer"] == "Yes" and shown["Extra 19"]["comment"] == "Note 19"


def test_summary_query_count_for_the_provider(client, world, review, django_assert_num_queries):
    client.force_login(world.provider)
    url = reverse("scorecard_detail", args=[review.pk])
    client.get(url)  # the published structure is now kept
    # session, user, memberships, scorecard (+reseller, provider, questionnaire), answers, area scores,
    # replies, standings, unread notifications (nav)
    with django_assert_num_queries(9):
        client.get(url)
    assert Scorecard.objects.get(pk=review.pk).status == "submitted"
