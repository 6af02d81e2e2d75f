"""The provider directory and profile as each role sees them: filters, sorting, the aggregate rule,
the start/continue button, the provider's own view against the market, and query budgets."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Scorecard
from providers.models import Tag
from tests.factories import ProviderFactory, SubmittedScorecardFactory, stored_aggregate

AREAS = ("relationships", "community", "realism", "mindset")


def aggregate(world, provider, count, mean="60", areas=(60, 60, 60, 60), *, stale=False):
    """An aggregate over `count` submitted scorecards, as the recompute job would store it."""
    return stored_aggregate(
        provider=provider,
        questionnaire=world.questionnaire,
        submitted_count=count,
        mean_overall=Decimal(mean),
        median_overall=Decimal(mean),
        area_means={key: str(value) for key, value in zip(AREAS, areas, strict=True)},
        data_version=2 if stale else 1,
        computed_version=1,
        computed_at=timezone.now(),
    )


def tag(kind, name):
    return Tag.objects.get_or_create(kind=kind, slug=name.lower().replace(" ", "-"), defaults={"name": name})[0]


def tag_provider(provider, *tags):
    provider.provider_profile.tags.add(*tags)


@pytest.fixture
def directory(world):
    """Northwind (UK; Azure; Solutions Partner), Fabrikam (Ireland; Azure, Microsoft 365; Azure Expert
    MSP) and Litware (UK; Microsoft 365), besides the world's people."""
    uk, ireland = tag("region", "UK"), tag("region", "Ireland")
    azure, m365 = tag("product", "Azure"), tag("product", "Microsoft 365")
    partner, msp = tag("programme", "Solutions Partner"), tag("programme", "Azure Expert MSP")
    world.litware = ProviderFactory(name="Litware", slug="litware")
    tag_provider(world.northwind, uk, azure, partner)
    tag_provider(world.fabrikam, ireland, azure, m365, msp)
    tag_provider(world.litware, uk, m365)
    return world


def signed_in(client, user):
    client.force_login(user)
    return client


def slugs(response) -> list[str]:
    """The providers listed, in the order shown."""
    return re.findall(r'data-testid="provider-row" data-slug="([^"]+)"', response.content.decode())


def row(response, slug) -> str:
    html = response.content.decode()
    start = html.index(f'data-slug="{slug}"')
    return html[start : html.index("</tr>", start)]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- The directory ------------------------------------------------------------------------------


def test_provider_list_shows_every_provider_with_its_headline_and_tags(client, directory):
    # when a reseller opens the directory
    response = signed_in(client, directory.reseller).get(reverse("provider_list"))
    # then every provider is listed by name, linked to its profile, with its headline and tags by kind
    assert response.status_code == 200
    assert slugs(response) == ["fabrikam", "litware", "northwind"]
    northwind = row(response, "northwind")
    assert f'href="{reverse("provider_detail", args=["northwind"])}"' in northwind
    assert "Cloud distribution" in northwind
    assert "<dt>Regions</dt>" in northwind and ">UK</span>" in northwind
    assert "<dt>Programmes</dt>" in northwind and ">Solutions Partner</span>" in northwind
    assert "3 providers" in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"region": "uk"}, ["litware", "northwind"]),
        ({"region": ["uk", "ireland"]}, ["fabrikam", "litware", "northwind"]),  # any of one kind
        ({"product": "microsoft-365"}, ["fabrikam", "litware"]),
        ({"programme": "azure-expert-msp"}, ["fabrikam"]),
        ({"region": "uk", "product": "microsoft-365"}, ["litware"]),  # every kind chosen must match
        ({"q": "north"}, ["northwind"]),
        ({"q": "  WIND "}, ["northwind"]),
    ],
)
def test_provider_list_filters_and_search_narrow_the_list(client, directory, query, expected):
    # when the reseller filters the directory (a plain GET form)
    response = signed_in(client, directory.reseller).get(reverse("provider_list"), query)
    # then only the matching providers are listed, and the page says how many
    assert slugs(response) == expected
    noun = "provider matches" if len(expected) == 1 else "providers match"
    assert f"{len(expected)} {noun} your filters" in text(response)


def test_provider_list_every_filter_input_has_a_label(client, directory):
    html = signed_in(client, directory.reseller).get(reverse("provider_list")).content.decode()
    ids = re.findall(r'<(?:input|select)[^>]*id="([^"]+)"', html)
    assert len(ids) == 1 + 6 + 1  # search, six tags, sort
    for element_id in ids:
        assert f'for="{element_id}"' in html, element_id


def test_provider_list_unknown_filter_values_are_left_out_with_a_message(client, directory):
    # when a hand-edited link names a region and a sort nobody could pick, beside a real one
    response = signed_in(client, directory.reseller).get(
        reverse("provider_list"), {"region": ["uk", "atlantis"], "product": "<b>x</b>", "sort": "colour"}
    )
    # then the page still works: the unknown values are left out and the page says so
    assert response.status_code == 200
    assert slugs(response) == ["litware", "northwind"]
    page = text(response)
    assert "No provider is listed under the region “atlantis”, so that filter was left out." in page
    assert "No provider is listed under the product “&lt;b&gt;x&lt;/b&gt;”" in page
    assert "“colour” is not a way to sort the list, so it is sorted by name." in page
    # and the form shows what is in force: UK ticked, Ireland not
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="region"[^>]*value="uk"[^>]*checked', html)
    assert not re.search(r'<input[^>]*name="region"[^>]*value="ireland"[^>]*checked', html)


def test_provider_list_empty_state_when_nothing_matches(client, directory):
    response = signed_in(client, directory.reseller).get(reverse("provider_list"), {"q": "zzz"})
    assert slugs(response) == []
    assert "No provider matches these filters." in text(response)
    assert "0 providers match your filters" in text(response)


def test_provider_list_sorts_by_score_with_hidden_aggregates_last(client, directory):
    # given Fabrikam (70) and Litware (80) over 3 reviews, Northwind (90) over only 2: hidden
    aggregate(directory, directory.fabrikam, 3, mean="70")
    aggregate(directory, directory.litware, 3, mean="80")
    aggregate(directory, directory.northwind, 2, mean="90")
    client = signed_in(client, directory.reseller)
    # when the reseller sorts by score, by number of reviews, and by name
    by_score = client.get(reverse("provider_list"), {"sort": "score"})
    by_reviews = client.get(reverse("provider_list"), {"sort": "reviews"})
    by_name = client.get(reverse("provider_list"), {"sort": "name"})
    # then the best visible score leads, the hidden one comes last; most reviews first (ties by name)
    assert slugs(by_score) == ["litware", "fabrikam", "northwind"]
    assert slugs(by_reviews) == ["fabrikam", "litware", "northwind"]
    assert slugs(by_name) == ["fabrikam", "litware", "northwind"]
    assert re.search(r'<option value="score" selected>', by_score.content.decode())


@pytest.mark.parametrize(("count", "visible"), [(2, False), (3, True)])
def test_provider_list_aggregate_hidden_below_three_and_shown_from_three(client, directory, count, visible):
    # given Northwind's aggregate over `count` submitted scorecards, mean 71.23 (Strong)
    aggregate(directory, directory.northwind, count, mean="71.2345")
    # when another reseller opens the directory
    response = signed_in(client, directory.reseller2).get(reverse("provider_list"))
    northwind = row(response, "northwind")
    # then the score and its standing (name and swatch) show only from three reviews; the count always
    assert ("71.2" in northwind) is visible
    assert ("Strong" in northwind) is visible
    assert ('class="standing-swatch standing-strong"' in northwind) is visible
    assert re.search(rf'data-testid="reviews">{count}<', northwind)
    assert ("1 more review needed" in northwind) is not visible


def test_provider_list_says_how_many_more_reviews_are_needed(client, directory):
    # given Fabrikam with one review and Litware with no aggregate at all
    aggregate(directory, directory.fabrikam, 1)
    response = signed_in(client, directory.reseller).get(reverse("provider_list"))
    assert "2 more reviews needed" in row(response, "fabrikam")
    assert "3 more reviews needed" in row(response, "litware")


def test_provider_list_shows_freshness_and_marks_a_stale_score(client, directory):
    # given a fresh aggregate of Fabrikam and a stale one of Litware
    aggregate(directory, directory.fabrikam, 3)
    aggregate(directory, directory.litware, 3, stale=True)
    response = signed_in(client, directory.reseller).get(reverse("provider_list"))
    # then the fresh one says when it was calculated, the stale one is visibly recalculating
    assert "calculated 0\xa0minutes ago" in row(response, "fabrikam")
    assert "Recalculating" in row(response, "litware")
    assert "Recalculating" not in row(response, "fabrikam")


def _add_providers(world, n, start=0):
    region = tag("region", "Nordics")
    for i in range(start, start + n):
        extra = ProviderFactory(name=f"Extra Provider {i}")
        extra.provider_profile.tags.add(region, tag("product", f"Product {i}"), tag("programme", f"Programme {i}"))
        aggregate(world, extra, 3 + i)


def test_provider_list_query_count_does_not_grow_with_providers(client, directory, django_assert_num_queries):
    # given a directory with aggregates, filtered and sorted by score
    aggregate(directory, directory.northwind, 3)
    client = signed_in(client, directory.reseller)
    url = reverse("provider_list")
    query = {"region": ["uk", "nordics"], "sort": "score"}
    _add_providers(directory, 1)
    # session, user, current questionnaire id, tags in use (the form's choices), providers with their
    # profiles, their tags, their aggregates, the user's memberships (aggregate rule), standings,
    # unread notifications (nav)
    with django_assert_num_queries(10):
        first = client.get(url, query)
    # when 10 more providers with tags and aggregates join
    _add_providers(directory, 10, start=1)
    # then the page costs the same queries
    with django_assert_num_queries(10):
        second = client.get(url, query)
    assert len(slugs(second)) == len(slugs(first)) + 10


# --- The profile --------------------------------------------------------------------------------


def detail(client, user, slug="northwind"):
    return signed_in(client, user).get(reverse("provider_detail", args=[slug]))


def test_provider_detail_shows_the_profile_and_what_it_typically_offers(client, directory):
    # given Northwind's profile filled in
    profile = directory.northwind.provider_profile
    profile.description = "Distribution for the north.\n\nWith a second paragraph."
    profile.website = "https://northwind.example"
    profile.headquarters = "Leeds"
    profile.typical_margin_points = Decimal("2.50")
    profile.enablement_days_per_year = 12
    profile.support_response_hours = 4
    profile.save()
    # when a reseller opens it
    response = detail(client, directory.reseller)
    page = text(response)
    # then they read who it is and what it typically offers
    assert response.status_code == 200
    assert '<h1 class="h3 mb-1">Northwind</h1>' in page
    assert "<p>Distribution for the north.</p>" in page and "Cloud distribution" in page
    assert 'href="https://northwind.example"' in page and "Leeds" in page
    assert ">Solutions Partner</span>" in page
    assert "2.5 points" in page and "12 days a year" in page and "within 4 hours" in page


def test_provider_detail_unknown_slug_is_404(client, directory):
    assert detail(client, directory.reseller, "no-such-provider").status_code == 404


@pytest.mark.parametrize(("count", "visible"), [(2, False), (3, True)])
def test_provider_detail_scores_and_radar_only_from_three_reviews(client, directory, count, visible):
    # given Northwind's aggregate over `count` reviews
    aggregate(directory, directory.northwind, count, mean="71.2345", areas=(80, 70.5, 30, 60))
    # when another reseller opens the profile
    response = detail(client, directory.reseller2)
    page = text(response)
    # then from three reviews: the overall with its standing, the radar chart's data and the same
    # figures in a table; below three: how many more reviews are needed, and no figure at all
    assert f"{count} resellers have submitted a scorecard of Northwind." in page
    assert ("71.2" in page) is visible
    assert ('id="radar-chart"' in page) is visible
    assert ('id="radar-data"' in page) is visible
    assert ('data-testid="area-table"' in page) is visible
    assert ("1 more review needed before scores are shown" in page) is not visible
    assert ("chart.umd.min.js" in page) is visible
    if visible:
        chart = response.context["page"].chart
        assert chart["values"] == [80.0, 70.5, 30.0, 60.0]
        assert '<td class="text-end">70.5</td>' in page  # the table beside it
        assert "Strong" in page and "At risk" in page  # 71.2 overall, 30 in realism
        assert "calculated 0 minutes ago" in page


def test_provider_detail_marks_a_stale_aggregate_as_recalculating(client, directory):
    aggregate(directory, directory.northwind, 3, stale=True)
    page = text(detail(client, directory.reseller))
    assert "Recalculating: this score is out of date" in page


@pytest.mark.parametrize(
    ("role", "slug", "button"),
    [
        ("reseller", "northwind", "Continue my scorecard"),  # Contoso has a draft of Northwind
        ("reseller2", "northwind", "Continue my scorecard"),  # and Tailspin has one too
        ("reseller2", "fabrikam", "Start my scorecard"),  # but not of Fabrikam
        ("viewer", "northwind", None),  # read-only staff can't start one
        ("provider", "fabrikam", None),
        ("admin", "northwind", None),
    ],
)
def test_provider_detail_start_or_continue_button_per_role(client, directory, role, slug, button):
    # when a user of this role opens the profile
    page = text(detail(client, getattr(directory, role), slug))
    # then reseller members see a POST form to start (or continue) their scorecard; nobody else does
    if button is None:
        assert 'data-testid="start-scorecard"' not in page
        assert "my scorecard" not in page
    else:
        assert f'<form method="post" action="{reverse("scorecard_start", args=[slug])}"' in page
        assert f'data-testid="start-scorecard">{button}</button>' in page


def test_provider_detail_start_button_opens_a_scorecard(client, directory):
    # given Tailspin's member on Fabrikam's profile, with no scorecard of it yet
    client = signed_in(client, directory.reseller2)
    assert "Start my scorecard" in text(client.get(reverse("provider_detail", args=["fabrikam"])))
    # when they press the button
    response = client.post(reverse("scorecard_start", args=["fabrikam"]))
    # then a draft is open, and the profile now offers to continue it
    draft = Scorecard.objects.get(reseller=directory.tailspin, provider=directory.fabrikam, status="draft")
    assert response["Location"] == reverse("scorecard_detail", args=[draft.pk])
    assert "Continue my scorecard" in text(client.get(reverse("provider_detail", args=["fabrikam"])))


def test_provider_detail_links_the_last_submitted_scorecard(client, directory):
    # given Contoso submitted a scorecard of Fabrikam on 3 March 2026
    submitted = SubmittedScorecardFactory(
        reseller=directory.contoso,
        provider=directory.fabrikam,
        questionnaire=directory.questionnaire,
        submitted_at=timezone.make_aware(timezone.datetime(2026, 3, 3, 10, 0)),
        dirty_since=None,
    )
    # then Contoso's member and viewer find a link to it; Tailspin does not
    link = f'href="{reverse("scorecard_detail", args=[submitted.pk])}"'
    for user in (directory.reseller, directory.viewer):
        page = text(detail(client, user, "fabrikam"))
        assert link in page and "Our last review (3 Mar 2026)" in page
    assert "Our last review" not in text(detail(client, directory.reseller2, "fabrikam"))


def test_provider_detail_own_staff_see_how_many_more_are_needed_below_three(client, directory):
    # given Northwind has two reviews, and Fabrikam is visible to the market
    aggregate(directory, directory.northwind, 2)
    aggregate(directory, directory.fabrikam, 3)
    # when Northwind's own staff open its profile
    page = text(detail(client, directory.provider))
    # then a plain sentence says how many more are needed, and nothing of the market is shown
    assert "Nothing about your scores is shown yet: 1 more submitted scorecard is needed first." in page
    assert 'data-testid="market-table"' not in page and "Market median" not in page


def test_provider_detail_own_staff_see_their_areas_against_the_market_median(client, directory):
    # given three visible aggregates (Northwind, Fabrikam, Litware) and one of too few reviews (Tailwind)
    aggregate(directory, directory.northwind, 3, mean="62.5", areas=(80, 70, 40, 60))
    aggregate(directory, directory.fabrikam, 4, mean="67.5", areas=(60, 60, 90, 60))
    aggregate(directory, directory.litware, 5, mean="50", areas=(50, 50, 50, 50))
    aggregate(directory, ProviderFactory(name="Tailwind", slug="tailwind"), 2, mean="100", areas=(100,) * 4)
    # when Northwind's own staff open its profile
    page = text(detail(client, directory.provider))
    # then each area sits beside the median of the three visible providers, with the difference in words
    assert "The market median is taken over the 3 providers with at least 3 submitted scorecards." in page
    rows = re.findall(
        r'<th scope="row"[^>]*>([^<]+)</th> <td class="text-end">([^<]+)</td> <td class="text-end">([^<]+)</td> '
        r"<td>([^<]+)</td>",
        page[page.index('data-testid="market-table"') :],
    )
    assert rows == [
        ("Relationships: a two-way street", "80.0", "60.0", "20.0 above"),
        ("Community", "70.0", "60.0", "10.0 above"),
        ("Realism", "40.0", "50.0", "10.0 below"),
        ("Mindset and culture", "60.0", "60.0", "Level with it"),
        ("Overall", "62.5", "62.5", "Level with it"),
    ]


@pytest.mark.parametrize("role", ["provider2", "reseller", "admin"])
def test_provider_detail_market_comparison_is_for_the_providers_own_staff_only(client, directory, role):
    aggregate(directory, directory.northwind, 3)
    page = text(detail(client, getattr(directory, role)))
    assert 'data-testid="own-standing"' not in page and "Market median" not in page


@pytest.mark.parametrize(
    ("role", "queries"),
    [
        # session, user, current questionnaire id, the provider with its profile, its tags, its
        # aggregates, the user's memberships (aggregate rule), the standings, unread notifications
        # (nav); then the reseller's open draft and its last submitted scorecard
        ("reseller", 11),
        # ... as above but no draft (a viewer can't continue one): the last submitted scorecard only
        ("viewer", 10),
        # ... then the market's visible aggregates (for the medians)
        ("provider", 10),
        # ... nothing more
        ("admin", 9),
    ],
)
def test_provider_detail_query_count_does_not_grow(client, directory, django_assert_num_queries, role, queries):
    # given Northwind's visible aggregate and a few other providers
    aggregate(directory, directory.northwind, 3)
    _add_providers(directory, 2)
    client = signed_in(client, getattr(directory, role))
    url = reverse("provider_detail", args=["northwind"])
    with django_assert_num_queries(queries):
        client.get(url)
    # when 10 more providers with tags and aggregates join, and Northwind gains tags
    _add_providers(directory, 10, start=2)
    tag_provider(directory.northwind, *Tag.objects.all())
    # then the profile costs the same queries
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
