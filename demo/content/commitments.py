"""`commitments.toml`: the demo world's two-way commitment ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from commitments.models import Commitment, CommitmentStatus, Kpi
from commitments.policies import OPEN_COMMITMENT_STATUSES
from commitments.services import KPIS_BY_SIDE
from cspeval.contentfiles import Node
from demo.content.checks import figure, max_length, optional_text, slug

PERIODS = {"previous": -1, "current": 0, "next": 1}  # quarters from the current one


@dataclass(frozen=True)
class CommitmentPlan:
    reseller: str
    provider: str
    side: str
    kpi: str
    custom_kpi: str
    target: Decimal
    unit: str
    period: str  # one of PERIODS
    path: tuple[str, ...]  # the statuses it went through, the current one last
    note: str
    counter: Decimal | None
    review_note: str
    progress: tuple[Decimal, ...]


def read_commitments(root: Node, providers: set[str], resellers: set[str]) -> tuple[CommitmentPlan, ...]:
    ledger = root.table(required=("commitments",))["commitments"]
    return tuple(_commitment(node, providers, resellers) for node in ledger.array(at_least=1))


def _path(node: Node) -> tuple[str, ...]:
    """From proposed, each step leaving an open status for another."""
    path = tuple(item.one_of(CommitmentStatus.values) for item in node.array(at_least=1))
    if path[0] != CommitmentStatus.PROPOSED:
        node.fail(f"must start at {CommitmentStatus.PROPOSED}, not {path[0]}")
    for before, after in pairwise(path):
        if before not in OPEN_COMMITMENT_STATUSES or after in (CommitmentStatus.PROPOSED, before):
            node.fail(f"cannot go from {before} to {after}")
    return path


def _given_exactly_when(node: Node, key: str, wanted: bool, reason: str) -> None:
    given = isinstance(node.value, dict) and key in node.value
    if wanted and not given:
        node.at(key).fail(f"is missing: {reason}")
    if given and not wanted:
        node.at(key).fail(f"is given only when {reason}")


def _commitment(node: Node, providers: set[str], resellers: set[str]) -> CommitmentPlan:
    fields = node.table(
        required=("reseller", "provider", "side", "kpi", "target", "unit", "period", "path", "note"),
        optional=("custom_kpi", "counter", "review_note", "progress"),
    )
    side = fields["side"].one_of(KPIS_BY_SIDE)
    kpi = fields["kpi"].one_of(KPIS_BY_SIDE[side])
    _given_exactly_when(node, "custom_kpi", kpi == Kpi.CUSTOM, "the KPI is custom")
    target = figure(fields["target"])
    path = _path(fields["path"])
    _given_exactly_when(node, "counter", CommitmentStatus.COUNTERED in path, "the path has countered")
    counter = figure(fields["counter"]) if "counter" in fields else None
    if counter == target:
        fields["counter"].fail("must differ from the target it counters")
    progress = ()
    if "progress" in fields:
        if path[-1] != CommitmentStatus.ACCEPTED:
            fields["progress"].fail(f"is recorded only against an accepted commitment, not a {path[-1]} one")
        progress = tuple(figure(item, allow_zero=True) for item in fields["progress"].array())
    return CommitmentPlan(
        reseller=slug(fields["reseller"], resellers, "reseller"),
        provider=slug(fields["provider"], providers, "provider"),
        side=side,
        kpi=kpi,
        custom_kpi=optional_text(fields, "custom_kpi", max_length(Commitment, "custom_kpi")),
        target=target,
        unit=fields["unit"].text(max_length=max_length(Commitment, "unit")),
        period=fields["period"].one_of(PERIODS),
        path=path,
        note=fields["note"].text(max_length=max_length(Commitment, "note"), multiline=True),
        counter=counter,
        review_note=optional_text(fields, "review_note", max_length(Commitment, "note"), multiline=True),
        progress=progress,
    )
