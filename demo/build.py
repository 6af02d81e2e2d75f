"""Build the demo world from its content (`demo.content`): tags, organisations and profiles,
people, both questionnaires (installed from `assessments/content/` by their service), the
default standings and the settings; then the activity (`activity.py`).

Idempotent: reference rows are keyed on natural keys and saved only when something
differs (so a second run writes nothing, not even history rows); a reseller's
scorecards and commitments are built only while it has none.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from assessments.models import PortalSettings, QuestionnaireKind, Scorecard, Standing
from assessments.pipeline.marking import mark
from assessments.scoring import DEFAULT_BANDS
from assessments.services.questionnaires import questionnaire_install
from cspeval.rows import sync, upsert
from demo import activity
from demo.content import World, world
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


def website(slug: str) -> str:
    return f"https://{slug}.example"


# --- Reference data --------------------------------------------------------------------------


def ensure_tags(world: World) -> dict[tuple[str, str], Tag]:
    tags = {}
    for kind, names in world.tags.items():
        for name in names:
            tag, _ = upsert(Tag, {"kind": kind, "slug": slugify(name)}, {"name": name})
            tags[(kind, name)] = tag
    return tags


def ensure_organisations(world: World, tags) -> dict[str, Organisation]:
    orgs = {}
    for p in world.providers:
        org, _ = upsert(Organisation, {"slug": p.slug}, {"name": p.name, "kind": OrganisationKind.PROVIDER})
        profile, _ = upsert(
            ProviderProfile,
            {"organisation": org},
            {
                "headline": p.headline,
                "description": p.description,
                "website": website(p.slug),
                "headquarters": p.headquarters,
                "typical_margin_points": p.margin_points,
                "enablement_days_per_year": p.enablement_days,
                "support_response_hours": p.support_hours,
            },
        )
        wanted = [tags[(Tag.Kind.REGION, n)] for n in p.regions]
        wanted += [tags[(Tag.Kind.PRODUCT, n)] for n in p.products]
        wanted += [tags[(Tag.Kind.PROGRAMME, n)] for n in p.programmes]
        _add_tags(profile, wanted)
        orgs[p.slug] = org
    for r in world.resellers:
        org, _ = upsert(Organisation, {"slug": r.slug}, {"name": r.name, "kind": OrganisationKind.RESELLER})
        profile, _ = upsert(
            ResellerProfile,
            {"organisation": org},
            {
                "description": r.description,
                "website": website(r.slug),
                "monthly_spend": r.monthly_spend,
                "seat_count": r.seat_count,
            },
        )
        _add_tags(profile, [tags[(Tag.Kind.REGION, n)] for n in r.regions])
        orgs[r.slug] = org
    return orgs


def _add_tags(profile, wanted: list[Tag]) -> None:
    have = set(profile.tags.values_list("pk", flat=True))
    missing = [t for t in wanted if t.pk not in have]
    if missing:
        profile.tags.add(*missing)


def ensure_users(
    world: World, orgs: dict[str, Organisation], password: str | None, result: SeedResult
) -> dict[str, list]:
    """Create the demo people and their memberships; returns each organisation's members, first first.

    The password is set on new users, and on every demo user when one is given; without one,
    new users get a generated password and existing users keep theirs.
    """
    user_model = get_user_model()
    usernames = [person.username for person in world.people]
    existing = {u.username: u for u in user_model.objects.filter(username__in=usernames)}
    given = password is not None
    if not given and len(existing) < len(usernames):
        password = secrets.token_urlsafe(12)
        result.generated = True
    result.password = password
    # One hash for all: the demo users share a password, and 21 PBKDF2 rounds would take seconds.
    hashed = make_password(password) if password is not None else None
    members: dict[str, list] = {}
    for person in world.people:
        user = existing.get(person.username)
        staff = person.organisation is None
        if user is None:
            user = user_model(
                username=person.username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{person.username}@example.com",
            )
            result.new_usernames.append(person.username)
        else:
            result.kept_usernames.append(person.username)
        if user.pk is None or given:
            user.is_staff = user.is_staff or staff
            user.is_superuser = user.is_superuser or staff
            user.password = hashed
            user.save()
        elif staff:
            sync(user, is_staff=True, is_superuser=True)
        if person.organisation is not None:
            upsert(Membership, {"user": user, "organisation": orgs[person.organisation]}, {"role": person.role})
            if person.role == "member":
                members.setdefault(person.organisation, []).append(user)
    return members


def ensure_standings() -> None:
    """The default bands, unless an admin has defined bands of their own."""
    if Standing.objects.exists():
        return
    for band in DEFAULT_BANDS:
        Standing.objects.create(name=band.name, lower=band.lower, upper=band.upper, colour=band.colour)


def ensure_settings() -> None:
    PortalSettings.objects.get_or_create(pk=1)


# --- The whole world --------------------------------------------------------------------------


def seed_world(*, password: str | None, now: datetime) -> SeedResult:
    """Everything but the scale data set; call inside a transaction."""
    result = SeedResult(password_given=password is not None)
    content = world()
    tags = ensure_tags(content)
    orgs = ensure_organisations(content, tags)
    members = ensure_users(content, orgs, password, result)
    questionnaires = {kind: questionnaire_install(kind=kind, now=now) for kind in QuestionnaireKind.values}
    ensure_standings()
    ensure_settings()
    created = activity.seed_scorecards(
        world=content, orgs=orgs, members=members, questionnaires=questionnaires, now=now
    )
    result.scorecards_created = len(created)
    result.answers_created = activity.answers_count(created)
    result.commitments_created = activity.seed_commitments(world=content, orgs=orgs, members=members, now=now)
    if created:
        # Writers mark, workers compute: every new scorecard waits for a recompute.
        mark(Scorecard.objects.filter(pk__in=created), at=now)
    return result
