"""The two-way commitment ledger: its state machine, progress and attainment (one code path).

Transitions (anything else raises `Conflict`, HTTP 409, and changes nothing):

    ""        -- propose  (a member of the proposing side)             --> proposed
    proposed  -- accept   (a member of the other side)                 --> accepted
    proposed  -- decline  (a member of the other side)                 --> declined
    proposed  -- counter  (a member of the other side, a new target)   --> countered
    countered -- accept   (a member of the proposing side)             --> accepted, target := the counter
    countered -- decline  (a member of the proposing side)             --> declined
    proposed, countered -- withdraw (a member of the proposing side)   --> withdrawn

The proposing side is the reseller for what a reseller commits (`side="reseller"`) and the
provider for what a provider offers (`side="provider"`). A counter of a counter does not exist:
the proposer accepts or declines it. Viewers and members acting out of turn get PermissionDenied
(403); callers outside both organisations get NotFound (404). Each transition locks the row, checks the
optimistic `version`, writes a `CommitmentEvent` and bumps `version`, in one transaction.

Attainment is stored and recomputed by the pipeline like every score
(`assessments.pipeline.attainment` holds its rule).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessments import jobs
from assessments.pipeline.marking import commitment_mark_dirty
from commitments.models import Commitment, CommitmentEvent, CommitmentSide, CommitmentStatus, Kpi, ProgressEntry
from commitments.policies import (
    OPEN_COMMITMENT_STATUSES,
    access_commitment,
    commitment_decider_id,
    commitment_proposer_id,
)
from cspeval.errors import Conflict
from cspeval.validation import add_years, clean_text, parse_version, to_decimal
from notifications.services import notify_organisation
from providers.models import Organisation, OrganisationKind
from providers.policies import user_context

RESELLER_KPIS = (
    Kpi.SEAT_ADDS,
    Kpi.AZURE_CONSUMED,
    Kpi.M365_SEATS,
    Kpi.NET_CUSTOMER_ADDS,
    Kpi.CERTIFICATIONS,
    Kpi.EVENTS,
    Kpi.CASE_STUDIES,
    Kpi.CUSTOM,
)
PROVIDER_KPIS = (
    Kpi.MARGIN_POINTS,
    Kpi.ENABLEMENT_DAYS,
    Kpi.MARKETING_FUNDS,
    Kpi.NAMED_CONTACT,
    Kpi.SUPPORT_RESPONSE,
    Kpi.CUSTOM,
)
KPIS_BY_SIDE = {CommitmentSide.RESELLER: RESELLER_KPIS, CommitmentSide.PROVIDER: PROVIDER_KPIS}
DECISIONS = ("accept", "decline", "counter")
CENTS = Decimal("0.01")
LIMIT = Decimal("1000000000")  # figures at or above a billion are typing mistakes, not plans
EARLIEST_START = date(2000, 1, 1)  # a period before this is a typing mistake, not a plan
LONGEST_YEARS = 3  # a period is at most this long
FURTHEST_YEARS = 5  # and ends at most this far from today

_WAS = {
    CommitmentStatus.ACCEPTED: "This commitment was already accepted.",
    CommitmentStatus.DECLINED: "This commitment was already declined.",
    CommitmentStatus.WITHDRAWN: "This commitment was already withdrawn.",
}


# --- Parsing input (every message names its field) ----------------------------------------


def parse_figure(value, *, field: str, allow_zero: bool = False) -> Decimal:
    """A finite decimal of at most two places, positive (or not negative), below a billion."""
    wanted = "a number of 0 or more" if allow_zero else "a positive number"
    number = to_decimal(value, thousands=True)
    if number is None or number < 0 or (number == 0 and not allow_zero):
        raise ValidationError({field: [f"Enter {wanted}."]})
    rounded = number.quantize(CENTS) if number < LIMIT else LIMIT
    if rounded >= LIMIT:  # 999999999.999 rounds up to a billion
        raise ValidationError({field: ["Enter a number below 1,000,000,000."]})
    if rounded == 0 and not allow_zero:
        raise ValidationError({field: ["Enter a positive number of at least 0.01."]})
    return rounded


def parse_date(value, *, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: ["Enter a date as YYYY-MM-DD."]}) from None


_LABELS = {"custom_kpi": "the custom KPI", "unit": "the unit", "note": "the note"}


def _text(value, *, field: str, limit: int, errors: dict, multiline: bool = False) -> str:
    """Short fields (a KPI's name, a unit, a progress note) are one line; a note to the other side
    may break lines. Either way no control character: it would end up in an e-mail's subject."""
    try:
        return clean_text(value, field=field, label=_LABELS[field], limit=limit, multiline=multiline)
    except ValidationError as exc:
        errors |= exc.message_dict
        return ""


def _collect(errors: dict, field: str, parse):
    try:
        return parse()
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.message_dict[field])
        return None


def _period_problems(start: date | None, end: date | None, *, today: date) -> dict[str, list[str]]:
    """A period is a plan: it starts from 2000, ends on or after its start, within 5 years from
    today, and lasts at most 3 years (no 0001 to 9999)."""
    errors: dict[str, list[str]] = {}
    if start is not None and start < EARLIEST_START:
        errors["period_start"] = [f"The period cannot start before {EARLIEST_START:%d/%m/%Y}."]
    if start is None or end is None or errors:
        return errors
    furthest = add_years(today, FURTHEST_YEARS)
    longest = add_years(start, LONGEST_YEARS) - timedelta(days=1)
    if end < start:
        errors["period_end"] = ["The period must end on or after the day it starts."]
    elif end > furthest:
        errors["period_end"] = [f"The period must end within {FURTHEST_YEARS} years, by {furthest:%d/%m/%Y}."]
    elif end > longest:
        errors["period_end"] = [f"A period can last at most {LONGEST_YEARS} years: end it by {longest:%d/%m/%Y}."]
    return errors


# --- Locking and the checks every transition makes ----------------------------------------


def _check_version(commitment: Commitment, version) -> None:
    version = parse_version(version)
    if version is not None and version != commitment.version:
        raise Conflict("Someone else changed this commitment while you were looking at it; reload to see it.")


def _require_open(commitment: Commitment) -> None:
    if commitment.status not in OPEN_COMMITMENT_STATUSES:
        raise Conflict(_WAS.get(commitment.status, "This commitment can no longer change."))


def _name(org_id: int, commitment: Commitment) -> str:
    return commitment.reseller.name if org_id == commitment.reseller_id else commitment.provider.name


def _transition(commitment: Commitment, user, to_status: str, target: Decimal | None, note: str, fields=()) -> None:
    """Write the change, its event, the version bump and the dirty mark, all in the caller's transaction."""
    from_status = commitment.status
    commitment.status = to_status
    commitment.version += 1
    commitment.save(update_fields=["status", "version", "updated_at", *fields])
    CommitmentEvent.objects.create(
        commitment=commitment, actor=user, from_status=from_status, to_status=to_status, target=target, note=note
    )
    commitment_mark_dirty(commitment=commitment)
    _notify_other_side(commitment, user, to_status, target)


_VERBS = {
    "proposed": "proposed",
    "accepted": "accepted",
    "declined": "declined",
    "countered": "countered",
    "withdrawn": "withdrew",
}


def _notify_other_side(commitment: Commitment, user, to_status: str, target) -> None:
    """Tell the other organisation's members (in the app, and by e-mail after commit)."""
    acting_reseller = user_context(user).belongs_to(commitment.reseller_id)
    actor_org, other_org = (
        (commitment.reseller, commitment.provider_id)
        if acting_reseller
        else (commitment.provider, commitment.reseller_id)
    )
    figure = f" {target.normalize():f} {commitment.unit}".rstrip() if target is not None else ""
    notify_organisation(
        organisation_id=other_org,
        text=f"{actor_org.name} {_VERBS.get(to_status, to_status)}: {commitment.kpi_label}{figure}.",
        url=f"/commitments/{commitment.pk}/",
    )


# --- Proposing -----------------------------------------------------------------------------


@transaction.atomic
def commitment_propose(
    *,
    user,
    reseller: Organisation | None,
    provider: Organisation | None,
    side: str,
    kpi: str,
    custom_kpi: str = "",
    target,
    unit: str,
    period_start,
    period_end,
    note: str = "",
) -> Commitment:
    """A new line, proposed by a member of `side`'s organisation to the other one."""
    errors: dict[str, list[str]] = {}
    if not isinstance(side, str) or side not in KPIS_BY_SIDE:
        raise ValidationError({"side": ["Choose reseller (what a reseller commits) or provider (what it offers)."]})
    by_reseller = side == CommitmentSide.RESELLER
    own, other = (reseller, provider) if by_reseller else (provider, reseller)
    other_field, other_kind = ("provider", OrganisationKind.PROVIDER) if by_reseller else ("reseller", "reseller")
    if own is None or own.kind != side or not user_context(user).is_member_of(own.pk):
        what = "commits to" if by_reseller else "offers"
        raise PermissionDenied(f"Only the {side}'s members can propose what it {what}.")
    if other is None or other.kind != other_kind:
        article = "an indirect provider" if other_kind == OrganisationKind.PROVIDER else "a reseller"
        errors[other_field] = [f"Choose {article}."]
    allowed = KPIS_BY_SIDE[side]
    if kpi not in allowed:
        errors["kpi"] = [f"Choose one of: {', '.join(allowed)}."]
    custom_kpi = _text(custom_kpi, field="custom_kpi", limit=120, errors=errors)
    if kpi == Kpi.CUSTOM and not custom_kpi and "custom_kpi" not in errors:
        errors["custom_kpi"] = ["Say what the custom KPI is."]
    if kpi != Kpi.CUSTOM:
        custom_kpi = ""
    target = _collect(errors, "target", lambda: parse_figure(target, field="target"))
    unit = _text(unit, field="unit", limit=30, errors=errors)
    if not unit and "unit" not in errors:
        errors["unit"] = ["Give the unit of the target, such as seats, GBP or days."]
    start = _collect(errors, "period_start", lambda: parse_date(period_start, field="period_start"))
    end = _collect(errors, "period_end", lambda: parse_date(period_end, field="period_end"))
    errors |= _period_problems(start, end, today=timezone.localdate())
    note = _text(note, field="note", limit=2000, errors=errors, multiline=True)
    if errors:
        raise ValidationError(errors)
    commitment = Commitment.objects.create(
        reseller=reseller,
        provider=provider,
        side=side,
        kpi=kpi,
        custom_kpi=custom_kpi,
        target=target,
        unit=unit,
        period_start=start,
        period_end=end,
        status=CommitmentStatus.PROPOSED,
        note=note,
        proposed_by=user,
        dirty_since=timezone.now(),
    )
    CommitmentEvent.objects.create(
        commitment=commitment, actor=user, from_status="", to_status=CommitmentStatus.PROPOSED, target=target, note=note
    )
    jobs.enqueue_on_commit(jobs.COMMITMENT, commitment.pk)
    return commitment


# --- Deciding and withdrawing ---------------------------------------------------------------


@transaction.atomic
def commitment_review(*, user, commitment_id, decision: str, target=None, note: str = "", version=None) -> Commitment:
    """Accept, decline or counter a proposal (the other side), or accept or decline a counter (the proposer)."""
    commitment = access_commitment(user, commitment_id, for_write=True, lock=True)
    _require_open(commitment)
    _check_version(commitment, version)
    decider = commitment_decider_id(commitment)
    if not user_context(user).is_member_of(decider):
        raise PermissionDenied(f"It is {_name(decider, commitment)}'s turn to decide on this commitment.")
    if decision not in DECISIONS:
        raise ValidationError({"decision": ["Choose accept, decline or counter."]})
    errors: dict[str, list[str]] = {}
    note = _text(note, field="note", limit=2000, errors=errors, multiline=True)
    countered = commitment.status == CommitmentStatus.COUNTERED
    if decision == "counter":
        if countered:
            raise Conflict("A counter-offer cannot be countered again: accept it or decline it.")
        new_target = _collect(errors, "target", lambda: parse_figure(target, field="target"))
        if new_target is not None and new_target == commitment.target:
            errors["target"] = ["A counter-offer needs a target different from the one proposed."]
        if errors:
            raise ValidationError(errors)
        commitment.counter_target = new_target
        _transition(commitment, user, CommitmentStatus.COUNTERED, new_target, note, ["counter_target"])
        return commitment
    if errors:
        raise ValidationError(errors)
    figure = commitment.counter_target if countered else commitment.target
    if decision == "accept":
        commitment.target = figure
        commitment.counter_target = None
        _transition(commitment, user, CommitmentStatus.ACCEPTED, figure, note, ["target", "counter_target"])
    else:
        commitment.counter_target = None
        _transition(commitment, user, CommitmentStatus.DECLINED, figure, note, ["counter_target"])
    return commitment


@transaction.atomic
def commitment_withdraw(*, user, commitment_id, note: str = "", version=None) -> Commitment:
    """The proposing side takes back an open proposal (or walks away from a counter)."""
    commitment = access_commitment(user, commitment_id, for_write=True, lock=True)
    _require_open(commitment)
    _check_version(commitment, version)
    proposer = commitment_proposer_id(commitment)
    if not user_context(user).is_member_of(proposer):
        raise PermissionDenied(f"Only {_name(proposer, commitment)} can withdraw what it proposed.")
    errors: dict[str, list[str]] = {}
    note = _text(note, field="note", limit=2000, errors=errors, multiline=True)
    if errors:
        raise ValidationError(errors)
    figure = commitment.counter_target or commitment.target
    commitment.counter_target = None
    _transition(commitment, user, CommitmentStatus.WITHDRAWN, figure, note, ["counter_target"])
    return commitment


# --- Progress and attainment ----------------------------------------------------------------


@transaction.atomic
def progress_record(*, user, commitment_id, date, actual, note: str = "") -> ProgressEntry:
    """A dated actual against an accepted line, by either side; attainment is marked for recompute."""
    commitment = access_commitment(user, commitment_id, for_write=True, lock=True)
    if commitment.status != CommitmentStatus.ACCEPTED:
        raise Conflict("Progress is recorded against accepted commitments only.")
    errors: dict[str, list[str]] = {}
    day = _collect(errors, "date", lambda: parse_date(date, field="date"))
    if day is not None:
        if day > timezone.localdate():
            errors["date"] = ["The date cannot be in the future."]
        elif day < commitment.period_start:
            errors["date"] = [f"The date cannot be before the period starts ({commitment.period_start:%d/%m/%Y})."]
        elif day > commitment.period_end:
            errors["date"] = [f"The date cannot be after the period ends ({commitment.period_end:%d/%m/%Y})."]
    figure = _collect(errors, "actual", lambda: parse_figure(actual, field="actual", allow_zero=True))
    note = _text(note, field="note", limit=300, errors=errors)
    if errors:
        raise ValidationError(errors)
    entry = ProgressEntry.objects.create(commitment=commitment, date=day, actual=figure, note=note, recorded_by=user)
    commitment_mark_dirty(commitment=commitment, updated_at=timezone.now())
    return entry
