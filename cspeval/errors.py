"""The domain's own errors, known to services and raised without any HTTP: each interface maps
them once (the API's exception handler: `cspeval.api_errors`; the pages: their views)."""

from django.http import Http404


class Conflict(Exception):
    """A write that lost a race or came too late (a stale version, a scorecard already submitted,
    a commitment already decided): HTTP 409 in the API, the message beside the form on a page."""


class NotFound(Http404):
    """Nothing the caller may see has this id: the same answer for a row that does not exist and
    one the caller may not see, so that ids can't be probed. A 404 on a page and in the API (both
    already answer Django's Http404 so); services and selectors raise it without knowing that."""
