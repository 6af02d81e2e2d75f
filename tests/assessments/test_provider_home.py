"""A provider's own home: scores only from three reviews up, weakest questions, trend, right of reply."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, ScorecardReply
from assessments.pipeline.sweep import sweep_dirty
from notifications.models import Notification
from tests.factories import SubmittedScorecardFactory
from tests.matrix_support import shared_review


def _submit(world, reseller, scale_value, when):
    """A submitted scorecard of Northwind by `reseller`, answering every scale question."""
    sc = SubmittedScorecardFactory(
        reseller=reseller,
        provider=world.northwind,
        questionnaire=world.questionnaire,
        submitted_at=when,
    )
    for area in world.questionnaire.areas.all():
        question = area.questions.get(kind="scale")
        Answer.objects.create(scorecard=sc, question=question, value_number=scale_value[area.key])
    return sc


@pytest.fixture
def provider_client(client, world):
    client.force_login(world.provider)
    return client


def _resellers(n):
    from tests.factories import OrganisationFactory

    return [OrganisationFactory(name=f"Reseller {i}") for i in range(n)]


def test_home_hides_scores_below_three_reviews_and_says_how_many_more(provider_client, world):
    when = timezone.now()
    for reseller in _resellers(2):
        _submit(world, reseller, {"relationships": 5, "community": 1, "realism": 3, "mindset": 4}, when)
    sweep_dirty(grace_seconds=0)
    html = provider_client.get(reverse("provider_home")).content.decode()
    assert "2 resellers have submitted a scorecard of you" in html
    assert "1 more needed" in html
    assert "weakest questions" not in html


def test_home_shows_market_comparison_weakest_questions_and_trend_from_three(provider_client, world):
    # given three resellers' reviews of Northwind, all weak on community
    when = timezone.make_aware(timezone.datetime(2026, 8, 15, 12))
    for reseller in _resellers(3):
        _submit(world, reseller, {"relationships": 5, "community": 1, "realism": 3, "mindset": 4}, when)
    sweep_dirty(grace_seconds=0)
    # when Northwind's staff open their home
    html = provider_client.get(reverse("provider_home")).content.decode()
    # then they see their areas against the market, community as the weakest question, and the quarter
    assert "Your weakest questions" in html
    weakest = html.split("Your weakest questions")[1]
    assert weakest.index("Community: how good?") < weakest.index("Realism: how good?")
    assert "(average 0%)" in weakest  # community answered 1 -> 0
    assert "2026-Q3" in html
    assert "Market median" in html


def test_reply_is_shown_to_the_reseller_beside_its_scorecard(client, world):
    sc = shared_review(world)  # submitted and shared with Northwind
    client.force_login(world.provider)
    response = client.post(reverse("scorecard_reply", args=[sc.pk]), {"body": "We will fix enablement."}, follow=True)
    assert "Your reply is saved" in response.content.decode()
    # the reseller is told, in the app and by e-mail, and sees the reply on its scorecard
    assert Notification.objects.filter(user=world.reseller, text__contains="replied").exists()
    client.force_login(world.reseller)
    page = client.get(reverse("scorecard_detail", args=[sc.pk])).content.decode()
    assert "We will fix enablement." in page and "Northwind" in page


def test_reply_shows_as_an_unread_badge_in_the_resellers_navigation_until_read(client, world):
    client.force_login(world.provider)
    client.post(reverse("scorecard_reply", args=[shared_review(world).pk]), {"body": "Noted."})
    # the reseller sees "Notifications 1 unread" on any page
    client.force_login(world.reseller)
    home = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="unread-count">1<span class="visually-hidden"> unread</span>' in home
    # the list shows it as new, with a link to the scorecard
    listing = client.get(reverse("notification_list")).content.decode()
    assert "new</span>" in listing and reverse("scorecard_detail", args=[shared_review(world).pk]) in listing
    # once marked read, the badge goes
    after = client.post(reverse("notification_list"), follow=True).content.decode()
    assert 'data-testid="unread-count"' not in after and "new</span>" not in after


@pytest.mark.django_db(transaction=True)
def test_reply_sends_an_email_to_the_reseller(client, world):
    world.reseller.email = "reseller@contoso.example"
    world.reseller.save(update_fields=["email"])
    client.force_login(world.provider)
    client.post(reverse("scorecard_reply", args=[shared_review(world).pk]), {"body": "Thanks."})
    # every Contoso member hears of it (the member and the viewer), nobody else
    assert sorted(to for m in mail.outbox for to in m.to) == ["reseller@contoso.example", "viewer@example.com"]
    assert "Northwind replied" in mail.outbox[0].subject


def test_reply_empty_is_refused_and_nothing_saved(client, world):
    client.force_login(world.provider)
    response = client.post(reverse("scorecard_reply", args=[shared_review(world).pk]), {"body": "  "}, follow=True)
    assert "Write your reply before sending it." in response.content.decode()
    assert not ScorecardReply.objects.exists()


def test_reply_to_an_unshared_scorecard_is_404(client, world):
    client.force_login(world.provider)
    response = client.post(reverse("scorecard_reply", args=[world.tailspin_on_northwind.pk]), {"body": "Hi"})
    assert response.status_code == 404
    assert Decimal(ScorecardReply.objects.count()) == 0


def test_home_groups_the_digits_of_a_large_review_count(provider_client, world):
    # given Northwind's aggregate over three reviews, then (as the fleet grows) stored as over 2,957 resellers
    from assessments.models import ProviderAggregate

    for reseller in _resellers(3):
        _submit(world, reseller, {"relationships": 5, "community": 1, "realism": 3, "mindset": 4}, timezone.now())
    sweep_dirty(grace_seconds=0)
    ProviderAggregate.objects.filter(provider=world.northwind).update(submitted_count=2957)
    # when Northwind's staff open their home, then the count reads as people write it
    html = provider_client.get(reverse("provider_home")).content.decode()
    assert "latest submitted scorecard of each of <strong>2,957</strong> resellers" in html


def _quarter_rows(html: str) -> dict[str, tuple[str, str]]:
    """The trend table as the provider reads it: quarter -> (resellers, mean overall)."""
    import re

    table = html.split("Trend by quarter")[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th><td[^>]*>([^<]+)</td><td[^>]*>(.*?)</td></tr>', table)
    return {quarter: (count, re.sub(r"<[^>]+>", "", mean)) for quarter, count, mean in rows}


def test_home_trend_counts_resellers_not_re_reviews(provider_client, world):
    """Leak 2: a quarter's mean was taken over scorecards, so one reseller's re-reviews showed its own mean."""
    # given three resellers' reviews in Q2 (so Northwind's scores may be shown at all), then in Q3
    # three re-reviews by one reseller (overall 100) and, in Q4, ten by one and one by another
    q2, q3, q4 = (timezone.make_aware(timezone.datetime(2026, month, 15, 12)) for month in (5, 8, 11))
    first, second, third = _resellers(3)
    for reseller in (first, second, third):
        _submit(world, reseller, {"relationships": 3, "community": 3, "realism": 3, "mindset": 3}, q2)
    for day in range(3):
        _submit(
            world,
            first,
            dict.fromkeys(("relationships", "community", "realism", "mindset"), 5),
            q3 + timezone.timedelta(days=day),
        )
    for day in range(10):
        _submit(
            world,
            first,
            dict.fromkeys(("relationships", "community", "realism", "mindset"), 4),
            q4 + timezone.timedelta(days=day),
        )
    _submit(world, second, dict.fromkeys(("relationships", "community", "realism", "mindset"), 1), q4)
    sweep_dirty(grace_seconds=0)
    # when Northwind's staff read their trend
    rows = _quarter_rows(provider_client.get(reverse("provider_home")).content.decode())
    # then Q2 shows the three resellers' mean; Q3 and Q4 count resellers and show no mean
    assert rows["2026-Q2"] == ("3", "50.0")
    assert rows["2026-Q3"] == ("1", "fewer than 3 resellers")
    assert rows["2026-Q4"] == ("2", "fewer than 3 resellers")


def test_home_weakest_questions_only_over_three_resellers(provider_client, world):
    """Leak 4: a question's mean was shown when one reseller answered it, which is that answer."""
    # given three resellers' reviews answering the scale questions, and one of them alone answering
    # community's yes/no (with "no", which would make it the weakest question of all)
    first, second, third = _resellers(3)
    reviews = [
        _submit(world, r, {"relationships": 4, "community": 4, "realism": 4, "mindset": 4}, timezone.now())
        for r in (first, second, third)
    ]
    lonely = world.questionnaire.areas.get(key="community").questions.get(kind="yes_no")
    Answer.objects.create(scorecard=reviews[0], question=lonely, value_bool=False)
    sweep_dirty(grace_seconds=0)
    # when Northwind's staff read their weakest questions
    html = provider_client.get(reverse("provider_home")).content.decode()
    weakest = html.split("Your weakest questions")[1].split("</ol>")[0]
    # then the lonely question is not among them (its 0% is one reseller's answer); the others are
    assert lonely.text not in weakest
    assert "Community: how good?" in weakest and "(average 75%)" in weakest


def test_readiness_replies_each_provider_sees_only_its_own(client, world):
    """Leak 3: a readiness shared with two providers showed each the other's reply (and so the other)."""
    # given Contoso's submitted readiness, shared with Northwind and Fabrikam, each of which replied
    readiness = SubmittedScorecardFactory(
        reseller=world.contoso,
        provider=None,
        questionnaire=world.readiness_questionnaire,
        dirty_since=None,
    )
    readiness.shared_with.add(world.northwind, world.fabrikam)
    for user, body in (
        (world.provider, "Northwind will fund two enablement days."),
        (world.provider2, "Fabrikam offers a named contact."),
    ):
        client.force_login(user)
        assert client.post(reverse("scorecard_reply", args=[readiness.pk]), {"body": body}).status_code == 302
    # when each provider reads the readiness, then it sees its own reply and not the other's
    client.force_login(world.provider)
    northwind_sees = client.get(reverse("scorecard_detail", args=[readiness.pk])).content.decode()
    assert "Northwind will fund two enablement days." in northwind_sees
    assert "Fabrikam" not in northwind_sees
    client.force_login(world.provider2)
    fabrikam_sees = client.get(reverse("scorecard_detail", args=[readiness.pk])).content.decode()
    assert "Fabrikam offers a named contact." in fabrikam_sees
    assert "Northwind will fund" not in fabrikam_sees
    # and the reseller that wrote it sees both
    client.force_login(world.reseller)
    own = client.get(reverse("readiness")).content.decode()
    assert "Northwind will fund two enablement days." in own and "Fabrikam offers a named contact." in own


def test_shared_list_never_holds_a_draft_whatever_its_flag(provider_client, world):
    """A draft is never shown to the provider, even flagged shared (the world's Contoso draft is)."""
    review = shared_review(world)
    html = provider_client.get(reverse("provider_home")).content.decode()
    shared = html.split('id="shared-heading"')[1]
    assert reverse("scorecard_detail", args=[review.pk]) in shared
    assert reverse("scorecard_detail", args=[world.contoso_on_northwind.pk]) not in shared
    assert provider_client.get(reverse("scorecard_detail", args=[world.contoso_on_northwind.pk])).status_code == 404
