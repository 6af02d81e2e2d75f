"""Reads for the commitment ledger's pages and API: fixed query counts whatever the number of lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from assessments.disclosure import PartnershipView, partnership_for_viewer
from assessments.models import PartnershipScore, Scorecard
from commitments.models import (
    LOWER_IS_BETTER,
    Commitment,
    CommitmentEvent,
    CommitmentSide,
    CommitmentStatus,
    ProgressEntry,
)
from commitments.policies import (
    OPEN_COMMITMENT_STATUSES,
    access_commitment,
    commitment_counterpart_id,
    commitment_decider_id,
    commitment_proposer_id,
    commitment_visibility,
    commitments_waiting_q,
)
from providers.models import Organisation
from providers.policies import user_context

CLOSED = (CommitmentStatus.DECLINED, CommitmentStatus.WITHDRAWN)


def commitment_queryset() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("reseller", "provider", "proposed_by")


def commitments_for_user(user) -> QuerySet[Commitment]:
    """Every line the user may see, newest change first: one query (organisations and proposer joined)."""
    return commitment_queryset().filter(commitment_visibility(user)).order_by("-updated_at", "-id")


def commitments_waiting_for_user(user) -> QuerySet[Commitment]:
    """Open lines the user's organisations (as a member) decide on: the other side's proposals, and
    counters to their own (a reseller's commitment or a provider's offer, see `commitments_waiting_q`)."""
    ctx = user_context(user)
    member_orgs = [org_id for org_id, role in ctx.roles.items() if role == "member"]
    return commitments_for_user(user).filter(commitments_waiting_q(member_orgs))


def partnership_views_for_user(user) -> list[PartnershipView]:
    """The partnership scores of the user's organisations, each as this user may see it (the
    disclosure rule): two queries (the pairs with their organisations and the scorecard behind
    the provider half; the providers each pair's readiness is shared with)."""
    ctx = user_context(user)
    if not ctx.organisations:
        return []
    rows = list(
        PartnershipScore.objects.filter(Q(reseller_id__in=ctx.reseller_ids) | Q(provider_id__in=ctx.provider_ids))
        .select_related("reseller", "provider", "scorecard")
        .order_by("reseller__name", "provider__name")
    )
    shares: dict[int, set[int]] = {}
    readiness_ids = {row.readiness_id for row in rows if row.readiness_id is not None}
    if readiness_ids:
        through = Scorecard.shared_with.through.objects.filter(scorecard_id__in=readiness_ids)
        for scorecard_id, organisation_id in through.values_list("scorecard_id", "organisation_id"):
            shares.setdefault(scorecard_id, set()).add(organisation_id)
    return [partnership_for_viewer(user, row, readiness_shared_with=shares.get(row.readiness_id, ())) for row in rows]


def commitment_with_history(user, commitment_id) -> Commitment:
    """One line with `.event_list` and `.progress_list` (actors joined): three queries, or 404 / nothing."""
    events = CommitmentEvent.objects.select_related("actor").order_by("created_at", "id")
    progress = ProgressEntry.objects.select_related("recorded_by").order_by("date", "id")
    queryset = commitment_queryset().prefetch_related(
        Prefetch("events", queryset=events, to_attr="event_list"),
        Prefetch("progress", queryset=progress, to_attr="progress_list"),
    )
    return access_commitment(user, commitment_id, queryset=queryset)


# --- The list page: four groups, and who is under-delivering -----------------------------


@dataclass
class SideTally:
    lines: int = 0
    attainments: list[Decimal] = field(default_factory=list)

    @property
    def mean(self) -> Decimal | None:
        if not self.attainments:
            return None
        return (sum(self.attainments, Decimal(0)) / len(self.attainments)).quantize(Decimal("0.0001"))


@dataclass
class PairSummary:
    """What a reseller commits to a provider and what the provider offers in return, side by side."""

    reseller: object
    provider: object
    reseller_side: SideTally = field(default_factory=SideTally)
    provider_side: SideTally = field(default_factory=SideTally)

    @property
    def behind(self):
        """The organisation whose accepted lines are further from their targets (None if even or unknown)."""
        r, p = self.reseller_side.mean, self.provider_side.mean
        if r is None or p is None or r == p:
            return None
        return self.reseller if r < p else self.provider


def commitment_list_page(user) -> dict:
    """The ledger grouped for the list page, computed in Python from one query."""
    ctx = user_context(user)
    mine = ctx.organisation_ids
    groups: dict[str, list[Commitment]] = {"waiting_you": [], "waiting_them": [], "active": [], "closed": []}
    pairs: dict[tuple[int, int], PairSummary] = {}
    for line in commitments_for_user(user):
        if line.status in OPEN_COMMITMENT_STATUSES:
            groups["waiting_you" if commitment_decider_id(line) in mine else "waiting_them"].append(line)
        elif line.status == CommitmentStatus.ACCEPTED:
            groups["active"].append(line)
            pair = pairs.setdefault(
                (line.reseller_id, line.provider_id), PairSummary(reseller=line.reseller, provider=line.provider)
            )
            tally = pair.reseller_side if line.side == CommitmentSide.RESELLER else pair.provider_side
            tally.lines += 1
            if line.attainment is not None:
                tally.attainments.append(line.attainment)
        else:
            groups["closed"].append(line)
    summary = sorted(pairs.values(), key=lambda p: (p.reseller.name, p.provider.name))
    active = groups["active"]
    return groups | {
        "active_reseller": [c for c in active if c.side == CommitmentSide.RESELLER],
        "active_provider": [c for c in active if c.side == CommitmentSide.PROVIDER],
        "summary": summary,
    }


# --- The detail page: who did what, and progress against the target ----------------------


def org_name(commitment: Commitment, org_id: int) -> str:
    return commitment.reseller.name if org_id == commitment.reseller_id else commitment.provider.name


def event_rows(commitment: Commitment) -> list[dict]:
    """Each event in words: when, who (and for which organisation), what, the note."""
    proposer = commitment_proposer_id(commitment)
    other = commitment_counterpart_id(commitment)
    rows = []
    for event in commitment.event_list:
        to, before = event.to_status, event.from_status
        if to in (CommitmentStatus.PROPOSED, CommitmentStatus.WITHDRAWN) or before == CommitmentStatus.COUNTERED:
            org = proposer
        else:
            org = other
        verb = {
            CommitmentStatus.PROPOSED: "Proposed",
            CommitmentStatus.COUNTERED: "Countered with",
            CommitmentStatus.ACCEPTED: "Accepted" if before == CommitmentStatus.PROPOSED else "Accepted the counter of",
            CommitmentStatus.DECLINED: "Declined" if before == CommitmentStatus.PROPOSED else "Declined the counter of",
            CommitmentStatus.WITHDRAWN: "Withdrew",
        }.get(to, to)
        rows.append(
            {
                "event": event,
                "who": _person(event.actor),
                "organisation": org_name(commitment, org),
                "what": verb,
                "target": event.target,
            }
        )
    return rows


def _person(user) -> str:
    if user is None:
        return "A former user"
    return user.get_full_name() or user.get_username()


def progress_rows(commitment: Commitment) -> list[dict]:
    """Each entry with the running figure the chart plots: the cumulative sum, or for a
    lower-is-better KPI (support response) the running mean, and its share of the target."""
    lower_better = commitment.kpi in LOWER_IS_BETTER
    rows, total = [], Decimal(0)
    for n, entry in enumerate(commitment.progress_list, start=1):
        total += entry.actual
        running = (total / n).quantize(Decimal("0.01")) if lower_better else total
        rows.append({"entry": entry, "running": running, "who": _person(entry.recorded_by)})
    return rows


def chart_data(commitment: Commitment, rows: list[dict]) -> dict:
    """What static/js/commitment_chart.js draws (read from a json_script tag)."""
    lower_better = commitment.kpi in LOWER_IS_BETTER
    return {
        "labels": [row["entry"].date.strftime("%d/%m/%Y") for row in rows],
        "values": [float(row["running"]) for row in rows],
        "target": float(commitment.target),
        "unit": commitment.unit,
        "series": "Mean so far" if lower_better else "Cumulative actual",
        "lower_better": lower_better,
    }


def organisations_of_kind(kind: str):
    """The organisations a proposal can be addressed to (providers for a reseller, and the reverse)."""
    return list(Organisation.objects.filter(kind=kind).order_by("name"))


def organisation_by_slug(kind: str, slug: str):

    return Organisation.objects.filter(kind=kind, slug=slug).first()
