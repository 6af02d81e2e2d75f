"""`organisations.toml` (the directory's tags, the providers, the resellers) and `people.toml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from cspeval.contentfiles import Node
from demo.content.checks import max_length, names, qualities, unique
from demo.content.checks import slug as slug_of
from providers.models import MembershipRole, Organisation, ProviderProfile, Tag

AT_LEAST = 6  # providers, and resellers (PRODUCT.md, "Demo data")
MARGIN_POINTS = (5, 12)  # what a Microsoft 365 margin believably is, in points
BIAS = Decimal("0.25")  # a reseller's generosity shifts its answers a little, either way
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    headline: str
    description: str
    headquarters: str
    regions: tuple[str, ...]
    products: tuple[str, ...]
    programmes: tuple[str, ...]
    margin_points: Decimal
    enablement_days: int
    support_hours: int
    quality: dict[str, float]  # each area's "true" quality, 0 to 1, that answers scatter around


@dataclass(frozen=True)
class Reseller:
    slug: str
    name: str
    description: str
    regions: tuple[str, ...]
    monthly_spend: Decimal
    seat_count: int
    bias: float  # how generous (+) or harsh (-) it is when scoring providers
    readiness: dict[str, float]  # the true quality of its own readiness, per area


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    organisation: str | None  # None for the portal's staff
    role: str | None
    sign_in: bool  # one of the demo sign-ins that seed_demo prints


def read_organisations(root: Node) -> tuple[dict[str, tuple[str, ...]], tuple[Provider, ...], tuple[Reseller, ...]]:
    """The tags by kind, the providers and the resellers; no slug or name used twice."""
    fields = root.table(required=("tags", "providers", "resellers"))
    tags = _tags(fields["tags"])
    providers = tuple(_provider(node, tags) for node in fields["providers"].array(at_least=AT_LEAST))
    resellers = tuple(_reseller(node, tags) for node in fields["resellers"].array(at_least=AT_LEAST))
    items = [*fields["providers"].array(), *fields["resellers"].array()]
    for key in ("slug", "name"):
        seen: set[str] = set()
        for node, org in zip(items, (*providers, *resellers), strict=True):
            value = getattr(org, key)
            if value in seen:
                node.at(key).fail(f"{value!r} is already used by another organisation")
            seen.add(value)
    return tags, providers, resellers


def read_people(root: Node, organisations: set[str]) -> tuple[Person, ...]:
    users = root.table(required=("users",))["users"]
    people = tuple(_person(node, organisations) for node in users.array(at_least=1))
    unique(users, [person.username for person in people], "username")
    return people


def _tags(node: Node) -> dict[str, tuple[str, ...]]:
    fields = node.table(required=Tag.Kind.values)
    tags = {}
    for kind in Tag.Kind.values:
        found = tuple(item.text(max_length=max_length(Tag, "name")) for item in fields[kind].array(at_least=1))
        unique(fields[kind], [slugify(name) for name in found])
        tags[kind] = found
    return tags


def _slug_and_name(fields: dict[str, Node]) -> tuple[str, str]:
    slug = fields["slug"].text(max_length=max_length(Organisation, "slug"))
    if not _SLUG.fullmatch(slug):
        fields["slug"].fail(f"must be lower-case letters and digits joined by hyphens, not {slug!r}")
    return slug, fields["name"].text(max_length=max_length(Organisation, "name"))


def _provider(node: Node, tags: dict[str, tuple[str, ...]]) -> Provider:
    fields = node.table(
        required=(
            "slug", "name", "headline", "description", "headquarters", "regions", "products", "programmes",
            "margin_points", "enablement_days", "support_hours", "quality",
        )
    )  # fmt: skip
    slug, name = _slug_and_name(fields)
    low, high = MARGIN_POINTS
    return Provider(
        slug=slug,
        name=name,
        headline=fields["headline"].text(max_length=max_length(ProviderProfile, "headline")),
        description=fields["description"].text(multiline=True),
        headquarters=fields["headquarters"].text(max_length=max_length(ProviderProfile, "headquarters")),
        regions=names(fields["regions"], tags[Tag.Kind.REGION], "regions in [tags]"),
        products=names(fields["products"], tags[Tag.Kind.PRODUCT], "products in [tags]"),
        programmes=names(fields["programmes"], tags[Tag.Kind.PROGRAMME], "programmes in [tags]"),
        margin_points=fields["margin_points"].number(low=low, high=high),
        enablement_days=fields["enablement_days"].whole(low=0, high=365),
        support_hours=fields["support_hours"].whole(low=1, high=24 * 7),
        quality=qualities(fields["quality"]),
    )


def _reseller(node: Node, tags: dict[str, tuple[str, ...]]) -> Reseller:
    fields = node.table(
        required=("slug", "name", "description", "regions", "monthly_spend", "seat_count", "bias", "readiness")
    )
    slug, name = _slug_and_name(fields)
    return Reseller(
        slug=slug,
        name=name,
        description=fields["description"].text(multiline=True),
        regions=names(fields["regions"], tags[Tag.Kind.REGION], "regions in [tags]"),
        monthly_spend=fields["monthly_spend"].number(low=1, high=10**9),
        seat_count=fields["seat_count"].whole(low=1, high=10**7),
        bias=float(fields["bias"].number(low=-BIAS, high=BIAS)),
        readiness=qualities(fields["readiness"]),
    )


def _person(node: Node, organisations: set[str]) -> Person:
    fields = node.table(
        required=("username", "first_name", "last_name"), optional=("organisation", "role", "staff", "sign_in")
    )
    user_model = get_user_model()
    username = fields["username"].text(max_length=max_length(user_model, "username"))
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        fields["username"].fail(exc.messages[0])
    if fields["staff"].boolean() if "staff" in fields else False:
        for key in ("organisation", "role"):
            if key in fields:
                fields[key].fail("is not for the portal's staff, who belong to no organisation")
        organisation = role = None
    else:
        for key in ("organisation", "role"):
            if key not in fields:
                node.at(key).fail("is missing (only the portal's staff, `staff = true`, go without one)")
        organisation = slug_of(fields["organisation"], organisations, "organisation")
        role = fields["role"].one_of(MembershipRole.values)
    return Person(
        username=username,
        first_name=fields["first_name"].text(max_length=max_length(user_model, "first_name")),
        last_name=fields["last_name"].text(max_length=max_length(user_model, "last_name")),
        organisation=organisation,
        role=role,
        sign_in=fields["sign_in"].boolean() if "sign_in" in fields else False,
    )
