"""The scorecard and readiness pages as a reseller uses them, with and without JavaScript."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, EvidenceLevel, Scorecard
from tests.assessments.review_support import EVIDENCE_URL, answer_every_kind
from tests.html_support import parse
from tests.matrix_support import shared_review


def q(world, area, kind):
    return world.questionnaire.areas.get(key=area).questions.get(kind=kind)


@pytest.fixture
def reseller_client(client, world):
    client.force_login(world.reseller)
    return client


def _radios(item) -> list[tuple[str, str, bool]]:
    """Each radio of a question as a person meets it: (value sent, its label, checked)."""
    radios = item.find_all("input", type="radio")
    assert {r.get("name") for r in radios} <= {"value"}
    return [(r.get("value"), item.label_for(r.get("id")), r.has("checked")) for r in radios]


def _levels(item, pk) -> list[tuple[str, str, bool]]:
    select = item.by_id(f"evidence-level-{pk}")
    assert select.get("name") == "evidence_level" and item.label_for(f"evidence-level-{pk}") == "Evidence level"
    return [(o.get("value"), o.text, o.has("selected")) for o in select.find_all("option")]


def test_page_shows_every_question_grouped_by_area_with_help(reseller_client, world):
    response = reseller_client.get(reverse("scorecard_detail", args=[world.contoso_on_northwind.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for area in world.questionnaire.areas.all():
        assert area.title in html
        for question in area.questions.all():
            assert question.text in html
    assert "1 is poor, 5 is excellent." in html  # help text
    assert "Point 5" in html  # scale labels


def test_answer_without_javascript_posts_and_redirects_to_the_question(reseller_client, world):
    sc = world.contoso_on_northwind
    question = q(world, "relationships", "scale")
    response = reseller_client.post(reverse("scorecard_answer", args=[sc.pk, question.pk]), {"value": "4"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/scorecards/{sc.pk}/#q-{question.pk}")
    assert Answer.objects.get(scorecard=sc, question=question).value_number == 4
    page = reseller_client.get(response["Location"]).content.decode()
    assert "Answer saved." in page
    assert _radios(parse(page).by_id(f"q-{question.pk}"))[3] == ("4", "4: Point 4", True)


@pytest.mark.django_db(transaction=True)
def test_answer_with_htmx_returns_the_question_and_the_score_panel(reseller_client, world):
    # (real commits: with no broker the recompute runs in-process as the save commits)
    sc = world.contoso_on_northwind
    question = q(world, "mindset", "choice")
    response = reseller_client.post(
        reverse("scorecard_answer", args=[sc.pk, question.pk]), {"value": "always"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="q-{question.pk}"' in html and "Saved" in html
    # the score panel comes along out of band, already fresh in-process: mindset 100, nothing else answered
    assert 'id="score-panel"' in html and 'hx-swap-oob="true"' in html
    assert 'data-testid="overall">100.0<' in html


def test_answer_error_is_shown_beside_the_field_and_nothing_saved_is_lost(reseller_client, world):
    # given a saved answer with a comment
    sc = world.contoso_on_northwind
    question = q(world, "realism", "number")
    url = reverse("scorecard_answer", args=[sc.pk, question.pk])
    reseller_client.post(url, {"value": "6", "comment": "Agreed in March"})
    # when the evidence link is not http(s)
    response = reseller_client.post(
        url, {"value": "9", "comment": "New comment", "evidence_url": "javascript:alert(1)"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    # then the message names the field, the typed values stay in the form, and the saved answer is unchanged
    item = parse(html).by_id(f"q-{question.pk}")
    link = item.by_id(f"evidence-url-{question.pk}")
    message = item.by_id(f"err-evidence-{question.pk}")
    assert message.text == "Enter a link that starts with http:// or https://."
    assert link.get("aria-invalid") == "true" and link.get("aria-describedby") == message.get("id")
    assert "is-invalid" in link.get("class").split() and link.get("value") == "javascript:alert(1)"
    assert item.by_id(f"value-{question.pk}").get("value") == "9"
    assert item.by_id(f"comment-{question.pk}").text == "New comment"
    assert item.find("details").has("open")  # the field in error is not hidden away
    assert item.find(role="status").text == "Not saved: see the message above"
    answer = Answer.objects.get(scorecard=sc, question=question)
    assert answer.value_number == 6 and answer.comment == "Agreed in March"


def test_answer_error_without_javascript_rerenders_the_page_with_400(reseller_client, world):
    sc = world.contoso_on_northwind
    question = q(world, "relationships", "scale")
    response = reseller_client.post(reverse("scorecard_answer", args=[sc.pk, question.pk]), {"value": "9"})
    assert response.status_code == 400
    item = parse(response.content.decode()).by_id(f"q-{question.pk}")
    assert item.by_id(f"err-value-{question.pk}").text == "Choose a whole number from 1 to 5."
    assert not any(checked for _, _, checked in _radios(item))  # 9 is no point of the scale


def test_each_kind_of_question_shows_its_inputs_labels_and_saved_answer(reseller_client, world):
    # given a draft answered in every way: a scale with a comment, evidence link and level, yes/no,
    # a not applicable one, one left unanswered, a number and a choice
    sc = world.contoso_on_fabrikam
    answer_every_kind(world.reseller, sc)
    url = reverse("scorecard_detail", args=[sc.pk])

    # when the member opens it
    page = parse(reseller_client.get(url).content.decode())

    # then each question is its own htmx form that saves on change, posting to its own answer URL
    def question(area, kind):
        q_ = q(world, area, kind)
        item = page.by_id(f"q-{q_.pk}")
        form = item.find("form")
        action = reverse("scorecard_answer", args=[sc.pk, q_.pk])
        assert (form.get("method"), form.get("action"), form.get("hx-post")) == ("post", action, action)
        assert (form.get("hx-trigger"), form.get("hx-target"), form.get("hx-swap")) == (
            "change, submit",
            f"#q-{q_.pk}",
            "outerHTML",
        )
        assert form.has("novalidate") and form.find("input", name="csrfmiddlewaretoken", type="hidden")
        assert item.find("legend").text.startswith(q_.text)
        assert item.find("button", type="submit").text == "Save answer"
        na = item.by_id(f"na-{q_.pk}")
        assert na.get("name") == "not_applicable" and item.label_for(f"na-{q_.pk}") == "Not applicable to us"
        return q_, item

    def levels_with(selected):  # "None" first, chosen by the browser when no level is marked selected
        return [("", "None", False)] + [(k, label, k == selected) for k, label in EvidenceLevel.choices]

    # a scale: five points with their labels, described by the help text, the saved point checked,
    # and the comment and evidence shown open
    scale, item = question("relationships", "scale")
    assert _radios(item) == [(str(p), f"{p}: Point {p}", p == 4) for p in range(1, 6)]
    help_ = item.by_id(f"help-{scale.pk}")
    assert help_.text == "1 is poor, 5 is excellent."
    assert item.find("div", class_="scale-options").get("aria-describedby") == help_.get("id")
    assert item.find("details").has("open")
    comment = item.by_id(f"comment-{scale.pk}")
    assert comment.get("name") == "comment" and comment.text == "A quarterly plan <b>agreed</b> & kept"
    assert item.label_for(f"comment-{scale.pk}") == "Comment"
    link = item.by_id(f"evidence-url-{scale.pk}")
    assert (link.get("type"), link.get("name"), link.get("value")) == ("url", "evidence_url", EVIDENCE_URL)
    assert item.label_for(f"evidence-url-{scale.pk}") == "Evidence link" and not link.has("aria-invalid")
    assert _levels(item, scale.pk) == levels_with("document")
    assert item.find(role="status").text == "Answered"
    assert item.find(role="status").get("aria-live") == "polite"

    # yes/no: side by side, no help to point at, "evidence expected" beside the question
    yes_no, item = question("relationships", "yes_no")
    assert _radios(item) == [("yes", "Yes", True), ("no", "No", False)]
    assert all("form-check-inline" in r.parent.get("class").split() for r in item.find_all("input", type="radio"))
    assert item.find("div", class_="yes-no").get("aria-describedby") is None and not item.find("p")
    assert item.find("legend").text == f"{yes_no.text} evidence expected"
    assert not item.find("details").has("open") and _levels(item, yes_no.pk) == levels_with("")

    # not applicable: the box ticked, no point chosen
    na_scale, item = question("community", "scale")
    assert item.by_id(f"na-{na_scale.pk}").has("checked")
    assert not any(checked for _, _, checked in _radios(item))
    assert item.by_id(f"comment-{na_scale.pk}").text == "We don't attend their events."

    # unanswered: nothing chosen, nothing said beside the save button
    unanswered, item = question("realism", "yes_no")
    assert _radios(item) == [("yes", "Yes", False), ("no", "No", False)]
    assert not item.by_id(f"na-{unanswered.pk}").has("checked") and item.find(role="status").text == ""

    # a number: the figure as typed, its unit, and the range it is scored over
    number, item = question("realism", "number")
    figure = item.by_id(f"value-{number.pk}")
    assert (figure.get("type"), figure.get("name"), figure.get("value")) == ("number", "value", "6.5")
    assert (figure.get("step"), figure.get("inputmode")) == ("any", "decimal")
    assert item.label_for(f"value-{number.pk}") == "Your figure in points"
    assert item.find("span", class_="input-group-text").text == "points"
    assert item.find("div", class_="form-text").text == (
        "Scored from 0 (worst) to 12 (best); beyond either end counts as that end."
    )

    # a choice: its options' labels, the saved one checked, the evidence level shown
    choice, item = question("mindset", "choice")
    assert _radios(item) == [
        ("none", "They don't", False),
        ("some", "Sometimes", False),
        ("always", "Always, with references", True),
    ]
    assert _levels(item, choice.pk) == levels_with("verified")


def test_not_applicable_saves_without_a_value(reseller_client, world):
    sc = world.contoso_on_northwind
    question = q(world, "community", "yes_no")
    reseller_client.post(
        reverse("scorecard_answer", args=[sc.pk, question.pk]), {"value": "yes", "not_applicable": "on"}
    )
    answer = Answer.objects.get(scorecard=sc, question=question)
    assert answer.not_applicable is True and answer.value_bool is None


def test_submit_asks_for_confirmation_then_makes_it_read_only(reseller_client, world):
    sc = world.contoso_on_northwind
    reseller_client.post(
        reverse("scorecard_answer", args=[sc.pk, q(world, "relationships", "scale").pk]), {"value": "3"}
    )
    confirm = reseller_client.get(reverse("scorecard_submit", args=[sc.pk]))
    assert "Yes, submit" in confirm.content.decode()
    version = Scorecard.objects.get(pk=sc.pk).version
    done = reseller_client.post(reverse("scorecard_submit", args=[sc.pk]), {"version": version}, follow=True)
    html = done.content.decode()
    assert "Submitted. Thank you" in html
    assert "read only" in html and "Start a new review" in html
    assert Scorecard.objects.get(pk=sc.pk).status == "submitted"
    # a second submit with the old version is refused with a clear message
    again = reseller_client.post(reverse("scorecard_submit", args=[sc.pk]), {"version": version}, follow=True)
    assert "already been submitted" in again.content.decode()


def test_share_toggle_lets_the_provider_see_it(client, world):
    # given Contoso's draft of Fabrikam: sharing a draft is refused, and Fabrikam still sees nothing
    sc = world.contoso_on_fabrikam
    client.force_login(world.provider2)
    assert client.get(reverse("scorecard_detail", args=[sc.pk])).status_code == 404
    client.force_login(world.reseller)
    response = client.post(
        reverse("scorecard_share", args=[sc.pk]), {"shared": "on", "version": sc.version}, follow=True
    )
    assert "Submit it before sharing it: a provider never sees a draft." in response.content.decode()
    assert not Scorecard.objects.get(pk=sc.pk).shared_with_provider
    client.force_login(world.provider2)
    assert client.get(reverse("scorecard_detail", args=[sc.pk])).status_code == 404
    # when it is submitted and then shared
    Scorecard.objects.filter(pk=sc.pk).update(status="submitted", submitted_at=timezone.now())
    sc.refresh_from_db()
    client.force_login(world.reseller)
    response = client.post(
        reverse("scorecard_share", args=[sc.pk]), {"shared": "on", "version": sc.version}, follow=True
    )
    assert "Shared with Fabrikam." in response.content.decode()
    client.force_login(world.provider2)
    page = client.get(reverse("scorecard_detail", args=[sc.pk]))
    assert page.status_code == 200
    assert "Save answer" not in page.content.decode()  # read only for the provider


def test_readiness_start_answer_and_share(reseller_client, world):
    start = reseller_client.get(reverse("readiness"))
    assert "Start the self-assessment" in start.content.decode()
    page = reseller_client.post(reverse("readiness"), follow=True)
    html = page.content.decode()
    assert "Readiness self-assessment: Contoso" in html
    readiness = Scorecard.objects.get(reseller=world.contoso, provider__isnull=True)
    # a draft cannot be shared: a provider never sees one
    refused = reseller_client.post(reverse("readiness_share"), {"providers": [world.northwind.pk]}, follow=True)
    assert "Submit it before sharing it: a provider never sees a draft." in refused.content.decode()
    assert not readiness.shared_with.exists()
    # once submitted it can
    Scorecard.objects.filter(pk=readiness.pk).update(status="submitted", submitted_at=timezone.now())
    shared = reseller_client.post(reverse("readiness_share"), {"providers": [world.northwind.pk]}, follow=True)
    assert "Shared with Northwind." in shared.content.decode()
    assert list(readiness.shared_with.all()) == [world.northwind]


def test_readiness_share_rejects_unknown_providers(reseller_client, world):
    reseller_client.post(reverse("readiness"))
    Scorecard.objects.filter(reseller=world.contoso, provider__isnull=True).update(
        status="submitted", submitted_at=timezone.now()
    )
    response = reseller_client.post(reverse("readiness_share"), {"providers": ["99999"]}, follow=True)
    assert "Choose providers from the list." in response.content.decode()


def test_scorecard_page_query_count_does_not_grow_with_questions(reseller_client, world, django_assert_num_queries):
    from django.db.models import F

    from assessments.models import Question, Questionnaire

    sc = world.contoso_on_northwind
    url = reverse("scorecard_detail", args=[sc.pk])
    # session, user, memberships, scorecard (+reseller, provider, questionnaire), areas, questions, options,
    # answers, area scores, replies, standings, unread notifications (nav)
    with django_assert_num_queries(12):
        reseller_client.get(url)
    # the published questionnaire's areas, questions and options are kept per weights revision
    with django_assert_num_queries(9):
        reseller_client.get(url)
    # when the questionnaire grows by 20 questions (and its revision moves, as any change of a
    # published version does), the page costs the same queries, and shows them
    area = world.questionnaire.areas.get(key="community")
    for i in range(20):
        Question.objects.create(area=area, text=f"Extra {i}", kind="yes_no", weight=1, order=10 + i)
    Questionnaire.objects.filter(pk=world.questionnaire.pk).update(weights_revision=F("weights_revision") + 1)
    with django_assert_num_queries(12):
        response = reseller_client.get(url)
    with django_assert_num_queries(9):
        reseller_client.get(url)
    assert "Extra 19" in response.content.decode()


def test_new_review_from_a_shared_one_starts_unshared_and_the_provider_cannot_open_it(client, world):
    """Leak 5: "Start a new review" copied the sharing flag, so the provider read the new draft's
    internal comments and could reply to it."""
    # given Contoso's submitted review of Northwind, shared with it, with a comment
    world.contoso_on_northwind.delete()  # no open draft: the new review is a new one
    review = shared_review(world)
    question = world.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
    Answer.objects.create(scorecard=review, question=question, value_number=4, comment="Fair, for now.")
    # when a Contoso member starts a new review from it and types an internal comment
    client.force_login(world.reseller)
    response = client.post(reverse("scorecard_new_review", args=[review.pk]))
    draft = Scorecard.objects.get(reseller=world.contoso, provider=world.northwind, status="draft")
    assert response.status_code == 302 and response["Location"].endswith(f"/scorecards/{draft.pk}/")
    client.post(
        reverse("scorecard_answer", args=[draft.pk, question.pk]),
        {"value": "2", "comment": "Internal: we are about to move our Azure book away."},
    )
    # then the draft is not shared, and Northwind can neither open it nor reply to it
    assert not Scorecard.objects.get(pk=draft.pk).shared_with_provider
    client.force_login(world.provider)
    assert client.get(reverse("scorecard_detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("scorecard_reply", args=[draft.pk]), {"body": "Why?"}).status_code == 404
    assert "about to move" not in client.get(reverse("scorecard_list")).content.decode()
    assert "about to move" not in client.get(reverse("provider_home")).content.decode()
