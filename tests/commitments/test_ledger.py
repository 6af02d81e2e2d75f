"""The commitment ledger's state machine, progress and attainment, through the services.

API shapes, bad input over HTTP and isolation are in test_commitments_api.py; the pages in
test_commitment_pages.py.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import PartnershipScore
from assessments.pipeline import attainment
from assessments.pipeline.sweep import sweep_dirty
from commitments import services
from commitments.models import Commitment, CommitmentEvent, ProgressEntry
from commitments.selectors import commitments_waiting_for_user
from cspeval.errors import Conflict
from tests.factories import CommitmentFactory, ProviderFactory

TODAY = timezone.localdate


def propose(world, *, user=None, side="reseller", **extra):
    """Contoso proposes to Northwind (side reseller), or Northwind offers to Contoso (side provider)."""
    args = {
        "user": user or (world.reseller if side == "reseller" else world.provider),
        "reseller": world.contoso,
        "provider": world.northwind,
        "side": side,
        "kpi": "seat_adds" if side == "reseller" else "enablement_days",
        "custom_kpi": "",
        "target": "100",
        "unit": "seats" if side == "reseller" else "days",
        "period_start": TODAY() - timezone.timedelta(days=10),
        "period_end": TODAY() + timezone.timedelta(days=80),
        "note": "Across our law-firm customers.",
    }
    return services.commitment_propose(**(args | extra))


def review(world, commitment, who, decision, **extra):
    return services.commitment_review(user=getattr(world, who), commitment_id=commitment.pk, decision=decision, **extra)


def trail(commitment):
    return list(CommitmentEvent.objects.filter(commitment=commitment).values_list("from_status", "to_status", "target"))


def snapshot(commitment):
    fresh = Commitment.objects.get(pk=commitment.pk)
    return (fresh.status, fresh.target, fresh.counter_target, fresh.version, CommitmentEvent.objects.count())


# --- Proposing and deciding ---------------------------------------------------------------


def test_propose_reseller_side_writes_the_line_and_its_first_event(world):
    # when Contoso's member proposes 100 seat adds to Northwind
    commitment = propose(world)
    # then the line is proposed, by them, at version 1, with one event from nothing
    assert (commitment.status, commitment.side, commitment.target, commitment.version) == (
        "proposed",
        "reseller",
        Decimal("100"),
        1,
    )
    assert commitment.proposed_by == world.reseller
    event = CommitmentEvent.objects.get(commitment=commitment)
    assert (event.actor, event.from_status, event.to_status, event.target, event.note) == (
        world.reseller,
        "",
        "proposed",
        Decimal("100"),
        "Across our law-firm customers.",
    )
    # and it is waiting for Northwind's member, not Contoso's
    assert list(commitments_waiting_for_user(world.provider)) == [commitment]
    assert list(commitments_waiting_for_user(world.reseller)) == []


@pytest.mark.parametrize(("decision", "status"), [("accept", "accepted"), ("decline", "declined")])
def test_review_provider_decides_on_a_reseller_proposal(world, decision, status):
    commitment = propose(world)
    # when Northwind's member decides, with the version it saw
    done = review(world, commitment, "provider", decision, note="Fair.", version=1)
    # then the status moves, the version goes up, and the event says who and what
    assert (done.status, done.version, done.target) == (status, 2, Decimal("100"))
    last = CommitmentEvent.objects.filter(commitment=commitment).last()
    assert (last.actor, last.from_status, last.to_status, last.note) == (world.provider, "proposed", status, "Fair.")


def test_review_counter_flow_provider_counters_and_reseller_accepts_the_counter(world):
    # given Contoso's proposal of 100 seats, countered by Northwind with 80
    commitment = propose(world)
    countered = review(world, commitment, "provider", "counter", target="80", note="80 is realistic this quarter.")
    assert (countered.status, countered.target, countered.counter_target) == (
        "countered",
        Decimal("100"),
        Decimal("80"),
    )
    # then the counter goes back to Contoso: Northwind may no longer decide
    assert list(commitments_waiting_for_user(world.reseller)) == [commitment]
    with pytest.raises(PermissionDenied):
        review(world, commitment, "provider", "accept")
    # when Contoso accepts the counter
    accepted = review(world, commitment, "reseller", "accept", version=2)
    # then the target becomes the countered one and the counter is cleared
    assert (accepted.status, accepted.target, accepted.counter_target, accepted.version) == (
        "accepted",
        Decimal("80"),
        None,
        3,
    )
    assert trail(commitment) == [
        ("", "proposed", Decimal("100")),
        ("proposed", "countered", Decimal("80")),
        ("countered", "accepted", Decimal("80")),
    ]


def test_review_reseller_declines_the_counter(world):
    commitment = propose(world)
    review(world, commitment, "provider", "counter", target="80")
    declined = review(world, commitment, "reseller", "decline", note="We hold to 100.")
    assert (declined.status, declined.target, declined.counter_target) == ("declined", Decimal("100"), None)


def test_review_a_counter_cannot_be_countered_again(world):
    commitment = propose(world)
    review(world, commitment, "provider", "counter", target="80")
    before = snapshot(commitment)
    with pytest.raises(Conflict, match="cannot be countered again"):
        review(world, commitment, "reseller", "counter", target="90")
    assert snapshot(commitment) == before


def test_review_provider_offer_is_decided_by_the_reseller(world):
    # given Northwind offers Contoso 10 enablement days
    offer = propose(world, side="provider", target="10")
    assert offer.proposed_by == world.provider
    assert list(commitments_waiting_for_user(world.reseller)) == [offer]
    # then Northwind cannot accept its own offer
    with pytest.raises(PermissionDenied):
        review(world, offer, "provider", "accept")
    # when Contoso counters with 12, Northwind (the proposer) decides on the counter
    review(world, offer, "reseller", "counter", target="12")
    with pytest.raises(PermissionDenied):
        review(world, offer, "reseller", "accept")
    accepted = review(world, offer, "provider", "accept")
    assert (accepted.status, accepted.target) == ("accepted", Decimal("12"))


def test_propose_provider_side_needs_a_provider_member(world):
    # Contoso's member cannot offer on Northwind's behalf, and a viewer cannot propose at all
    with pytest.raises(PermissionDenied):
        propose(world, side="provider", user=world.reseller)
    with pytest.raises(PermissionDenied):
        propose(world, user=world.viewer)
    with pytest.raises(PermissionDenied):
        propose(world, user=world.reseller2)  # Tailspin's member for Contoso
    assert Commitment.objects.count() == 0


@pytest.mark.parametrize("who", ["reseller", "viewer"])
def test_review_wrong_role_on_a_visible_proposal_is_403(world, who):
    commitment = propose(world)
    before = snapshot(commitment)
    with pytest.raises(PermissionDenied):
        review(world, commitment, who, "accept")
    assert snapshot(commitment) == before


@pytest.mark.parametrize("who", ["reseller2", "admin", "provider2"])
def test_review_outsiders_are_told_nothing_exists(world, who):
    commitment = propose(world)
    before = snapshot(commitment)
    with pytest.raises(Http404):
        review(world, commitment, who, "accept")
    with pytest.raises(Http404):
        services.commitment_withdraw(user=getattr(world, who), commitment_id=commitment.pk)
    with pytest.raises(Http404):
        services.progress_record(user=getattr(world, who), commitment_id=commitment.pk, date=TODAY(), actual=1)
    assert snapshot(commitment) == before


def _to(world, status):
    commitment = propose(world)
    if status == "accepted":
        review(world, commitment, "provider", "accept")
    elif status == "declined":
        review(world, commitment, "provider", "decline")
    elif status == "withdrawn":
        services.commitment_withdraw(user=world.reseller, commitment_id=commitment.pk)
    return commitment


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn"])
@pytest.mark.parametrize(
    ("who", "action"),
    [("provider", "accept"), ("provider", "decline"), ("provider", "counter"), ("reseller", "withdraw")],
)
def test_transition_from_a_closed_state_is_409_and_changes_nothing(world, status, who, action):
    commitment = _to(world, status)
    before = snapshot(commitment)
    with pytest.raises(Conflict, match=f"This commitment was already {status}."):
        if action == "withdraw":
            services.commitment_withdraw(user=world.reseller, commitment_id=commitment.pk)
        else:
            review(world, commitment, who, action, target="50")
    assert snapshot(commitment) == before


def test_review_stale_version_is_409_and_changes_nothing(world):
    # given Contoso's proposal (version 1), countered by Northwind (now version 2)
    commitment = propose(world)
    review(world, commitment, "provider", "counter", target="90", version=1)
    before = snapshot(commitment)
    # when Contoso answers with the version it saw before the counter
    with pytest.raises(Conflict, match="Someone else changed this commitment"):
        review(world, commitment, "reseller", "accept", version=1)
    assert snapshot(commitment) == before


def test_withdraw_by_the_proposer_while_open_and_not_by_the_other_side(world):
    commitment = propose(world)
    with pytest.raises(PermissionDenied):
        services.commitment_withdraw(user=world.provider, commitment_id=commitment.pk)
    with pytest.raises(PermissionDenied):
        services.commitment_withdraw(user=world.viewer, commitment_id=commitment.pk)
    # a countered line can be withdrawn too: the proposer walks away from the counter
    review(world, commitment, "provider", "counter", target="70")
    gone = services.commitment_withdraw(user=world.reseller, commitment_id=commitment.pk, note="Not now.", version=2)
    assert (gone.status, gone.counter_target, gone.version) == ("withdrawn", None, 3)
    assert trail(commitment)[-1] == ("countered", "withdrawn", Decimal("70"))


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"decision": "counter", "target": None}, "target"),
        ({"decision": "counter", "target": "0"}, "target"),
        ({"decision": "counter", "target": "-3"}, "target"),
        ({"decision": "counter", "target": "lots"}, "target"),
        ({"decision": "counter", "target": "100"}, "target"),  # the same as proposed
        ({"decision": "maybe"}, "decision"),
        ({"decision": "accept", "note": "x" * 2001}, "note"),
    ],
)
def test_review_bad_input_names_the_field_and_changes_nothing(world, extra, field):
    commitment = propose(world)
    before = snapshot(commitment)
    with pytest.raises(ValidationError) as caught:
        services.commitment_review(user=world.provider, commitment_id=commitment.pk, **extra)
    assert list(caught.value.message_dict) == [field]
    assert snapshot(commitment) == before


# --- Progress and attainment ---------------------------------------------------------------


def _accepted(world, *, kpi="seat_adds", target="80", side="reseller"):
    commitment = propose(world, side=side, kpi=kpi, target=target)
    review(world, commitment, "provider" if side == "reseller" else "reseller", "accept")
    return commitment


def record(world, commitment, actual, *, who="reseller", days_ago=1, note=""):
    return services.progress_record(
        user=getattr(world, who),
        commitment_id=commitment.pk,
        date=TODAY() - timezone.timedelta(days=days_ago),
        actual=actual,
        note=note,
    )


def test_progress_is_refused_until_the_line_is_accepted(world):
    commitment = propose(world)
    with pytest.raises(Conflict, match="accepted commitments only"):
        record(world, commitment, "10")
    assert ProgressEntry.objects.count() == 0


def test_progress_marks_the_line_dirty_in_the_same_transaction(world):
    # given an accepted line whose attainment was computed (0 of 80)
    commitment = _accepted(world)
    attainment.commitment_recompute(commitment_id=commitment.pk)
    before = Commitment.objects.get(pk=commitment.pk)
    assert (before.attainment, before.is_stale) == (Decimal("0"), False)
    # when progress is recorded (the job would run after commit; here it never does)
    record(world, commitment, "40")
    # then the line is marked dirty and its stored attainment is not passed off as current
    after = Commitment.objects.get(pk=commitment.pk)
    assert after.data_version == before.data_version + 1
    assert after.dirty_since is not None and after.is_stale
    assert after.attainment == Decimal("0")


def test_progress_attainment_is_recomputed_after_commit(world, django_capture_on_commit_callbacks):
    commitment = _accepted(world)
    # when either side records progress of 40 against the target of 80, and the job runs after commit
    with django_capture_on_commit_callbacks(execute=True):
        record(world, commitment, "40", who="provider")
    # then attainment is 40 / 80 = 0.5, and it is fresh
    fresh = Commitment.objects.get(pk=commitment.pk)
    assert fresh.attainment == Decimal("0.5000")
    assert (fresh.dirty_since, fresh.computed_version) == (None, fresh.data_version)


@pytest.mark.parametrize(
    ("kpi", "target", "actuals", "expected"),
    [
        ("seat_adds", "30", ["10", "20.5", "3.3"], Decimal("1.1267")),  # 33.8 / 30
        ("seat_adds", "100", ["120", "80"], Decimal("1.5000")),  # 200 / 100 = 2, capped
        ("seat_adds", "100", ["0"], Decimal("0.0000")),
        ("azure_consumed", "75000", ["18250.50"], Decimal("0.2433")),  # 0.24334
        ("support_response", "4", ["6", "3"], Decimal("0.8889")),  # 4 / mean 4.5: slower than promised
        ("support_response", "4", ["2"], Decimal("1.5000")),  # 4 / 2 = 2, capped
        ("support_response", "4", ["0"], Decimal("1.5000")),  # instant: the cap
    ],
)
def test_attainment_against_hand_computed_values(
    world, django_capture_on_commit_callbacks, kpi, target, actuals, expected
):
    side = "provider" if kpi == "support_response" else "reseller"
    commitment = _accepted(world, kpi=kpi, target=target, side=side)
    with django_capture_on_commit_callbacks(execute=True):
        for n, actual in enumerate(actuals):
            record(world, commitment, actual, days_ago=n + 1)
    assert Commitment.objects.get(pk=commitment.pk).attainment == expected


def test_attainment_of_support_response_with_nothing_measured_is_none():
    assert attainment.attainment_of(kpi="support_response", status="accepted", target=Decimal(4), actuals=[]) is None
    assert attainment.attainment_of(kpi="seat_adds", status="accepted", target=Decimal(4), actuals=[]) == Decimal("0")
    assert attainment.attainment_of(kpi="seat_adds", status="proposed", target=Decimal(4), actuals=[Decimal(9)]) is None


def test_recompute_twice_gives_the_same_answer_and_the_task_runs_it(world):
    from assessments.tasks import recompute_commitment

    commitment = _accepted(world)
    record(world, commitment, "20")
    assert recompute_commitment(commitment.pk) is True
    first = Commitment.objects.get(pk=commitment.pk)
    assert recompute_commitment(commitment.pk) is True
    second = Commitment.objects.get(pk=commitment.pk)
    assert first.attainment == second.attainment == Decimal("0.2500")
    assert recompute_commitment(987654) is False  # gone: nothing to do


def test_sweep_recomputes_dirty_commitments(world):
    # given a line whose job was lost (its mark stays set)
    commitment = _accepted(world)
    record(world, commitment, "60")
    assert Commitment.objects.get(pk=commitment.pk).dirty_since is not None
    # when the sweep runs
    counts = sweep_dirty(grace_seconds=0)
    # then the line is fresh and right: 60 / 80
    fresh = Commitment.objects.get(pk=commitment.pk)
    assert counts["commitments"] == 1
    assert (fresh.attainment, fresh.dirty_since) == (Decimal("0.7500"), None)
    # and with `everything` even clean lines are recomputed
    CommitmentFactory(reseller=world.tailspin, provider=world.fabrikam)
    assert sweep_dirty(grace_seconds=0, everything=True)["commitments"] == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "tomorrow", "Enter a date as YYYY-MM-DD."),
        ("date", "2025-02-30", "Enter a date as YYYY-MM-DD."),
        ("date", "future", "The date cannot be in the future."),
        ("date", "before", "The date cannot be before the period starts"),
        ("actual", "-1", "Enter a number of 0 or more."),
        ("actual", "ten", "Enter a number of 0 or more."),
        ("actual", "Infinity", "Enter a number of 0 or more."),
        ("actual", float("nan"), "Enter a number of 0 or more."),
        ("actual", "1e12", "Enter a number below 1,000,000,000."),
        ("note", "x" * 301, "Keep the note to 300 characters."),
    ],
)
def test_progress_bad_input_names_the_field_and_saves_nothing(world, field, value, message):
    commitment = _accepted(world)
    if value == "future":
        value = TODAY() + timezone.timedelta(days=1)
    elif value == "before":
        value = commitment.period_start - timezone.timedelta(days=1)
    data = {"date": TODAY(), "actual": "5", "note": ""} | {field: value}
    with pytest.raises(ValidationError) as caught:
        services.progress_record(user=world.reseller, commitment_id=commitment.pk, **data)
    assert list(caught.value.message_dict) == [field]
    assert caught.value.message_dict[field][0].startswith(message)
    assert ProgressEntry.objects.count() == 0


def test_progress_viewer_may_not_record(world):
    commitment = _accepted(world)
    with pytest.raises(PermissionDenied):
        record(world, commitment, "5", who="viewer")
    assert ProgressEntry.objects.count() == 0


def test_sweep_recomputes_many_lines_in_the_queries_of_one(world):
    # given two accepted lines with progress (40 of 80), each with a provider of its own
    def accepted_lines(n):
        lines = []
        for _ in range(n):
            line = CommitmentFactory(
                reseller=world.contoso, provider=ProviderFactory(), proposed_by=world.reseller, target=Decimal("80")
            )
            Commitment.objects.filter(pk=line.pk).update(status="accepted")
            ProgressEntry.objects.create(
                commitment=line, date=TODAY(), actual=Decimal("40"), recorded_by=world.reseller
            )
            lines.append(line.pk)
        return lines

    def queries_to_recompute(ids):
        with CaptureQueriesContext(connection) as captured:
            assert attainment.commitments_recompute(commitment_ids=ids) == len(ids)
        return len(captured)

    lines = accepted_lines(2)
    few = queries_to_recompute(lines)
    # when the sweep recomputes those and five more, each on its own partnership
    lines += accepted_lines(5)
    many = queries_to_recompute(lines)
    # then it takes the same number of queries, and every attainment is right and fresh
    assert many == few
    assert {(c.attainment, c.dirty_since) for c in Commitment.objects.filter(pk__in=lines)} == {
        (Decimal("0.5000"), None)
    }
    assert PartnershipScore.objects.filter(reseller=world.contoso, dirty_since__isnull=False).count() == 7
