"""Showing scores: standing badges (name and colour), freshness, percentages."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.timesince import timesince

from assessments.disclosure import NOT_SHARED
from assessments.scoring import quantize, standing_for

register = template.Library()


@register.filter
def pct(value, places: int = 0):
    """0..1 as a percentage for people, rounded by the engine's rule: 0.756 -> '76%', 0.125 -> '13%'."""
    if value is None or value == "":
        return "–"
    return f"{quantize(Decimal(str(value)) * 100, int(places)):f}%"


@register.filter
def score(value, places: int = 1):
    """A score as pages show it, rounded by the engine's rule (halves away from zero): 62.25 -> '62.3'."""
    if value is None or value == "":
        return "–"
    if value == NOT_SHARED:
        return "Not shared"
    return f"{quantize(Decimal(str(value)), int(places)):f}"


@register.simple_tag
def standing_badge(value, bands):
    """The band's name with a colour swatch: colour is never the only signal."""
    band = standing_for(None if value in (None, "") else Decimal(str(value)), bands)
    if band is None:
        return format_html('<span class="text-muted">{}</span>', "No score yet")
    return format_html(
        '<span class="standing"><span class="standing-swatch standing-{}" aria-hidden="true"></span> {}</span>',
        slugify(band.name),
        band.name,
    )


@register.inclusion_tag("assessments/_freshness.html")
def freshness(computed_at, stale: bool):
    return {"computed_at": computed_at, "stale": stale, "ago": timesince(computed_at) if computed_at else None}


@register.filter
def subtract(value, other):
    if value in (None, "") or other in (None, ""):
        return None
    return Decimal(str(value)) - Decimal(str(other))
