"""Checks the demo world's readers share: references to what another file names, lengths, figures."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Model

from assessments.models import AreaKey
from commitments.services import parse_figure
from cspeval.contentfiles import Node


def max_length(model: type[Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def optional_text(fields: dict[str, Node], key: str, limit: int, *, multiline: bool = False) -> str:
    """The text under `key`, or "" when there is none."""
    return fields[key].text(max_length=limit, multiline=multiline) if key in fields else ""


def unique(array: Node, values: list[str], key: str | None = None) -> None:
    """No value twice among the array's items (or under `key` of its tables)."""
    for position, value in enumerate(values):
        if value in values[:position]:
            item = array.array()[position]
            (item.at(key) if key else item).fail(f"{value!r} is already used above")


def names(node: Node, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    """At least one name, each one of `allowed` (`what` they are, for the message)."""
    found = []
    for item in node.array(at_least=1):
        name = item.text()
        if name not in allowed:
            item.fail(f"{name!r} is not one of the {what}: {', '.join(allowed)}")
        found.append(name)
    return tuple(found)


def slug(node: Node, slugs: set[str], what: str) -> str:
    """The slug of a demo organisation of this kind (`what`), named in another file."""
    value = node.text()
    if value not in slugs:
        node.fail(f"{value!r} is not a demo {what}")
    return value


def qualities(node: Node) -> dict[str, float]:
    """A figure from 0 to 1 for each area, by area key."""
    fields = node.table(required=AreaKey.values)
    return {key: float(fields[key].number(low=0, high=1)) for key in AreaKey.values}


def figure(node: Node, *, allow_zero: bool = False) -> Decimal:
    """A figure as the ledger takes it (positive, or not negative, below a billion, to the cent)."""
    value = node.number()
    try:
        taken = parse_figure(value, field="figure", allow_zero=allow_zero)
    except ValidationError as exc:
        node.fail(exc.messages[0])
    if taken != value:
        node.fail("must have at most 2 decimal places")
    return value
