"""The commitment pages without JavaScript: list, propose, decide, withdraw, record progress."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, ProgressEntry
from tests.factories import CommitmentFactory

TODAY = timezone.localdate


def signed_in(client, user):
    client.force_login(user)
    return client


def line(world, **extra):
    return CommitmentFactory(
        **{"reseller": world.contoso, "provider": world.northwind, "proposed_by": world.reseller} | extra
    )


def form(**extra):
    return {
        "side": "reseller",
        "counterpart": "northwind",
        "kpi": "seat_adds",
        "target": "100",
        "unit": "seats",
        "period_start": TODAY().isoformat(),
        "period_end": (TODAY() + timezone.timedelta(days=90)).isoformat(),
        "note": "Our law-firm customers.",
    } | extra


def test_list_groups_the_ledger_and_shows_who_is_behind(client, world):
    # given lines in every state between Contoso and Northwind
    line(world, kpi="certifications", unit="people", target=4)  # proposed: Northwind decides
    line(world, kpi="events", unit="events", status="countered", counter_target=2)  # back to Contoso
    line(world, status="accepted", attainment=Decimal("0.4"))
    line(world, side="provider", kpi="enablement_days", unit="days", status="accepted", attainment=Decimal("0.9"))
    line(world, kpi="case_studies", unit="studies", status="declined")
    # when Contoso's member opens the list
    page = signed_in(client, world.reseller).get(reverse("commitment_list")).content.decode()
    # then each group holds its lines
    waiting_you = page.split('id="waiting-you-heading"')[1].split('id="waiting-them-heading"')[0]
    waiting_them = page.split('id="waiting-them-heading"')[1].split('id="active-heading"')[0]
    closed = page.split('id="closed-heading"')[1]
    assert "Events attended" in waiting_you and "Certified staff" not in waiting_you
    assert "Certified staff" in waiting_them
    assert "Case studies published" in closed
    # and the summary puts the two sides side by side: Contoso at 40%, Northwind at 90%
    summary = page.split('data-testid="ledger-summary"')[1].split("</table>")[0]
    assert "40%" in summary and "90%" in summary
    assert "Contoso</span> is under-delivering" in summary


def test_list_query_count_does_not_grow_with_lines(client, world, django_assert_num_queries):
    signed_in(client, world.provider)
    for status in ("proposed", "countered", "accepted", "declined"):
        line(world, status=status, counter_target=Decimal("50") if status == "countered" else None)
    url = reverse("commitment_list")
    # session, user, memberships (with organisations), commitments (reseller, provider, proposer joined),
    # partnership scores (with both organisations), the portal's partnership balance, unread notifications (nav)
    with django_assert_num_queries(7):
        client.get(url)
    for n in range(30):
        line(world, reseller=world.tailspin, status="accepted", attainment=Decimal(n % 15) / 10)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.content.decode().count('data-testid="commitment-row"') == 34


def test_new_form_labels_every_input_and_offers_the_side_s_kpis(client, world):
    page = signed_in(client, world.reseller).get(reverse("commitment_new")).content.decode()
    for field in ("counterpart", "kpi", "custom_kpi", "target", "unit", "period_start", "period_end", "note"):
        assert f'for="id_{field}"' in page
    assert "Customer seat adds" in page and "Margin points" not in page
    offer = signed_in(client, world.provider).get(reverse("commitment_new")).content.decode()
    assert "Margin points" in offer and "Customer seat adds" not in offer
    assert ">Contoso<" in offer  # a provider offers to a reseller


def test_new_refused_input_keeps_what_was_typed_and_names_the_field(client, world):
    response = signed_in(client, world.reseller).post(
        reverse("commitment_new"), form(target="-5", unit="seats please", period_end="2001-01-01")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a positive number." in page
    assert 'value="-5"' in page and 'value="seats please"' in page and "Our law-firm customers." in page
    assert Commitment.objects.count() == 0


def test_new_proposal_redirects_to_the_line(client, world):
    response = signed_in(client, world.reseller).post(reverse("commitment_new"), form(reseller="tailspin"))
    created = Commitment.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("commitment_detail", args=[created.pk])
    assert (created.reseller, created.provider, created.status, created.target) == (
        world.contoso,
        world.northwind,
        "proposed",
        Decimal("100"),
    )


@pytest.mark.parametrize(
    ("who", "review", "withdraw"),
    [("provider", True, False), ("reseller", False, True), ("viewer", False, False)],
)
def test_detail_shows_the_actions_only_to_whoever_may_take_them(client, world, who, review, withdraw):
    proposed = line(world)
    page = signed_in(client, getattr(world, who)).get(reverse("commitment_detail", args=[proposed.pk]))
    text = page.content.decode()
    assert ('data-testid="review-form"' in text) is review
    assert ('data-testid="withdraw-form"' in text) is withdraw
    assert "Waiting for Northwind to accept, decline or counter." in text


def test_detail_counter_then_accept_through_the_pages(client, world):
    proposed = line(world)
    url = reverse("commitment_detail", args=[proposed.pk])
    review = reverse("commitment_review", args=[proposed.pk])
    # a counter without a target is refused beside the field, keeping the note
    signed_in(client, world.provider)
    refused = client.post(review, {"decision": "counter", "review-note": "Too many.", "version": 1})
    assert refused.status_code == 400
    assert "Enter a positive number." in refused.content.decode() and "Too many." in refused.content.decode()
    # a counter of 80 goes back to Contoso
    done = client.post(review, {"decision": "counter", "review-target": "80", "review-note": "Too many.", "version": 1})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="review-form"' not in page and "Contoso decides on the counter-offer" in page
    # Contoso sees Accept and Decline, but no counter of the counter
    page = signed_in(client, world.reseller).get(url).content.decode()
    assert 'value="accept"' in page and 'value="counter"' not in page
    client.post(review, {"decision": "accept", "version": 2})
    accepted = Commitment.objects.get(pk=proposed.pk)
    assert (accepted.status, accepted.target) == ("accepted", Decimal("80"))
    # the history says who did what, with the note
    history = client.get(url).content.decode().split('data-testid="history"')[1]
    assert "Countered with 80 seats" in history and "Too many." in history and "(Northwind)" in history


def test_detail_stale_page_gets_a_message_not_a_change(client, world):
    proposed = line(world, version=2)
    response = signed_in(client, world.provider).post(
        reverse("commitment_review", args=[proposed.pk]), {"decision": "accept", "version": 1}, follow=True
    )
    assert "Someone else changed this commitment" in response.content.decode()
    assert Commitment.objects.get(pk=proposed.pk).status == "proposed"


def test_detail_progress_with_chart_data_and_table(client, world, django_capture_on_commit_callbacks):
    accepted = line(world, status="accepted", target=Decimal("80"))
    url = reverse("commitment_progress", args=[accepted.pk])
    signed_in(client, world.provider)
    # a future date is refused beside the field
    tomorrow = (TODAY() + timezone.timedelta(days=1)).isoformat()
    refused = client.post(url, {"progress-date": tomorrow, "progress-actual": "40"})
    assert refused.status_code == 400 and "The date cannot be in the future." in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"progress-date": TODAY().isoformat(), "progress-actual": "40"}).status_code == 302
    page = client.get(reverse("commitment_detail", args=[accepted.pk])).content.decode()
    assert 'data-testid="attainment">50%<' in page
    assert 'id="commitment-chart-data"' in page and '"values": [40.0]' in page
    assert 'data-testid="progress-table"' in page
    assert ProgressEntry.objects.get().recorded_by == world.provider


def test_detail_query_count_does_not_grow_with_history(client, world, django_assert_num_queries):
    accepted = line(world, status="accepted")
    url = reverse("commitment_detail", args=[accepted.pk])
    signed_in(client, world.reseller)
    # session, user, memberships, commitment (organisations, proposer), events (actors), progress (recorders),
    # unread notifications (nav)
    with django_assert_num_queries(7):
        client.get(url)
    for n in range(20):
        ProgressEntry.objects.create(commitment=accepted, date=TODAY(), actual=n, recorded_by=world.provider)
        accepted.events.create(actor=world.reseller, from_status="proposed", to_status="accepted")
    with django_assert_num_queries(7):
        client.get(url)
