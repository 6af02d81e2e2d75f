"""Writes to questionnaires: the shipped content installed, and the admin's weights, versions,
standings and the portal's settings.

`questionnaire_install` builds version 1 of a questionnaire from its content file
(`assessments/content/<kind>.toml`, checked as it is read) and keeps it in line on later runs.
Weights are validated all at once (every bad field named, nothing saved), saved row by row
with `save(update_fields=["weight"])` so django-simple-history keeps who changed what and when,
and then every scorecard of the questionnaire is marked in one statement for the fleet job.
The Django admin, the weights page and the API all come through here: one code path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from assessments.content.questionnaires import questionnaire_content
from assessments.models import (
    Area,
    PortalSettings,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireStatus,
    QuestionOption,
    Standing,
)
from assessments.pipeline.marking import partnerships_mark_all, questionnaire_mark_dirty
from assessments.scoring import Band, validate_bands
from assessments.services.weights_preview import weights_preview_for
from cspeval.rows import sync, upsert
from cspeval.validation import text_problem, to_decimal, weight_value
from providers.policies import is_portal_admin

ALL_AREAS = "areas"  # the error key when the area weights are wrong together (all zero)


def _require_admin(user) -> None:
    if not is_portal_admin(user):
        raise PermissionDenied("Only portal admins may change questionnaires.")


def _decimal(raw: object) -> Decimal | None:
    """A finite Decimal from a form string (commas for thousands), a JSON number or a Decimal; None
    for anything else. Huge magnitudes come back clamped, so `abs()` and rounding cannot overflow."""
    return to_decimal(raw, thousands=True)


def _label(question: Question) -> str:
    return question.text if len(question.text) <= 60 else question.text[:59] + "…"


def _as_id(raw: object) -> int | None:
    try:
        return int(str(raw))
    except ValueError:
        return None


@dataclass
class CleanWeights:
    """Weights that passed validation, by area and question id, beside the rows they belong to."""

    questionnaire: Questionnaire
    areas: dict[int, Area]
    questions: dict[int, Question]
    area_weights: dict[int, Decimal] = field(default_factory=dict)
    question_weights: dict[int, Decimal] = field(default_factory=dict)


def weights_clean(
    *, questionnaire: Questionnaire, area_weights: Mapping | None = None, question_weights: Mapping | None = None
) -> CleanWeights:
    """Check proposed weights ({id: value}); ValidationError keyed `area-<id>`, `question-<id>` or `areas`."""
    area_weights, question_weights = area_weights or {}, question_weights or {}
    areas = {a.pk: a for a in Area.objects.filter(questionnaire=questionnaire).order_by("order", "id")}
    wanted = [i for i in map(_as_id, question_weights) if i is not None]
    questions = (
        {q.pk: q for q in Question.objects.filter(area__questionnaire=questionnaire, pk__in=wanted)} if wanted else {}
    )
    clean = CleanWeights(questionnaire=questionnaire, areas=areas, questions=questions)
    errors: dict[str, list[str]] = {}
    for raw_id, raw in area_weights.items():
        area = areas.get(_as_id(raw_id))
        if area is None:
            errors[f"area-{raw_id}"] = [f"There is no area {raw_id} in “{questionnaire.title}”."]
            continue
        try:
            clean.area_weights[area.pk] = weight_value(raw, area.title)
        except ValidationError as exc:
            errors[f"area-{raw_id}"] = exc.messages
    for raw_id, raw in question_weights.items():
        question = questions.get(_as_id(raw_id))
        if question is None:
            errors[f"question-{raw_id}"] = [f"There is no question {raw_id} in “{questionnaire.title}”."]
            continue
        try:
            clean.question_weights[question.pk] = weight_value(raw, _label(question))
        except ValidationError as exc:
            errors[f"question-{raw_id}"] = exc.messages
    final = [clean.area_weights.get(pk, area.weight) for pk, area in areas.items()]
    if final and not any(f"area-{pk}" in errors for pk in areas) and not any(final):
        errors[ALL_AREAS] = ["At least one area needs a weight above zero."]
    if errors:
        raise ValidationError(errors)
    return clean


def _questionnaire(questionnaire_id, *, lock: bool = False) -> Questionnaire:
    rows = Questionnaire.objects.select_for_update() if lock else Questionnaire.objects.all()
    found = rows.filter(pk=_as_id(questionnaire_id) or 0).first()
    if found is None:
        raise ValidationError({"questionnaire": ["There is no such questionnaire."]})
    return found


def _save_weight(row: Area | Question, weight: Decimal, user) -> None:
    row._change_reason = f"Weight changed from {row.weight} to {weight}"
    row._history_user = user
    row.weight = weight
    row.save(update_fields=["weight"])


@transaction.atomic
def weights_set(
    *, user, questionnaire_id: int, area_weights: Mapping | None = None, question_weights: Mapping | None = None
) -> int:
    """Save area and question weights ({id: value}) together; the number of scorecards marked for recompute.

    Every value is checked first; on any bad one it raises ValidationError naming each field
    (`area-<id>`, `question-<id>`, `areas`) and saves nothing.
    """
    _require_admin(user)
    questionnaire = _questionnaire(questionnaire_id, lock=True)  # one weight change at a time per questionnaire
    clean = weights_clean(questionnaire=questionnaire, area_weights=area_weights, question_weights=question_weights)
    changed = 0
    for pk, weight in clean.area_weights.items():
        if clean.areas[pk].weight != weight:
            _save_weight(clean.areas[pk], weight, user)
            changed += 1
    for pk, weight in clean.question_weights.items():
        if clean.questions[pk].weight != weight:
            _save_weight(clean.questions[pk], weight, user)
            changed += 1
    if not changed:
        return 0
    Questionnaire.objects.filter(pk=questionnaire.pk).update(weights_revision=F("weights_revision") + 1)
    return questionnaire_mark_dirty(questionnaire_id=questionnaire.pk, weights_only=True)


def weights_preview(
    *, questionnaire_id: int, area_weights: Mapping | None = None, question_weights: Mapping | None = None
) -> list[dict]:
    """Each subject's aggregate and rank now and with the proposed weights, by new rank; saves nothing.

    Raises the same ValidationError as `weights_set` for the same bad values.
    """
    questionnaire = _questionnaire(questionnaire_id)
    clean = weights_clean(questionnaire=questionnaire, area_weights=area_weights, question_weights=question_weights)
    proposed_areas = {clean.areas[pk].key: w for pk, w in clean.area_weights.items()}
    return weights_preview_for(questionnaire, proposed_areas, clean.question_weights)


# --- Versions ----------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_new_version(*, user, questionnaire_id: int) -> Questionnaire:
    """A new draft copied from this questionnaire (areas, questions, options), numbered after the latest."""
    _require_admin(user)
    source = _questionnaire(questionnaire_id)
    # Lock the kind's versions: two admins copying at once get consecutive numbers, not a clash.
    same_kind = list(Questionnaire.objects.select_for_update().filter(kind=source.kind).order_by("pk"))
    draft = next((q for q in same_kind if q.status == QuestionnaireStatus.DRAFT), None)
    if draft is not None:
        raise ValidationError(
            f"{draft.get_kind_display()} v{draft.version} is already a draft: edit and publish it, or retire it, "
            "before starting another version."
        )
    version = Questionnaire.objects.filter(kind=source.kind).aggregate(top=Max("version"))["top"] + 1
    copy = Questionnaire.objects.create(
        kind=source.kind,
        version=version,
        status=QuestionnaireStatus.DRAFT,
        title=source.title,
        description=source.description,
        based_on=source,
    )
    options = []
    areas = Area.objects.filter(questionnaire=source).order_by("order", "id").prefetch_related("questions__options")
    for area in areas:
        new_area = Area(
            questionnaire=copy,
            key=area.key,
            title=area.title,
            description=area.description,
            weight=area.weight,
            order=area.order,
        )
        new_area._history_user = user
        new_area._change_reason = f"Copied from version {source.version}"
        new_area.save()
        for question in sorted(area.questions.all(), key=lambda q: (q.order, q.pk)):
            new_question = Question(
                area=new_area,
                text=question.text,
                help_text=question.help_text,
                kind=question.kind,
                weight=question.weight,
                order=question.order,
                evidence_expected=question.evidence_expected,
                reverse=question.reverse,
                low=question.low,
                high=question.high,
                direction=question.direction,
                unit=question.unit,
            )
            new_question._history_user = user
            new_question._change_reason = f"Copied from version {source.version}"
            new_question.save()
            options += [
                QuestionOption(question=new_question, key=o.key, label=o.label, points=o.points, order=o.order)
                for o in question.options.all()
            ]
    QuestionOption.objects.bulk_create(options)
    return copy


def _publish_problems(questionnaire: Questionnaire) -> list[str]:
    areas = list(questionnaire.areas.annotate(n=Count("questions")).order_by("order", "id"))
    if not areas:
        return ["Add its areas before publishing it."]
    problems = []
    empty = [f"“{a.title}”" for a in areas if a.n == 0]
    if empty:
        problems.append(f"Each area needs at least one question before publishing: add one to {', '.join(empty)}.")
    if not any(a.weight > 0 for a in areas):
        problems.append("At least one area needs a weight above zero.")
    bare = Question.objects.filter(area__questionnaire=questionnaire, kind=QuestionKind.CHOICE, options__isnull=True)
    problems += [f"The choice question “{_label(q)}” has no options to choose from." for q in bare]
    return problems


@transaction.atomic
def questionnaire_publish(*, user, questionnaire_id: int) -> Questionnaire:
    """Draft to published; the kind's published version (if any) is retired. Its scorecards keep it."""
    _require_admin(user)
    questionnaire = _questionnaire(questionnaire_id)
    list(Questionnaire.objects.select_for_update().filter(kind=questionnaire.kind))
    questionnaire.refresh_from_db()
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise ValidationError(
            f"Only a draft can be published; {questionnaire.get_kind_display()} v{questionnaire.version} "
            f"is {questionnaire.get_status_display().lower()}."
        )
    problems = _publish_problems(questionnaire)
    if problems:
        raise ValidationError(problems)
    Questionnaire.objects.filter(kind=questionnaire.kind, status=QuestionnaireStatus.PUBLISHED).update(
        status=QuestionnaireStatus.RETIRED
    )
    questionnaire.status = QuestionnaireStatus.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
    return questionnaire


@transaction.atomic
def questionnaire_retire(*, user, questionnaire_id: int) -> Questionnaire:
    """A draft or published questionnaire to retired: no new scorecards start on it; old ones keep it."""
    _require_admin(user)
    questionnaire = _questionnaire(questionnaire_id, lock=True)
    if questionnaire.status == QuestionnaireStatus.RETIRED:
        raise ValidationError(f"{questionnaire.get_kind_display()} v{questionnaire.version} is already retired.")
    questionnaire.status = QuestionnaireStatus.RETIRED
    questionnaire.save(update_fields=["status"])
    return questionnaire


_INSTALLED_FIELDS = ("text", "help_text", "kind", "evidence_expected", "reverse", "low", "high", "direction", "unit")


@transaction.atomic
def questionnaire_install(*, kind: str, now: datetime | None = None) -> Questionnaire:
    """The published questionnaire of `kind`: version 1, created from its content file or brought in
    line with it (texts, kinds, bounds, options); an admin's later published version is left alone.

    Weights are set on creation only: once published they belong to the admin. Nothing is written
    when nothing differs. Raises ContentError, naming the file and key, when the file is broken.
    """
    content = questionnaire_content(kind)
    published = Questionnaire.objects.published(kind).first()
    if published is not None and published.version != 1:
        return published
    questionnaire, _ = upsert(
        Questionnaire,
        {"kind": kind, "version": 1},
        {"title": content.title, "description": content.description, "status": QuestionnaireStatus.PUBLISHED},
        create_only={"published_at": now or timezone.now()},
    )
    if questionnaire.published_at is None:
        sync(questionnaire, published_at=now or timezone.now())
    for area_order, area_content in enumerate(content.areas):
        area, _ = upsert(
            Area,
            {"questionnaire": questionnaire, "key": area_content.key},
            {"title": area_content.title, "description": area_content.description, "order": area_order},
            create_only={"weight": area_content.weight},
        )
        for order, question_content in enumerate(area_content.questions):
            question, _ = upsert(
                Question,
                {"area": area, "order": order},
                {name: getattr(question_content, name) for name in _INSTALLED_FIELDS},
                create_only={"weight": question_content.weight},
            )
            for option_order, option in enumerate(question_content.options):
                upsert(
                    QuestionOption,
                    {"question": question, "key": option.key},
                    {"label": option.label, "points": option.points, "order": option_order},
                )
    return questionnaire


# --- Standings and portal settings ---------------------------------------------------------


def _band_bound(raw: object, what: str, errors: dict, key: str) -> Decimal:
    value = _decimal(raw)
    if value is None or abs(value) >= 10_000:
        errors[key] = [f"Enter a number from 0 to 100 for {what}."]
    elif value != value.quantize(Decimal("0.01")):
        errors[key] = [f"Use at most 2 decimal places for {what}."]
    else:
        return value + 0
    return Decimal(0)


@transaction.atomic
def standings_set(*, user, bands: Sequence[Mapping]) -> list[Standing]:
    """Replace every standing with `bands` (dicts of name, lower, upper, colour), or change nothing.

    ValidationError keys: `band-<n>-<field>` for a value that is not a number, `bands` for
    the set's problems as the scoring engine words them (gaps, overlaps, 0 to 100, colours).
    """
    _require_admin(user)
    errors: dict[str, list[str]] = {}
    parsed = []
    for n, raw in enumerate(bands, start=1):
        name = str(raw.get("name") or "").strip()
        problem = text_problem(name, label=f"band {n}'s name")
        if problem is not None:
            errors[f"band-{n}-name"] = [problem]
            name = ""  # nor is it repeated in the other messages
        label = f"“{name}”" if name else f"band {n}"
        if len(name) > 40:
            errors[f"band-{n}-name"] = [f"Band {n}'s name can be at most 40 characters long."]
        lower = _band_bound(raw.get("lower"), f"where {label} starts", errors, f"band-{n}-lower")
        upper = _band_bound(raw.get("upper"), f"where {label} ends", errors, f"band-{n}-upper")
        colour = str(raw.get("colour") or "").strip().lower()
        parsed.append(Band(name=name, lower=lower, upper=upper, colour=colour))
    if not errors:
        problems = validate_bands(parsed)
        if problems:
            errors["bands"] = problems
    if errors:
        raise ValidationError(errors)
    for old in Standing.objects.all():
        old._history_user = user
        old.delete()
    created = []
    for band in sorted(parsed, key=lambda b: b.lower):
        row = Standing(name=band.name, lower=band.lower, upper=band.upper, colour=band.colour)
        row._history_user = user
        row.save()
        created.append(row)
    return created


@transaction.atomic
def portal_settings_set(*, user, partnership_provider_share) -> int:
    """Set the provider side's share of the partnership score (0 to 1); the number of pairs marked."""
    _require_admin(user)
    share = _decimal(partnership_provider_share)
    if share is None or not 0 <= share <= 1 or share != share.quantize(Decimal("0.001")):
        raise ValidationError(
            {"partnership_provider_share": ["Enter a share from 0 to 1 with at most 3 decimal places (0.5 is 50/50)."]}
        )
    row, _ = PortalSettings.objects.select_for_update().get_or_create(pk=1)
    if row.partnership_provider_share == share:
        return 0
    row.partnership_provider_share = share + 0
    row._history_user = user
    row.save(update_fields=["partnership_provider_share"])
    return partnerships_mark_all()
