"""The leaks seen in issue 9 ("What was seen" 1 to 5), one example each: the leaked figure or text
never reaches the provider's member, in any wording.

Each test finds the figure the way the portal stores it (the recomputed score of a review the
provider may not see, say), writes it the ways a page or the API could show it (one and two decimals,
a percentage), and asserts that none of them appears in what the provider gets; and, so that the test
can fail, that the same figure (or one of its siblings) does appear where it may be shown.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from assessments.models import PartnershipScore, ProviderAggregate, Scorecard, ScorecardReply
from assessments.services import replies as reply_services
from assessments.services import scorecards as scorecard_services
from commitments import services as commitment_services
from commitments.models import Commitment
from tests.assessments.disclosure_worlds import (
    AnswerPlan,
    CommitmentPlan,
    P,
    Q,
    ReadinessPlan,
    ResellerPlan,
    ReviewPlan,
    SecretPlan,
    WorldPlan,
    clock_start,
    describe_differences,
    make_base,
    recompute,
    run_example,
    save_answer,
    share,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(db):
    return make_base()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _review(base, reseller: int, provider: int | None, answers: dict, *, shared=False, submit=True) -> Scorecard:
    """A review by reseller `reseller` of provider `provider` (None: its readiness), answered with
    `answers` ({question index: value}, "na" for not applicable), through the services."""
    user, organisation = base.reseller_users[reseller], base.resellers[reseller]
    subject = None if provider is None else base.providers[provider]
    scorecard, _ = scorecard_services.scorecard_start(user=user, reseller=organisation, provider=subject)
    questions = base.questions if provider is not None else base.readiness_questions
    for index, value in answers.items():
        plan = AnswerPlan("na") if value == "na" else AnswerPlan("value", value, f"Internal note on question {index}")
        save_answer(user, scorecard, questions[index], plan)
    if subject is not None:
        share(user, scorecard, shared)
    if submit:
        scorecard.refresh_from_db()
        scorecard_services.scorecard_submit(user=user, scorecard_id=scorecard.pk, version=scorecard.version)
    scorecard.refresh_from_db()
    return scorecard


def _accepted_commitment(base, reseller: int, *, actual: int = 40) -> Commitment:
    """Reseller `reseller` commits 100 seats to Northwind, Northwind accepts, and 40 are added."""
    user = base.reseller_users[reseller]
    today = datetime.date.today()
    commitment = commitment_services.commitment_propose(
        user=user,
        reseller=base.resellers[reseller],
        provider=base.providers[P],
        side="reseller",
        kpi="seat_adds",
        target="100",
        unit="seats",
        period_start=(today - datetime.timedelta(days=20)).isoformat(),
        period_end=(today + datetime.timedelta(days=60)).isoformat(),
    )
    commitment_services.commitment_review(user=base.provider_user, commitment_id=commitment.pk, decision="accept")
    commitment_services.progress_record(user=user, commitment_id=commitment.pk, date=today.isoformat(), actual=actual)
    return commitment


def _figures(value) -> set[str]:
    """A score 0..100 as a page or the API could write it."""
    number = Decimal(value)
    return {f"{number:.1f}", f"{number:.2f}"}


def _percentages(value) -> set[str]:
    """A normalised answer 0..1 as a page or the API could write it."""
    number = Decimal(value)
    return {f"{number * 100:.0f}%", f"{number * 100:.1f}%", f"{number:.4f}", f"{number * 100:.2f}"}


def _bodies(client, urls) -> dict[str, str]:
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), f"GET {url}: {response.status_code}"
        bodies[url] = response.content.decode()
    return bodies


def _shown(bodies: dict[str, str], texts) -> list[str]:
    return [f"{text!r} on {url}" for url, body in bodies.items() for text in sorted(texts) if text in body]


def _commitment_urls(commitment) -> list[str]:
    return [
        reverse("commitment_list"),
        reverse("commitment_detail", args=[commitment.pk]),
        reverse("api_commitment_list"),
        reverse("api_commitment_detail", args=[commitment.pk]),
        reverse("dashboard"),
        reverse("provider_home"),
    ]


# --- 1. The partnership score's halves on /commitments/ ----------------------------------------------


def test_commitment_list_hides_the_score_of_an_unshared_review(base):
    """Guards leak 1: /commitments/ listed, per reseller, the partnership score's provider half (the
    reseller's latest scorecard score) and the combination, though the scorecard was never shared."""
    # given Contoso's submitted review of Northwind, not shared with it, and a commitment they both track
    review = _review(base, 0, P, {0: "4", 4: "2", 6: "7"}, shared=False)
    commitment = _accepted_commitment(base, 0)
    recompute(everything=True)
    review.refresh_from_db()
    pair = PartnershipScore.objects.get(reseller=base.resellers[0], provider=base.providers[P])
    hidden = _figures(review.overall) | _figures(pair.combined)
    # when Northwind's member reads the ledger, its home and the API
    seen = _bodies(_client(base.provider_user), _commitment_urls(commitment))
    # then neither the review's score nor the combination built on it is there
    assert not _shown(seen, hidden), "Northwind sees the score of a review not shared with it"
    # (while Contoso, whose review it is, sees its provider half)
    own = _bodies(_client(base.reseller_users[0]), [reverse("commitment_list")])
    assert _shown(own, _figures(review.overall))


def test_commitment_list_hides_a_readiness_not_shared_with_the_provider(base):
    """Guards leak 1 (its reseller half): the reseller's half of the partnership score, the mean of its
    readiness and its delivery, exposed a readiness score not shared with this provider."""
    # given Contoso's readiness, shared with Fabrikam only, and a commitment to Northwind with 40% delivered
    readiness = _review(base, 0, None, {0: "5", 2: "2", 9: "some"})
    scorecard_services.readiness_share(
        user=base.reseller_users[0], scorecard_id=readiness.pk, provider_ids=[base.providers[Q].pk]
    )
    commitment = _accepted_commitment(base, 0)
    recompute(everything=True)
    readiness.refresh_from_db()
    pair = PartnershipScore.objects.get(reseller=base.resellers[0], provider=base.providers[P])
    hidden = _figures(readiness.overall) | _figures(pair.reseller_side)
    # when Northwind's member reads the ledger, its home and the API
    seen = _bodies(_client(base.provider_user), _commitment_urls(commitment))
    # then neither the readiness score nor the half built on it is there
    assert not _shown(seen, hidden), "Northwind sees a readiness score not shared with it"
    own = _bodies(_client(base.reseller_users[0]), [reverse("commitment_list")])
    assert _shown(own, _figures(pair.reseller_side))


def test_commitment_list_same_whether_an_unshared_readiness_has_a_score_or_not(base):
    """Guards a leak found by the non-interference property beyond the five listed: the partnership
    row told the provider whether a readiness not shared with it has a score at all ("Not shared"
    when it had one, a dash and the delivery alone as the reseller's half when every answer was not
    applicable)."""
    # given Contoso's submitted readiness, not shared with Northwind, with a score, and a commitment to it
    answered = ReviewPlan(tuple((i, AnswerPlan("value", "4")) for i in (0, 2, 4, 7)), secret=True)
    commitment = CommitmentPlan(provider=P, side="reseller", outcome="accepted", progress=((1, 40),))
    plan = WorldPlan(
        (ResellerPlan(readiness=ReadinessPlan(submitted=answered), commitments=(commitment,)),),
        # when every answer becomes not applicable (so the readiness has no score any more)
        SecretPlan("readiness_submitted", 0, tuple((i, AnswerPlan("na")) for i in (0, 2, 4, 7))),
    )
    run = run_example(base, plan)
    # then Northwind's member reads exactly what it read before
    assert run.secret.overall is None
    problems = describe_differences(run.before, run.after)
    assert not problems, "\n\n".join(problems)


# --- 2. The trend counts resellers, not scorecards ----------------------------------------------------


@pytest.mark.parametrize("another_in_the_quarter", [False, True], ids=["one reseller", "two resellers"])
def test_provider_home_trend_hides_a_quarter_of_fewer_than_three_resellers(base, another_in_the_quarter):
    """Guards leak 2: "Trend by quarter" counted scorecards, so three re-reviews by one reseller in a
    quarter showed that reseller's own mean (and with one more by another reseller, the other's score
    could be worked out from it)."""
    start = datetime.datetime.combine(clock_start().date(), datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        # given Tailspin and Adatum review Northwind in one quarter
        _review(base, 1, P, {0: "4"})
        _review(base, 2, P, {0: "4", 2: "1"})
        # and in the next quarter Contoso reviews it three times (and Woodgrove once)
        traveller.shift(datetime.timedelta(days=100))
        quarter = [
            _review(base, 0, P, {0: scale, 6: margin}) for scale, margin in (("2", "7"), ("3", "5"), ("5", "10"))
        ]
        if another_in_the_quarter:
            quarter.append(_review(base, 3, P, {0: "1", 2: "3"}))
        traveller.shift(datetime.timedelta(days=1))
        recompute(everything=True)
        for review in quarter:
            review.refresh_from_db()
        aggregate = ProviderAggregate.objects.get(provider=base.providers[P], questionnaire=base.questionnaire)
        quarter_mean = sum(sc.overall for sc in quarter) / len(quarter)
        # when Northwind's member opens its home
        seen = _bodies(_client(base.provider_user), [reverse("provider_home"), reverse("api_provider_list")])
    # then the quarter's mean is not shown, nor any of Contoso's reviews' own scores
    hidden = _figures(quarter_mean) | {f for sc in quarter[:2] for f in _figures(sc.overall)}
    assert not _shown(seen, hidden), "Northwind's trend shows a quarter that rests on fewer than 3 resellers"
    # (while its overall mean, over the latest review of each of 3 or 4 resellers, is shown)
    assert _shown(seen, _figures(aggregate.mean_overall))


# --- 3. A readiness shared with two providers -------------------------------------------------------


def test_readiness_shared_with_two_providers_shows_each_only_its_own_reply(base):
    """Guards leak 3: a readiness assessment shared with two providers showed each provider the other's
    reply, and so who else the reseller works with."""
    # given Contoso's readiness shared with Northwind and Fabrikam, and a reply from each
    readiness = _review(base, 0, None, {0: "4", 2: "3"})
    scorecard_services.readiness_share(
        user=base.reseller_users[0],
        scorecard_id=readiness.pk,
        provider_ids=[base.providers[P].pk, base.providers[Q].pk],
    )
    own, other = "Northwind will fund two enablement days.", "Fabrikam offers a partner manager from May."
    reply_services.reply_save(user=base.provider_user, scorecard_id=readiness.pk, body=own)
    reply_services.reply_save(user=base.provider2_user, scorecard_id=readiness.pk, body=other)
    assert ScorecardReply.objects.filter(scorecard=readiness).count() == 2
    # when Northwind's member opens it (page and API), its home and dashboard
    urls = [
        reverse("scorecard_detail", args=[readiness.pk]),
        reverse("api_scorecard_detail", args=[readiness.pk]),
        reverse("provider_home"),
        reverse("dashboard"),
        reverse("notification_list"),
    ]
    seen = _bodies(_client(base.provider_user), urls)
    # then it reads its own reply, and nothing of Fabrikam's: neither the reply nor that there is one
    assert own in seen[urls[0]]
    assert not _shown(seen, {other, "Fabrikam offers", base.providers[Q].name}), "Northwind sees Fabrikam's reply"


# --- 4. A question (or area) answered by fewer than three resellers -----------------------------------


@pytest.mark.parametrize("answering", [1, 2], ids=["one reseller", "two resellers"])
def test_question_answered_by_fewer_than_three_resellers_shows_no_mean(base, answering):
    """Guards leak 4: "Your weakest questions", and the per-area means behind the directory, the
    profile's radar chart and the API, showed a question's (an area's) mean when only one reseller had
    answered it: that reseller's own answer."""
    # given three resellers' reviews of Northwind; only the first `answering` of them answer the one
    # Realism question they are asked (the margin, a number from 0 to 12)
    margins = ["5", "9"]
    reviews = [
        _review(base, i, P, {0: rel, 2: com} | ({6: margins[i]} if i < answering else {}))
        for i, (rel, com) in enumerate([("4", "1"), ("5", "2"), ("2", "4")])
    ]
    assert len(reviews) == 3
    recompute(everything=True)
    aggregate = ProviderAggregate.objects.get(provider=base.providers[P], questionnaire=base.questionnaire)
    margin_mean = sum(Decimal(m) / 12 for m in margins[:answering]) / answering
    hidden = _percentages(margin_mean) | _figures(100 * margin_mean)  # the question's mean, and Realism's
    # when Northwind's member reads its home, the directory, its profile (with the radar chart's data) and the API
    urls = [
        reverse("provider_home"),
        reverse("provider_list"),
        reverse("provider_detail", args=[base.providers[P].slug]),
        reverse("api_provider_list"),
        reverse("api_provider_detail", args=[base.providers[P].slug]),
    ]
    seen = _bodies(_client(base.provider_user), urls)
    # then no figure built on the fewer than 3 answers is there
    assert not _shown(seen, hidden), f"a mean over {answering} reseller(s) reaches Northwind"
    # (while Relationships, which all three answered, is shown on the profile)
    relationships = Decimal(aggregate.area_means["relationships"])
    assert _shown({urls[2]: seen[urls[2]]}, _figures(relationships))


# --- 5. A new review starts unshared ----------------------------------------------------------------


@pytest.mark.parametrize("started_through", ["page", "api"])
def test_new_review_starts_unshared_and_the_provider_gets_404(base, started_through):
    """Guards leak 5: "Start a new review" copied `shared_with_provider` from the last review, so the
    provider could open the new draft, read comments typed for internal use, and reply to it."""
    # given Contoso's submitted review of Northwind, shared with it
    shared = _review(base, 0, P, {0: "4", 2: "3"}, shared=True)
    reseller = _client(base.reseller_users[0])
    # when Contoso starts a new review of Northwind and types an internal comment in it
    if started_through == "page":
        reseller.post(reverse("scorecard_new_review", args=[shared.pk]))
    else:
        reseller.post(
            reverse("api_scorecard_list"), {"provider": base.providers[P].slug}, content_type="application/json"
        )
    draft = Scorecard.objects.get(reseller=base.resellers[0], provider=base.providers[P], status="draft")
    comment = "Internal only: we are moving our Azure book to Fabrikam in June."
    save_answer(base.reseller_users[0], draft, base.questions[0], AnswerPlan("value", "2", comment))
    recompute(everything=True)
    provider = _client(base.provider_user)
    # then Northwind's member gets 404 on every view of the draft, and may not reply to it
    for name in ("scorecard_detail", "scorecard_score_panel", "scorecard_explain"):
        assert provider.get(reverse(name, args=[draft.pk])).status_code == 404, name
    for name in ("api_scorecard_detail", "api_scorecard_score"):
        assert provider.get(reverse(name, args=[draft.pk])).status_code == 404, name
    reply = provider.post(reverse("scorecard_reply", args=[draft.pk]), {"body": "We saw that."})
    assert reply.status_code == 404
    assert not ScorecardReply.objects.filter(scorecard=draft).exists()
    # and the comment is nowhere it reads
    urls = [reverse("provider_home"), reverse("dashboard"), reverse("scorecard_list"), reverse("api_scorecard_list")]
    assert not _shown(_bodies(provider, urls), {comment, "moving our Azure book"})
    # (the review it was shared before stays shared)
    assert provider.get(reverse("scorecard_detail", args=[shared.pk])).status_code == 200
