"""Build the demo world from `content.py`: tags, organisations and profiles, people,
both questionnaires, standings and settings; then the activity (`activity.py`).

Idempotent: reference rows are keyed on natural keys and saved only when something
differs (so a second run writes nothing, not even history rows); a reseller's
scorecards and commitments are built only while it has none.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import F
from django.utils.text import slugify

from assessments.models import (
    Area,
    PortalSettings,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    QuestionOption,
    Scorecard,
    Standing,
)
from demo import activity, content
from providers.models import (
    Membership,
    Organisation,
    OrganisationKind,
    ProviderProfile,
    ResellerProfile,
    Tag,
)


@dataclass
class SeedResult:
    password: str | None = None  # the password given or generated (None: nobody's was set)
    generated: bool = False
    password_given: bool = False
    new_usernames: list[str] = field(default_factory=list)
    kept_usernames: list[str] = field(default_factory=list)
    scorecards_created: int = 0
    answers_created: int = 0
    commitments_created: int = 0


# --- Small upsert helpers --------------------------------------------------------------------


def sync(obj, **values) -> bool:
    """Set the fields that differ and save only those; True if anything changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def upsert(model, lookup: dict, values: dict, create_only: dict | None = None):
    """Get by `lookup` and sync `values`, or create with both (and `create_only`)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values, **(create_only or {})), True
    sync(obj, **values)
    return obj, False


def website(slug: str) -> str:
    return f"https://{slug}.example"


# --- Reference data --------------------------------------------------------------------------


def ensure_tags() -> dict[tuple[str, str], Tag]:
    tags = {}
    for kind, names in content.TAGS.items():
        for name in names:
            tag, _ = upsert(Tag, {"kind": kind, "slug": slugify(name)}, {"name": name})
            tags[(kind, name)] = tag
    return tags


def ensure_organisations(tags) -> dict[str, Organisation]:
    orgs = {}
    for p in content.PROVIDERS:
        org, _ = upsert(Organisation, {"slug": p["slug"]}, {"name": p["name"], "kind": OrganisationKind.PROVIDER})
        profile, _ = upsert(
            ProviderProfile,
            {"organisation": org},
            {
                "headline": p["headline"],
                "description": p["description"],
                "website": website(p["slug"]),
                "headquarters": p["headquarters"],
                "typical_margin_points": Decimal(p["margin_points"]),
                "enablement_days_per_year": p["enablement_days"],
                "support_response_hours": p["support_hours"],
            },
        )
        wanted = [tags[("region", n)] for n in p["regions"]]
        wanted += [tags[("product", n)] for n in p["products"]]
        wanted += [tags[("programme", n)] for n in p["programmes"]]
        _add_tags(profile, wanted)
        orgs[p["slug"]] = org
    for r in content.RESELLERS:
        org, _ = upsert(Organisation, {"slug": r["slug"]}, {"name": r["name"], "kind": OrganisationKind.RESELLER})
        profile, _ = upsert(
            ResellerProfile,
            {"organisation": org},
            {
                "description": r["description"],
                "website": website(r["slug"]),
                "monthly_spend": Decimal(r["monthly_spend"]),
                "seat_count": r["seat_count"],
            },
        )
        _add_tags(profile, [tags[("region", n)] for n in r["regions"]])
        orgs[r["slug"]] = org
    return orgs


def _add_tags(profile, wanted: list[Tag]) -> None:
    have = set(profile.tags.values_list("pk", flat=True))
    missing = [t for t in wanted if t.pk not in have]
    if missing:
        profile.tags.add(*missing)


def ensure_users(orgs: dict[str, Organisation], password: str | None, result: SeedResult) -> dict[str, list]:
    """Create the demo people and their memberships; returns each organisation's members, first first.

    The password is set on new users, and on every demo user when one is given; without one,
    new users get a generated password and existing users keep theirs.
    """
    user_model = get_user_model()
    usernames = [row[0] for row in content.USERS]
    existing = {u.username: u for u in user_model.objects.filter(username__in=usernames)}
    given = password is not None
    if not given and len(existing) < len(usernames):
        password = secrets.token_urlsafe(12)
        result.generated = True
    result.password = password
    # One hash for all: the demo users share a password, and 21 PBKDF2 rounds would take seconds.
    hashed = make_password(password) if password is not None else None
    members: dict[str, list] = {}
    for username, first, last, org_slug, role in content.USERS:
        user = existing.get(username)
        staff = org_slug is None
        if user is None:
            user = user_model(username=username, first_name=first, last_name=last, email=f"{username}@example.com")
            result.new_usernames.append(username)
        else:
            result.kept_usernames.append(username)
        if user.pk is None or given:
            user.is_staff = user.is_staff or staff
            user.is_superuser = user.is_superuser or staff
            user.password = hashed
            user.save()
        elif staff:
            sync(user, is_staff=True, is_superuser=True)
        if org_slug is not None:
            upsert(Membership, {"user": user, "organisation": orgs[org_slug]}, {"role": role})
            if role == "member":
                members.setdefault(org_slug, []).append(user)
    return members


def ensure_questionnaire(kind: str, spec: dict, now: datetime) -> Questionnaire:
    """The published questionnaire of this kind; version 1 is created (or brought in line) from content.

    Weights are set on creation only: once published they belong to the admin.
    """
    published = Questionnaire.objects.published(kind).first()
    if published is not None and published.version != 1:
        return published  # an admin has moved on to a later version: leave it alone
    questionnaire, _ = upsert(
        Questionnaire,
        {"kind": kind, "version": 1},
        {"title": spec["title"], "description": spec["description"], "status": QuestionnaireStatus.PUBLISHED},
        create_only={"published_at": now},
    )
    if questionnaire.published_at is None:
        sync(questionnaire, published_at=now)
    for area_order, area_spec in enumerate(spec["areas"]):
        area, _ = upsert(
            Area,
            {"questionnaire": questionnaire, "key": area_spec["key"]},
            {"title": area_spec["title"], "description": area_spec["description"], "order": area_order},
            create_only={"weight": Decimal(area_spec["weight"])},
        )
        for order, q in enumerate(area_spec["questions"]):
            question, _ = upsert(
                Question,
                {"area": area, "order": order},
                _question_fields(q),
                create_only={"weight": Decimal(q["weight"])},
            )
            for option_order, (key, label, points) in enumerate(_options(q)):
                upsert(
                    QuestionOption,
                    {"question": question, "key": key},
                    {"label": label, "points": Decimal(points), "order": option_order},
                )
    return questionnaire


def _question_fields(q: dict) -> dict:
    number = q["kind"] == "number"
    return {
        "text": q["text"],
        "help_text": q["help_text"],
        "kind": q["kind"],
        "evidence_expected": q["evidence_expected"],
        "reverse": bool(q.get("reverse", False)),
        "low": Decimal(q["low"]) if number else None,
        "high": Decimal(q["high"]) if number else None,
        "direction": q.get("direction", content.HIGHER),
        "unit": q.get("unit", ""),
    }


def _options(q: dict) -> list[tuple[str, str, str]]:
    if q["kind"] == "scale":
        return [(str(i), label, str(i)) for i, label in enumerate(q["labels"], start=1)]
    if q["kind"] == "choice":
        return list(q["options"])
    return []


def ensure_standings() -> None:
    """The default bands, unless an admin has defined bands of their own."""
    if Standing.objects.exists():
        return
    for name, lower, upper, colour in content.STANDINGS:
        Standing.objects.create(name=name, lower=Decimal(lower), upper=Decimal(upper), colour=colour)


def ensure_settings() -> None:
    PortalSettings.objects.get_or_create(pk=1)


# --- The whole world --------------------------------------------------------------------------


def seed_world(*, password: str | None, now: datetime) -> SeedResult:
    """Everything but the scale data set; call inside a transaction."""
    result = SeedResult(password_given=password is not None)
    tags = ensure_tags()
    orgs = ensure_organisations(tags)
    members = ensure_users(orgs, password, result)
    questionnaires = {kind: ensure_questionnaire(kind, spec, now) for kind, spec in content.QUESTIONNAIRES.items()}
    ensure_standings()
    ensure_settings()
    created = activity.seed_scorecards(orgs=orgs, members=members, questionnaires=questionnaires, now=now)
    result.scorecards_created = len(created)
    result.answers_created = activity.answers_count(created)
    result.commitments_created = activity.seed_commitments(orgs=orgs, members=members, now=now)
    if created:
        # Writers mark, workers compute: every new scorecard waits for a recompute.
        Scorecard.objects.filter(pk__in=created).update(data_version=F("computed_version") + 1, dirty_since=now)
    return result
