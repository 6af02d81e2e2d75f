"""Questionnaire versions: copy to a new draft, publish (retiring the previous), retire; a published
version's questions are read-only in the admin, only its weights stay editable."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Area, Question, Questionnaire, QuestionOption, Scorecard
from assessments.services import questionnaires as services
from assessments.services.scorecards import scorecard_start
from tests.assessments.weights_support import admin_form_data, area, scale, stale_ids


def _shape(questionnaire):
    """Everything a version is made of, without ids: areas, questions, options."""
    return [
        (
            a.key, a.title, a.description, a.weight, a.order,
            [
                (
                    q.text, q.help_text, q.kind, q.weight, q.order, q.evidence_expected, q.reverse, q.low, q.high,
                    q.direction, q.unit, [(o.key, o.label, o.points, o.order) for o in q.options.order_by("order", "id")],
                )
                for q in a.questions.order_by("order", "id")
            ],
        )
        for a in questionnaire.areas.order_by("order", "id")
    ]  # fmt: skip


@pytest.fixture
def admin_client_(client, world):
    client.force_login(world.admin)
    return client


def test_new_version_copies_everything_into_a_draft(scored):
    # given the published v1 with scored scorecards
    world = scored
    old_scores = dict(Scorecard.objects.values_list("pk", "overall"))
    # when the admin starts a new version from it
    draft = services.questionnaire_new_version(user=world.admin, questionnaire_id=world.questionnaire.pk)
    # then v2 is a draft based on v1, with the same areas, questions and options (new rows)
    assert (draft.kind, draft.version, draft.status, draft.based_on_id) == (
        "provider_scorecard", 2, "draft", world.questionnaire.pk,
    )  # fmt: skip
    assert _shape(draft) == _shape(world.questionnaire)
    assert QuestionOption.objects.filter(question__area__questionnaire=draft).count() == 23  # 4 scales x 5, 3 choices
    assert not set(Question.objects.filter(area__questionnaire=draft).values_list("pk", flat=True)) & set(
        Question.objects.filter(area__questionnaire=world.questionnaire).values_list("pk", flat=True)
    )
    # and the old scorecards still point at v1 with their scores
    assert set(Scorecard.objects.values_list("questionnaire_id", flat=True)) == {world.questionnaire.pk}
    assert dict(Scorecard.objects.values_list("pk", "overall")) == old_scores


def test_publish_retires_the_previous_and_old_scorecards_keep_their_version(scored, django_capture_on_commit_callbacks):
    world = scored
    old_scores = dict(Scorecard.objects.values_list("pk", "overall"))
    draft = services.questionnaire_new_version(user=world.admin, questionnaire_id=world.questionnaire.pk)
    # when v2 is published
    services.questionnaire_publish(user=world.admin, questionnaire_id=draft.pk)
    # then v1 is retired, v2 published with its time
    world.questionnaire.refresh_from_db()
    draft.refresh_from_db()
    assert world.questionnaire.status == "retired" and draft.status == "published" and draft.published_at
    # and a weight change on v2 leaves v1's scorecards alone
    v2_realism = area(draft, "realism")
    with django_capture_on_commit_callbacks(execute=True):
        marked = services.weights_set(user=world.admin, questionnaire_id=draft.pk, area_weights={v2_realism.pk: 90})
    assert marked == 0 and not stale_ids(world.questionnaire)
    assert dict(Scorecard.objects.values_list("pk", "overall")) == old_scores
    # and a new review starts on v2, filled in from the last one by wording
    new, created = scorecard_start(user=world.reseller, reseller=world.contoso, provider=world.northwind)
    assert created and new.questionnaire_id == draft.pk
    assert new.answers.get(question=scale(draft, "realism")).value_number == 1


def test_publish_needs_a_question_in_every_area(scored):
    world = scored
    draft = services.questionnaire_new_version(user=world.admin, questionnaire_id=world.questionnaire.pk)
    Question.objects.filter(area__questionnaire=draft, area__key="community").delete()
    with pytest.raises(ValidationError) as exc:
        services.questionnaire_publish(user=world.admin, questionnaire_id=draft.pk)
    assert exc.value.messages == ["Each area needs at least one question before publishing: add one to “Community”."]
    draft.refresh_from_db()
    world.questionnaire.refresh_from_db()
    assert draft.status == "draft" and world.questionnaire.status == "published"


def test_only_a_draft_can_be_published_and_one_draft_at_a_time(scored):
    world = scored
    with pytest.raises(ValidationError, match="Only a draft can be published"):
        services.questionnaire_publish(user=world.admin, questionnaire_id=world.questionnaire.pk)
    services.questionnaire_new_version(user=world.admin, questionnaire_id=world.questionnaire.pk)
    with pytest.raises(ValidationError, match="is already a draft"):
        services.questionnaire_new_version(user=world.admin, questionnaire_id=world.questionnaire.pk)
    assert Questionnaire.objects.filter(kind="provider_scorecard").count() == 2


def test_retire(scored):
    world = scored
    services.questionnaire_retire(user=world.admin, questionnaire_id=world.readiness_questionnaire.pk)
    world.readiness_questionnaire.refresh_from_db()
    assert world.readiness_questionnaire.status == "retired"
    with pytest.raises(ValidationError, match="already retired"):
        services.questionnaire_retire(user=world.admin, questionnaire_id=world.readiness_questionnaire.pk)


def test_admin_actions_publish_as_new_version_then_publish(admin_client_, scored):
    world = scored
    changelist = reverse("admin:assessments_questionnaire_changelist")
    # when the admin runs "Publish as new version" on v1
    response = admin_client_.post(
        changelist, {"action": "publish_as_new_version", "_selected_action": [world.questionnaire.pk]}, follow=True
    )
    draft = Questionnaire.objects.get(kind="provider_scorecard", version=2)
    assert "v2 is a new draft copied from v1" in response.content.decode()
    # and then "Publish" on v2
    response = admin_client_.post(changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "v2 is published." in response.content.decode()
    assert dict(Questionnaire.objects.filter(kind="provider_scorecard").values_list("version", "status")) == {
        1: "retired",
        2: "published",
    }
    # and publishing the retired v1 again says why not, changing nothing
    response = admin_client_.post(
        changelist, {"action": "publish", "_selected_action": [world.questionnaire.pk]}, follow=True
    )
    assert "Only a draft can be published" in response.content.decode()
    # "Retire" retires
    admin_client_.post(changelist, {"action": "retire", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "retired"


# --- Read-only once published ------------------------------------------------------------------


def test_published_question_is_read_only_in_the_admin_except_its_weight(admin_client_, world):
    # given a question of the published questionnaire
    question = scale(world.questionnaire, "realism")
    url = reverse("admin:assessments_question_change", args=[question.pk])
    # when the admin opens it
    page = admin_client_.get(url)
    html = page.content.decode()
    # then its text is shown as read-only text, not a field; the weight is a field; options are fixed
    assert f'<div class="readonly">{question.text}</div>' in html
    assert 'name="text"' not in html and 'name="kind"' not in html and 'name="weight"' in html
    assert 'name="options-0-label"' not in html and "Point 5" in html
    assert set(page.context["adminform"].form.fields) == {"weight"}
    # and posting a new text changes the weight only
    data = admin_form_data(page) | {"weight": "3", "text": "Rewritten", "kind": "yes_no"}
    assert admin_client_.post(url, data).status_code == 302
    question.refresh_from_db()
    assert (question.text, question.kind, question.weight) == ("Realism: how good?", "scale", Decimal("3"))
    assert question.history.first().history_user == world.admin


def test_published_area_and_options_are_read_only_but_draft_ones_are_not(admin_client_, world):
    realism = area(world.questionnaire, "realism")
    html = admin_client_.get(reverse("admin:assessments_area_change", args=[realism.pk])).content.decode()
    assert 'name="title"' not in html and 'name="weight"' in html
    assert 'name="questions-0-text"' not in html and 'name="questions-0-weight"' in html
    option = QuestionOption.objects.filter(question__area=realism).first()
    html = admin_client_.get(reverse("admin:assessments_questionoption_change", args=[option.pk])).content.decode()
    assert 'name="label"' not in html and 'name="points"' not in html
    # a draft is edited in place
    draft = services.questionnaire_new_version(user=world.admin, questionnaire_id=world.questionnaire.pk)
    draft_question = scale(draft, "realism")
    html = admin_client_.get(reverse("admin:assessments_question_change", args=[draft_question.pk])).content.decode()
    assert 'name="text"' in html and 'name="options-0-label"' in html
    html = admin_client_.get(
        reverse("admin:assessments_area_change", args=[area(draft, "realism").pk])
    ).content.decode()
    assert 'name="title"' in html


def test_published_questions_cannot_be_deleted_or_added_in_the_admin(admin_client_, world):
    question = scale(world.questionnaire, "realism")
    response = admin_client_.post(reverse("admin:assessments_question_delete", args=[question.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    # the add form offers only the areas of drafts
    page = admin_client_.get(reverse("admin:assessments_question_add"))
    assert not page.context["adminform"].form.fields["area"].queryset.exists()
    assert Area.objects.filter(questionnaire=world.questionnaire).exists()
