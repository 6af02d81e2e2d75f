"""Partnership scores: both halves against hand-computed values, and a real worker keeping them fresh."""

import re
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, PartnershipScore, PortalSettings, Scorecard
from assessments.pipeline.sweep import sweep_dirty
from commitments import services as commitment_services
from tests.factories import OrganisationFactory, SubmittedScorecardFactory

TODAY = timezone.localdate


def _scale(questionnaire, key):
    return questionnaire.areas.get(key=key).questions.get(kind="scale")


def _submitted(world, questionnaire, provider, value):
    """Contoso's submitted scorecard (or readiness, provider None) answering relationships with `value`."""
    sc = SubmittedScorecardFactory(
        reseller=world.contoso,
        provider=provider,
        questionnaire=questionnaire,
    )
    Answer.objects.create(scorecard=sc, question=_scale(questionnaire, "relationships"), value_number=value)
    return sc


def _accepted_commitment(world, target="100"):
    c = commitment_services.commitment_propose(
        user=world.reseller,
        reseller=world.contoso,
        provider=world.northwind,
        side="reseller",
        kpi="seat_adds",
        custom_kpi="",
        target=target,
        unit="seats",
        period_start=TODAY() - timezone.timedelta(days=30),
        period_end=TODAY() + timezone.timedelta(days=60),
    )
    return commitment_services.commitment_review(user=world.provider, commitment_id=c.pk, decision="accept")


def _cells(html: str) -> dict[str, str]:
    """The partnership table's figures, by the cell's test id."""
    return dict(
        re.findall(r'data-testid="(provider-half|readiness-part|delivery-part|reseller-half|combined)">([^<]*)<', html)
    )


def test_partnership_halves_and_combination_match_hand_computed_values(world, client):
    # given Contoso's submitted scorecard of Northwind (relationships 5 -> 100), its readiness
    # (relationships 3 -> 50) and an accepted commitment of 100 seats with 40 delivered (0.4)
    scorecard = _submitted(world, world.questionnaire, world.northwind, 5)
    readiness = _submitted(world, world.readiness_questionnaire, None, 3)
    commitment = _accepted_commitment(world)
    commitment_services.progress_record(user=world.reseller, commitment_id=commitment.pk, date=TODAY(), actual="40")
    # when everything is recomputed
    sweep_dirty(grace_seconds=0, everything=True)
    # then provider half 100; reseller half mean(50, 40) = 45; combined 50/50 = 72.5
    row = PartnershipScore.objects.get(reseller=world.contoso, provider=world.northwind)
    assert (row.provider_side, row.reseller_side, row.combined) == (Decimal("100"), Decimal("45"), Decimal("72.5"))
    # and with the admin's balance moved to 80/20 towards the provider: 0.8 x 100 + 0.2 x 45 = 89
    PortalSettings.objects.update_or_create(pk=1, defaults={"partnership_provider_share": Decimal("0.8")})
    sweep_dirty(grace_seconds=0, everything=True)
    assert PartnershipScore.objects.get(pk=row.pk).combined == Decimal("89")
    # and the reseller sees every part on its commitments page
    client.force_login(world.reseller)
    figures = {"provider-half": "100.0", "readiness-part": "50.0", "delivery-part": "40.0", "reseller-half": "45.0"}
    assert _cells(client.get(reverse("commitment_list")).content.decode()) == figures | {"combined": "89.0"}
    # while Northwind, with neither the scorecard nor the readiness shared with it, sees only the
    # delivery both sides record: every other figure would give an unshared score away
    client.force_login(world.provider)
    hidden = dict.fromkeys(["provider-half", "readiness-part", "reseller-half", "combined"], "Not shared")
    assert _cells(client.get(reverse("commitment_list")).content.decode()) == hidden | {"delivery-part": "40.0"}
    # and once Contoso shares its scorecard, Northwind sees the provider half, not yet the rest
    Scorecard.objects.filter(pk=scorecard.pk).update(shared_with_provider=True)
    shown = _cells(client.get(reverse("commitment_list")).content.decode())
    assert shown == hidden | {"provider-half": "100.0", "delivery-part": "40.0"}
    # and once the readiness is shared with it too, every figure
    readiness.shared_with.add(world.northwind)
    assert _cells(client.get(reverse("commitment_list")).content.decode()) == figures | {"combined": "89.0"}
    # but another reseller does not
    client.force_login(world.reseller2)
    assert "Contoso and Northwind" not in client.get(reverse("commitment_list")).content.decode()


def test_many_pairs_are_recomputed_in_a_fixed_number_of_queries_each_from_its_own_inputs(
    world, django_assert_num_queries
):
    from assessments.pipeline.partnerships import partnerships_recompute

    # given Contoso's pair with Northwind as in the hand-computed test (100 / 45 / 72.5), an older
    # scorecard of Northwind that no longer counts, and 20 other resellers each with one submitted
    # scorecard of Fabrikam (relationships 1..5 -> 0..100) and no readiness or commitments
    old = _submitted(world, world.questionnaire, world.northwind, 1)
    Scorecard.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timezone.timedelta(days=90))
    _submitted(world, world.questionnaire, world.northwind, 5)
    _submitted(world, world.readiness_questionnaire, None, 3)
    commitment = _accepted_commitment(world)
    commitment_services.progress_record(user=world.reseller, commitment_id=commitment.pk, date=TODAY(), actual="40")
    others = []
    for i in range(20):
        reseller = OrganisationFactory(name=f"Reseller {i}")
        sc = SubmittedScorecardFactory(
            reseller=reseller, provider=world.fabrikam, questionnaire=world.questionnaire,
        )  # fmt: skip
        Answer.objects.create(
            scorecard=sc, question=_scale(world.questionnaire, "relationships"), value_number=i % 5 + 1
        )
        others.append((reseller, Decimal(25 * (i % 5))))
    sweep_dirty(grace_seconds=0, everything=True)
    PartnershipScore.objects.update(provider_side=None, reseller_side=None, combined=None)
    ids = list(PartnershipScore.objects.values_list("pk", flat=True))
    assert len(ids) == 21
    # when every pair is recomputed in one batch: on PostgreSQL one statement between setting its
    # planner options and setting them back; elsewhere lock the rows, the balance, the scorecards,
    # the commitments, one update (inside a savepoint: 2 more)
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 7):
        assert partnerships_recompute(partnership_ids=ids) == 21
    # then Contoso's pair has the hand-computed figures, and each other pair only its provider half
    row = PartnershipScore.objects.get(reseller=world.contoso, provider=world.northwind)
    assert (row.provider_side, row.reseller_side, row.combined) == (Decimal("100"), Decimal("45"), Decimal("72.5"))
    for reseller, expected in others:
        row = PartnershipScore.objects.get(reseller=reseller, provider=world.fabrikam)
        assert (row.provider_side, row.reseller_side, row.dirty_since) == (expected, None, None)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_partnership_real_worker_follows_recorded_progress(world, postgres, celery_on_redis):
    # given a fresh partnership with an accepted commitment and a submitted scorecard (provider half 100)
    _submitted(world, world.questionnaire, world.northwind, 5)
    commitment = _accepted_commitment(world)
    sweep_dirty(grace_seconds=0, everything=True)
    before = PartnershipScore.objects.get(reseller=world.contoso, provider=world.northwind)
    assert before.reseller_side == 0  # nothing delivered yet
    # when the reseller records 60 of its 100 seats
    commitment_services.progress_record(user=world.reseller, commitment_id=commitment.pk, date=TODAY(), actual="60")
    # then the worker moves the partnership score: reseller half 60, combined 80
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        row = PartnershipScore.objects.get(pk=before.pk)
        if row.reseller_side == Decimal("60") and row.dirty_since is None:
            break
        time.sleep(0.1)
    assert (row.reseller_side, row.combined) == (Decimal("60"), Decimal("80"))


def test_sweep_recomputes_only_the_pairs_its_scorecards_feed(world):
    from assessments.pipeline.marking import scorecard_mark_dirty

    # given two fresh pairs: Contoso and Tailspin, each with a submitted scorecard of Northwind
    contoso = _submitted(world, world.questionnaire, world.northwind, 5)
    tailspin = SubmittedScorecardFactory(
        reseller=world.tailspin, provider=world.northwind, questionnaire=world.questionnaire,
    )  # fmt: skip
    Answer.objects.create(scorecard=tailspin, question=_scale(world.questionnaire, "relationships"), value_number=3)
    sweep_dirty(grace_seconds=0, everything=True)
    # (a figure only a recompute of Tailspin's pair would overwrite)
    PartnershipScore.objects.filter(reseller=world.tailspin).update(provider_side=Decimal("1"))
    # when Contoso's answer changes to 3 and the sweep runs
    Answer.objects.filter(scorecard=contoso).update(value_number=3)
    scorecard_mark_dirty(scorecard_ids=[contoso.pk])
    sweep_dirty(grace_seconds=0)
    # then Contoso's pair follows (relationships 3 -> 50) and Tailspin's was not touched
    assert PartnershipScore.objects.get(reseller=world.contoso, provider=world.northwind).provider_side == 50
    assert PartnershipScore.objects.get(reseller=world.tailspin, provider=world.northwind).provider_side == 1


def test_fleet_recompute_of_the_readiness_questionnaire_moves_every_pair_of_its_resellers(world):
    from assessments.pipeline.marking import questionnaire_mark_dirty
    from assessments.pipeline.scorecards import questionnaire_recompute

    # given Contoso's submitted scorecards of Northwind and Fabrikam, and its readiness at 3 (50)
    _submitted(world, world.questionnaire, world.northwind, 5)
    _submitted(world, world.questionnaire, world.fabrikam, 5)
    readiness = _submitted(world, world.readiness_questionnaire, None, 3)
    sweep_dirty(grace_seconds=0, everything=True)
    assert set(PartnershipScore.objects.values_list("reseller_side", flat=True)) == {Decimal("50")}
    # when the readiness answer becomes 5 and the questionnaire's scores are recomputed as a fleet
    Answer.objects.filter(scorecard=readiness).update(value_number=5)
    questionnaire_mark_dirty(questionnaire_id=world.readiness_questionnaire.pk)
    questionnaire_recompute(questionnaire_id=world.readiness_questionnaire.pk)
    # then both of Contoso's pairs have the new reseller half
    rows = PartnershipScore.objects.filter(reseller=world.contoso)
    assert sorted((r.provider.slug, r.reseller_side) for r in rows) == [
        ("fabrikam", Decimal("100")),
        ("northwind", Decimal("100")),
    ]


def test_sweep_creates_and_scores_the_pair_of_a_first_submitted_scorecard(world):
    # given Contoso's first submitted scorecard of Fabrikam (relationships 5), with no pair row yet
    _submitted(world, world.questionnaire, world.fabrikam, 5)
    assert not PartnershipScore.objects.filter(reseller=world.contoso, provider=world.fabrikam).exists()
    # when the sweep picks up the dirty scorecard
    sweep_dirty(grace_seconds=0)
    # then the pair exists and is scored: the provider half is the scorecard's 100
    pair = PartnershipScore.objects.get(reseller=world.contoso, provider=world.fabrikam)
    assert pair.provider_side == 100
    assert pair.computed_version == pair.data_version and pair.dirty_since is None
