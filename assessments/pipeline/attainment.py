"""Recomputing commitment attainment, the pure rule and the locked batch that stores it.

For an accepted line: the sum of the recorded actuals over the target, capped at 1.5 and kept to
4 decimal places. For `support_response` (hours to respond: lower is better) each entry is a
measured response time, so attainment is target over the mean of the recorded times (capped at
1.5; a mean of 0 is the cap); with nothing recorded yet it has none. Lines that are not accepted
have none either.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assessments.pipeline.marking import partnerships_mark_dirty
from commitments.models import LOWER_IS_BETTER, Commitment, CommitmentSide, CommitmentStatus, ProgressEntry

CAP = Decimal("1.5")
FOUR_PLACES = Decimal("0.0001")


def commitments_recompute(*, commitment_ids, batch_size: int = 500) -> int:
    """`commitment_recompute` for many lines (the sweep's), a batch per transaction; returns how
    many were written."""
    ids = sorted(set(commitment_ids))
    return sum(len(_lines_recompute(ids[start : start + batch_size])) for start in range(0, len(ids), batch_size))


def _lines_recompute(ids: list[int]) -> list[Commitment]:
    """Recompute these lines from scratch in one transaction: locked and their progress read in
    one query each, written back in one, each pair they feed marked once (now that the attainment
    is settled, the pairs' jobs can run), in a fixed number of statements. Idempotent."""
    with transaction.atomic():
        lines = list(Commitment.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        actuals: dict[int, list[Decimal]] = {}
        for commitment_id, actual in ProgressEntry.objects.filter(
            commitment_id__in=[line.pk for line in lines]
        ).values_list("commitment_id", "actual"):
            actuals.setdefault(commitment_id, []).append(actual)
        now = timezone.now()
        for line in lines:
            line.attainment = attainment_of(
                kpi=line.kpi, status=line.status, target=line.target, actuals=actuals.get(line.pk, [])
            )
            # the rows are locked, so nobody moved a version meanwhile: clearing the marks is safe
            line.computed_version, line.computed_at, line.dirty_since = line.data_version, now, None
        if lines:
            Commitment.objects.bulk_update(lines, ["attainment", "computed_version", "computed_at", "dirty_since"])
        partnerships_mark_dirty(
            pairs={(line.reseller_id, line.provider_id) for line in lines if line.side == CommitmentSide.RESELLER}
        )
    return lines


def attainment_of(*, kpi: str, status: str, target: Decimal, actuals: list[Decimal]) -> Decimal | None:
    """The pure rule (see the module's docstring): None where there is nothing to measure."""
    if status != CommitmentStatus.ACCEPTED or not target:
        return None
    if kpi in LOWER_IS_BETTER:
        if not actuals:
            return None
        mean = sum(actuals, Decimal(0)) / len(actuals)
        ratio = CAP if mean == 0 else target / mean
    else:
        ratio = sum(actuals, Decimal(0)) / target
    return min(ratio, CAP).quantize(FOUR_PLACES)


def commitment_recompute(*, commitment_id: int) -> Commitment | None:
    """Recompute one line's attainment from scratch under its row lock; None if it is gone. Idempotent."""
    lines = _lines_recompute([commitment_id])
    return lines[0] if lines else None
