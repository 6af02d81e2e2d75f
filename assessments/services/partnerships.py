"""Partnership scores per (reseller, provider) pair, recomputed through the same pipeline as scorecards."""

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from assessments.models import (
    Commitment,
    CommitmentSide,
    CommitmentStatus,
    PartnershipScore,
    PortalSettings,
    Scorecard,
    ScorecardStatus,
)
from assessments.scoring import partnership_score
from assessments.services.recompute import enqueue_on_commit


def partnership_mark_dirty(*, reseller_id: int, provider_id: int | None = None) -> None:
    """Mark the pair (or every pair of the reseller, when its readiness changed) for recompute."""
    if provider_id is not None:
        PartnershipScore.objects.get_or_create(reseller_id=reseller_id, provider_id=provider_id)
        rows = PartnershipScore.objects.filter(reseller_id=reseller_id, provider_id=provider_id)
    else:
        rows = PartnershipScore.objects.filter(reseller_id=reseller_id)
    ids = list(rows.values_list("pk", flat=True))
    rows.update(data_version=F("data_version") + 1, dirty_since=Coalesce(F("dirty_since"), Now()))
    for pk in ids:
        enqueue_on_commit("assessments.tasks.recompute_partnership", pk)


def partnership_share() -> Decimal:
    """The admin's balance: the provider side's share of the combined score (0.5 by default)."""
    return _provider_share()


def _provider_share() -> Decimal:
    settings_row = PortalSettings.objects.filter(pk=1).first()
    return settings_row.partnership_provider_share if settings_row else Decimal("0.5")


def partnership_recompute(*, partnership_id: int) -> bool:
    with transaction.atomic():
        row = PartnershipScore.objects.select_for_update().filter(pk=partnership_id).first()
        if row is None:
            return False
        submitted = Scorecard.objects.filter(reseller_id=row.reseller_id, status=ScorecardStatus.SUBMITTED)
        scorecard = submitted.filter(provider_id=row.provider_id).order_by("-submitted_at", "-id").first()
        readiness = submitted.filter(provider__isnull=True).order_by("-submitted_at", "-id").first()
        attainments = tuple(
            a
            for a in Commitment.objects.filter(
                reseller_id=row.reseller_id,
                provider_id=row.provider_id,
                side=CommitmentSide.RESELLER,
                status=CommitmentStatus.ACCEPTED,
                attainment__isnull=False,
            ).values_list("attainment", flat=True)
        )
        result = partnership_score(
            provider_scorecard=scorecard.overall if scorecard else None,
            readiness=readiness.overall if readiness else None,
            attainments=attainments,
            provider_share=_provider_share(),
        )
        row.provider_side, row.reseller_side, row.combined = result.provider_side, result.reseller_side, result.combined
        row.computed_version = row.data_version
        row.computed_at = timezone.now()
        row.dirty_since = None
        row.save(
            update_fields=[
                "provider_side",
                "reseller_side",
                "combined",
                "computed_version",
                "computed_at",
                "dirty_since",
            ]
        )
    return True


def partnerships_for(*, reseller_ids=(), provider_ids=()) -> list[PartnershipScore]:
    return list(
        PartnershipScore.objects.filter(Q(reseller_id__in=reseller_ids) | Q(provider_id__in=provider_ids))
        .select_related("reseller", "provider")
        .order_by("reseller__name", "provider__name")
    )
