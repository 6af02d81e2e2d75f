"""The standings' colours as a stylesheet (the CSP allows no inline styles)."""

import re

from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from assessments.selectors import current_bands

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@require_GET
def standings_css(request):
    rules = [
        f".standing-{slugify(band.name)} {{ background-color: {band.colour}; }}"
        for band in current_bands()
        if _COLOUR.match(band.colour)
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response
