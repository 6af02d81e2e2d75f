"""The domain's own errors, known to services and raised without any HTTP: each interface maps
them once (the API's exception handler: `cspeval.api_errors`; the pages: their views)."""


class Conflict(Exception):
    """A write that lost a race or came too late (a stale version, a scorecard already submitted,
    a commitment already decided): HTTP 409 in the API, the message beside the form on a page."""
