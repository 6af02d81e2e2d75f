"""The comparison page: stored aggregates side by side, re-weighed with the reseller's own weights.

The hand-worked example (the portal's weights are 30/20/25/25):

    area           Northwind  Fabrikam  Litware
    relationships         80        60       50
    community             80        60       50
    realism               40        90       50
    mindset               80        60       50
    overall             70.0      67.5     50.0   (e.g. Northwind: .3·80 + .2·80 + .25·40 + .25·80)

With realism at share t (the others keeping their proportions) Northwind scores 80 - 40t and
Fabrikam 60 + 30t: they meet at t = 2/7 = 28.6%, above which Fabrikam overtakes Northwind.
"""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import ProviderAggregate, ScorecardAreaScore
from compare.models import WeightProfile
from cspeval.spreadsheets import spreadsheet_cell
from tests.factories import ProviderFactory, SubmittedScorecardFactory, stored_aggregate

pytestmark = pytest.mark.django_db

N_MEANS = {"relationships": "80", "community": "80", "realism": "40", "mindset": "80"}
F_MEANS = {"relationships": "60", "community": "60", "realism": "90", "mindset": "60"}
L_MEANS = dict.fromkeys(N_MEANS, "50")


def aggregate(world, provider, means, count=5, mean_overall="70"):
    return stored_aggregate(
        provider=provider,
        questionnaire=world.questionnaire,
        submitted_count=count,
        mean_overall=Decimal(mean_overall),
        median_overall=Decimal(mean_overall),
        area_means=means,
        computed_version=1,
        data_version=1,
        computed_at=timezone.now(),
    )


def review(world, reseller, provider, scores, overall):
    """A submitted, up-to-date scorecard with stored area scores."""
    scorecard = SubmittedScorecardFactory(
        reseller=reseller,
        provider=provider,
        questionnaire=world.questionnaire,
        overall=Decimal(overall),
        computed_version=1,
        computed_weights_revision=world.questionnaire.weights_revision,
        computed_at=timezone.now(),
        dirty_since=None,
    )
    for area in world.questionnaire.areas.all():
        score = scores.get(area.key)
        ScorecardAreaScore.objects.create(
            scorecard=scorecard, area=area, score=None if score is None else Decimal(score)
        )
    return scorecard


@pytest.fixture
def litware(world):
    return ProviderFactory(name="Litware", slug="litware")


@pytest.fixture
def three(world, litware):
    aggregate(world, world.northwind, N_MEANS, mean_overall="70")
    aggregate(world, world.fabrikam, F_MEANS, count=4, mean_overall="67.5")
    aggregate(world, litware, L_MEANS, count=3, mean_overall="50")
    return world


def cell(response, testid: str) -> str:
    """The text of the element with this data-testid, tags stripped and spaces collapsed."""
    html = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*\sdata-testid="{re.escape(testid)}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element with data-testid={testid}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


def page(client, user, query):
    client.force_login(user)
    return client.get(f"{reverse('compare')}?{query}")


# --- The table ------------------------------------------------------------------------------------


def test_compare_table_matches_the_hand_computed_overalls_and_ranking(client, three):
    # given three providers with stored aggregates, and the portal's weights 30/20/25/25
    # when the reseller compares them
    response = page(client, three.reseller, "providers=northwind,fabrikam,litware")
    # then each area and the overall are the hand-worked figures, ranked 1st to 3rd
    assert response.status_code == 200
    assert cell(response, "score-fabrikam-realism") == "90.0"
    assert cell(response, "overall-northwind") == "70.0"
    assert cell(response, "overall-fabrikam") == "67.5"
    assert cell(response, "overall-litware") == "50.0"
    assert [cell(response, f"rank-{s}") for s in ("northwind", "fabrikam", "litware")] == ["1st", "2nd", "3rd"]
    assert cell(response, "ranking") == "Northwind : 70.0 Fabrikam : 67.5 Litware : 50.0"
    assert cell(response, "basis-fabrikam") == "4 reviews"


def test_compare_reweighs_with_the_weights_in_the_query(client, three):
    # when realism weighs 100 against 30/20/25 (a share of 100/175)
    weights = "weight_relationships=30&weight_community=20&weight_realism=100&weight_mindset=25"
    response = page(client, three.reseller, f"providers=northwind,fabrikam&{weights}")
    # then Northwind is (2400 + 1600 + 4000 + 2000) / 175 = 57.1 and Fabrikam 13500 / 175 = 77.1: it leads
    assert cell(response, "overall-northwind") == "57.1"
    assert cell(response, "overall-fabrikam") == "77.1"
    assert cell(response, "rank-fabrikam") == "1st"
    assert "These weights apply to this view only" in cell(response, "weight-source")


def test_compare_hides_an_aggregate_below_the_threshold_and_says_how_many_more_are_needed(client, world, settings):
    # given Fabrikam with only 2 submitted reviews (the threshold is 3) and telling means
    settings.AGGREGATE_MIN_SCORECARDS = 3
    aggregate(world, world.northwind, N_MEANS)
    aggregate(world, world.fabrikam, {"relationships": "91.37", "realism": "12.34"}, count=2, mean_overall="63.21")
    # when the reseller (who has not reviewed Fabrikam) compares
    response = page(client, world.reseller, "providers=northwind,fabrikam")
    # then Fabrikam shows no numbers, anywhere in the page, but how many more reviews are needed
    body = response.content.decode()
    assert cell(response, "basis-fabrikam") == "No scores yet: 1 more review needed"
    assert cell(response, "score-fabrikam-relationships") == "–"
    assert cell(response, "rank-fabrikam") == "Not ranked"
    for secret in ("91.37", "91.4", "12.34", "12.3", "63.21", "63.2"):
        assert secret not in body
    # and Northwind, alone ranked, is first
    assert cell(response, "rank-northwind") == "1st"


def test_compare_shows_your_own_review_below_the_threshold_and_beside_everyones(client, world):
    # given Fabrikam below the threshold, reviewed by Contoso (and by Tailspin, which Contoso must not see)
    aggregate(world, world.northwind, N_MEANS)
    aggregate(world, world.fabrikam, F_MEANS, count=2)
    review(world, world.contoso, world.fabrikam, {"relationships": "70", "community": "50", "realism": "66"}, "64")
    review(world, world.tailspin, world.fabrikam, {"relationships": "11", "community": "11", "realism": "11"}, "11")
    review(world, world.contoso, world.northwind, dict.fromkeys(N_MEANS, "55"), "55")
    # when Contoso's viewer compares
    response = page(client, world.viewer, "providers=northwind,fabrikam")
    # then Fabrikam's column is Contoso's own review, labelled so: 30·70 + 20·50 + 25·66 over 75 = 63.3
    today = timezone.localdate().strftime("%-d %b %Y")
    assert cell(response, "basis-fabrikam") == f"Your review of {today}; everyone's scores show after 1 more review"
    assert cell(response, "score-fabrikam-realism") == "66.0"
    assert cell(response, "score-fabrikam-mindset") == "–"
    assert cell(response, "overall-fabrikam") == "63.3"
    assert cell(response, "portal-overall-fabrikam") == "64.0"
    assert "11.0" not in response.content.decode()
    # and beside Northwind's aggregate, Contoso's own review of it
    assert cell(response, "score-northwind-community") == "80.0 your review: 55.0"
    assert cell(response, "overall-northwind") == "70.0 your review: 55.0"


# --- Choosing providers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("providers=northwind", "Choose at least 2 providers to compare (you chose 1)."),
        ("providers=northwind,fabrikam,litware,a1,a2", "Choose at most 4 providers to compare (you chose 5)."),
        ("providers=northwind,nope", "There is no provider “nope” in the directory. Choose again from the list."),
    ],
)
def test_compare_explains_a_choice_it_cannot_compare_and_offers_the_picker(client, world, query, message):
    for slug in ("litware", "a1", "a2"):
        ProviderFactory(name=slug.title(), slug=slug)
    response = page(client, world.reseller, query)
    assert response.status_code == 200
    assert cell(response, "compare-problem") == message
    assert 'data-testid="compare-picker"' in response.content.decode()
    assert 'id="pick-fabrikam"' in response.content.decode()
    assert response.context["comparison"] is None


def test_compare_accepts_the_pickers_repeated_providers_parameter(client, three):
    response = page(client, three.reseller, "providers=fabrikam&providers=litware")
    assert [c.provider.slug for c in response.context["comparison"].columns] == ["fabrikam", "litware"]


# --- Weights ------------------------------------------------------------------------------------

GOOD = {"weight_relationships": "40", "weight_community": "10", "weight_realism": "30", "weight_mindset": "20"}
BAD = [
    ({"weight_realism": "-5"}, "The weight for “Realism” cannot be below 0."),
    ({"weight_community": "lots"}, "The weight for “Community” must be a number from 0 to 100, not “lots”."),
    ({"weight_mindset": "250"}, "The weight for “Mindset and culture” cannot be above 100."),
    (dict.fromkeys(GOOD, "0"), "The area weights cannot all be 0: give at least one area a weight above 0."),
]


@pytest.fixture
def saved(world):
    """Contoso's saved weights: 10/20/30/40."""
    weights = {"relationships": "10", "community": "20", "realism": "30", "mindset": "40"}
    return WeightProfile.objects.create(organisation=world.contoso, weights=weights, updated_by=world.reseller)


@pytest.mark.parametrize(("bad", "message"), BAD)
def test_compare_rejects_bad_weights_in_the_query_naming_the_field(client, three, saved, bad, message):
    # when the weights form brings a bad value
    query = "providers=northwind,fabrikam&" + "&".join(f"{k}={v}" for k, v in (GOOD | bad).items())
    response = page(client, three.reseller, query)
    # then the page says which weight is wrong and keeps using the saved weights (10/20/30/40)
    assert response.status_code == 400
    assert message in cell(response, "weight-errors")
    assert response.context["page"].weight_source == "saved"
    assert response.context["comparison"].weights == {
        "relationships": 10,
        "community": 20,
        "realism": 30,
        "mindset": 40,
    }
    # Northwind: (800 + 1600 + 1200 + 3200) / 100
    assert cell(response, "overall-northwind") == "68.0"


def test_compare_weights_a_member_saves_them_and_the_page_uses_them(client, three):
    # given no saved weights: the page uses the portal's
    client.force_login(three.reseller)
    # when a member saves 40/10/30/20
    response = client.post(reverse("compare_weights"), GOOD | {"providers": "northwind,fabrikam"})
    # then they are Contoso's, and the comparison uses them from now on
    assert response.status_code == 302
    assert response["Location"] == reverse("compare") + "?providers=northwind%2Cfabrikam"
    profile = WeightProfile.objects.get(organisation=three.contoso)
    assert profile.weights == {"relationships": "40", "community": "10", "realism": "30", "mindset": "20"}
    assert profile.updated_by == three.reseller
    after = client.get(response["Location"])
    assert after.context["page"].weight_source == "saved"
    # Northwind: (3200 + 800 + 1200 + 1600) / 100 = 68.0; Fabrikam: (2400 + 600 + 2700 + 1200) / 100 = 69.0
    assert cell(after, "overall-northwind") == "68.0"
    assert cell(after, "overall-fabrikam") == "69.0"
    assert cell(after, "rank-fabrikam") == "1st"
    # and the viewer of the same organisation reads them too
    assert page(client, three.viewer, "providers=northwind,fabrikam").context["page"].weight_source == "saved"


@pytest.mark.parametrize(("bad", "message"), BAD)
def test_compare_weights_bad_input_names_the_field_and_changes_nothing(client, three, saved, bad, message):
    client.force_login(three.reseller)
    response = client.post(reverse("compare_weights"), GOOD | bad | {"providers": "northwind,fabrikam"})
    assert response.status_code == 400
    assert message in cell(response, "weight-errors")
    saved.refresh_from_db()
    assert saved.weights == {"relationships": "10", "community": "20", "realism": "30", "mindset": "40"}


@pytest.mark.parametrize("role", ["viewer", "provider", "admin"])
def test_compare_weights_only_reseller_members_may_save(client, three, role):
    client.force_login(getattr(three, role))
    response = client.post(reverse("compare_weights"), GOOD | {"providers": "northwind,fabrikam"})
    assert response.status_code == 403
    assert not WeightProfile.objects.exists()


@pytest.mark.parametrize("role", ["provider", "admin"])
def test_compare_is_a_reseller_tool(client, three, role):
    assert page(client, getattr(three, role), "providers=northwind,fabrikam").status_code == 403


def test_compare_sends_the_signed_out_to_sign_in(client, three):
    response = client.get(reverse("compare") + "?providers=northwind,fabrikam")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Sensitivity --------------------------------------------------------------------------------


def test_compare_says_in_words_what_would_change_the_ranking(client, three):
    # given the hand-worked example (module docstring) at the portal's weights 30/20/25/25
    response = page(client, three.reseller, "providers=northwind,fabrikam,litware")
    # then Northwind leads until realism's share passes 2/7 = 28.6%
    assert cell(response, "sensitivity-realism") == (
        "Realism at 25%: the ranking holds from 0% to 28.6%; above 28.6% Fabrikam overtakes Northwind."
    )
    # and below 20% relationships (80 vs 60 there, 65.7 vs 70.7 elsewhere: 25t - 5 = 0) Fabrikam leads
    assert cell(response, "sensitivity-relationships") == (
        "Relationships: a two-way street at 30%: the ranking holds from 20% to 100%; "
        "below 20% Fabrikam overtakes Northwind."
    )


def test_compare_says_when_the_ranking_holds_at_any_weight(client, three):
    # given Fabrikam ahead of Litware in every area
    response = page(client, three.reseller, "providers=fabrikam,litware")
    assert cell(response, "sensitivity-community") == "Community at 20%: the ranking holds at any weight."


def test_compare_says_an_area_without_weight_does_not_count(client, three):
    weights = "weight_relationships=30&weight_community=0&weight_realism=25&weight_mindset=25"
    response = page(client, three.reseller, f"providers=northwind,fabrikam&{weights}")
    assert cell(response, "sensitivity-community") == (
        "Community has no weight now, so it does not count towards the ranking."
    )


# --- CSV ----------------------------------------------------------------------------------------


def test_compare_csv_has_a_row_per_area_the_overall_and_the_weights(client, three):
    client.force_login(three.reseller)
    weights = "weight_relationships=30&weight_community=20&weight_realism=100&weight_mindset=25"
    response = client.get(f"{reverse('compare_csv')}?providers=northwind,fabrikam&{weights}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="cspeval-comparison-{today}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["Area", "Weight", "Share of the weight", "Northwind", "Fabrikam"]
    assert rows[1] == ["Relationships: a two-way street", "30", "17.1%", "80.00", "60.00"]
    assert rows[3] == ["Realism", "100", "57.1%", "40.00", "90.00"]
    assert rows[5] == ["Overall with these weights", "", "100%", "57.14", "77.14"]
    assert rows[6] == ["Rank", "", "", "2nd", "1st"]
    assert rows[7] == ["Based on", "", "", "Everyone's reviews (5)", "Everyone's reviews (4)"]


def test_compare_csv_defuses_cells_a_spreadsheet_would_run_as_formulas(client, three):
    # given a provider whose name is a formula
    evil = ProviderFactory(name='=HYPERLINK("http://x.example")', slug="evil")
    aggregate(three, evil, L_MEANS)
    client.force_login(three.reseller)
    response = client.get(f"{reverse('compare_csv')}?providers=northwind,evil")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    # then it arrives as text
    assert header[-1] == '\'=HYPERLINK("http://x.example")'
    assert [spreadsheet_cell(v) for v in ("+1", "-1", "@SUM(A1)", "=1", "Fine", None)] == [
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'=1",
        "Fine",
        "",
    ]


def test_compare_csv_sends_a_query_it_cannot_compare_back_to_the_page(client, three):
    client.force_login(three.reseller)
    response = client.get(f"{reverse('compare_csv')}?providers=northwind")
    assert response.status_code == 302
    assert response["Location"] == reverse("compare") + "?providers=northwind"


# --- Query budget -------------------------------------------------------------------------------


@pytest.mark.parametrize("slugs", ["northwind,fabrikam", "northwind,fabrikam,litware,tailwind"])
def test_compare_query_count_does_not_grow_with_the_providers_compared(
    client, three, saved, slugs, django_assert_num_queries
):
    aggregate(three, ProviderFactory(name="Tailwind", slug="tailwind"), L_MEANS)
    review(three, three.contoso, three.northwind, dict.fromkeys(N_MEANS, "55"), "55")
    review(three, three.contoso, three.fabrikam, dict.fromkeys(N_MEANS, "65"), "65")
    client.force_login(three.reseller)
    url = f"{reverse('compare')}?providers={slugs}"
    # 1 session, 2 user, 3 memberships (user_context), 4 the current questionnaire's areas,
    # 5 Contoso's weight profile, 6 every provider (the picker), 7 the chosen providers' aggregates,
    # 8 Contoso's latest submitted scorecard of each, 9 their area scores (with the areas),
    # 10 unread notifications (nav)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_compare_marks_stale_scores_and_shows_viewers_no_save_button(client, three):
    # given Fabrikam's aggregate is out of date (its inputs changed after it was computed)
    ProviderAggregate.objects.filter(provider=three.fabrikam).update(data_version=2)
    # when a viewer compares
    response = page(client, three.viewer, "providers=northwind,fabrikam")
    # then the stale score is marked, the fresh one says so, and there is nothing to save
    assert cell(response, "freshness-fabrikam") == "Recalculating: this score is out of date"
    assert cell(response, "freshness-northwind").startswith("Up to date, calculated")
    assert "Save as my weights" not in response.content.decode()
    assert page(client, three.reseller, "providers=northwind,fabrikam").content.decode().count("Save as my weights")
