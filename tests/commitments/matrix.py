"""Permission-matrix rows for the commitment ledger's pages and API (merged into MATRIX).

Each URL lambda makes the line its case needs (Contoso's commitment to Northwind, proposed or
accepted); the request itself runs in a savepoint that is rolled back. Contoso's member and
Northwind's member act on their own sides; Contoso's viewer reads only (403 on writes);
Tailspin and portal staff are outsiders (404). A member acting out of turn gets 403.
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests.factories import CommitmentFactory
from tests.matrix_support import SIGNED_IN_API, SIGNED_IN_PAGE, Case, everyone

# pages: anonymous users are sent to sign in (302); a successful POST redirects (302)
READ = {"anonymous": 302, "reseller": 200, "viewer": 200, "reseller2": 404, "provider": 200, "admin": 404}
WRITE_NOBODY = {"anonymous": 302, "reseller": 403, "viewer": 403, "reseller2": 404, "provider": 403, "admin": 404}
PROVIDER_DECIDES = WRITE_NOBODY | {"provider": 302}
RESELLER_WITHDRAWS = WRITE_NOBODY | {"reseller": 302}
BOTH_RECORD = WRITE_NOBODY | {"reseller": 302, "provider": 302}
# the API: 401 signed out, and the new state (200/201) instead of a redirect
API_READ = READ | {"anonymous": 401}
API_NOBODY = WRITE_NOBODY | {"anonymous": 401}


def _line(w, status="proposed", **extra):
    return CommitmentFactory(reseller=w.contoso, provider=w.northwind, status=status, proposed_by=w.reseller, **extra)


def _foreign(w):
    """Tailspin's commitment to Fabrikam: only Tailspin's member may see it."""
    return CommitmentFactory(reseller=w.tailspin, provider=w.fabrikam, proposed_by=w.reseller2)


def _on(name, status="proposed", **extra):
    return lambda w: reverse(name, args=[_line(w, status, **extra).pk])


def _today():
    return timezone.localdate().isoformat()


def _proposal(**extra):
    today = timezone.localdate()
    return {
        "kpi": "seat_adds",
        "target": "100",
        "unit": "seats",
        "period_start": today.isoformat(),
        "period_end": (today + timezone.timedelta(days=90)).isoformat(),
    } | extra


RESELLER_MEMBERS_PAGE = {
    "anonymous": 302,
    "reseller": 302,
    "viewer": 403,
    "reseller2": 302,
    "provider": 400,
    "admin": 403,
}

ROWS = {
    "commitment_list": [Case(lambda w: reverse("commitment_list"), SIGNED_IN_PAGE)],
    "commitment_new": [
        Case(lambda w: reverse("commitment_new"), everyone(200, anonymous=302) | {"viewer": 403, "admin": 403}),
        # Northwind is no reseller, so Northwind's member (offering to a reseller) gets the form back (400)
        Case(
            lambda w: reverse("commitment_new"),
            RESELLER_MEMBERS_PAGE,
            method="post",
            data=lambda: _proposal(counterpart="northwind"),
        ),
    ],
    "commitment_detail": [
        Case(_on("commitment_detail"), READ),
        Case(_on("commitment_detail", "accepted"), READ),
        Case(
            lambda w: reverse("commitment_detail", args=[_foreign(w).pk]),
            everyone(404, anonymous=302) | {"reseller2": 200},
        ),
        Case(lambda w: reverse("commitment_detail", args=[987654]), everyone(404, anonymous=302)),
    ],
    "commitment_review": [
        Case(_on("commitment_review"), everyone(405, anonymous=302)),  # no writes through GET
        Case(_on("commitment_review"), PROVIDER_DECIDES, method="post", data={"decision": "accept"}),
        # a counter goes back to the proposer: now Contoso decides, and Northwind may not
        Case(
            _on("commitment_review", "countered", counter_target=Decimal("80")),
            WRITE_NOBODY | {"reseller": 302},
            method="post",
            data={"decision": "accept"},
        ),
        Case(
            lambda w: reverse("commitment_review", args=[_foreign(w).pk]),
            everyone(404, anonymous=302) | {"reseller2": 403},
            method="post",
            data={"decision": "accept"},
        ),
    ],
    "commitment_withdraw": [
        Case(_on("commitment_withdraw"), everyone(405, anonymous=302)),
        Case(_on("commitment_withdraw"), RESELLER_WITHDRAWS, method="post"),
    ],
    "commitment_progress": [
        Case(_on("commitment_progress", "accepted"), everyone(405, anonymous=302)),
        Case(
            _on("commitment_progress", "accepted"),
            BOTH_RECORD,
            method="post",
            data=lambda: {"progress-date": _today(), "progress-actual": "10"},
        ),
    ],
    "api_commitment_list": [
        Case(lambda w: reverse("api_commitment_list"), SIGNED_IN_API),
        # the caller's own side comes from their membership: Northwind's member offers to a reseller,
        # and this body names none (400)
        Case(
            lambda w: reverse("api_commitment_list"),
            {"anonymous": 401, "reseller": 201, "viewer": 403, "reseller2": 201, "provider": 400, "admin": 403},
            method="post",
            data=lambda: _proposal(provider="northwind"),
        ),
    ],
    "api_commitment_detail": [
        Case(_on("api_commitment_detail"), API_READ),
        Case(
            lambda w: reverse("api_commitment_detail", args=[_foreign(w).pk]),
            everyone(404, anonymous=401) | {"reseller2": 200},
        ),
    ],
    "api_commitment_review": [
        Case(_on("api_commitment_review"), everyone(405, anonymous=401)),
        Case(_on("api_commitment_review"), API_NOBODY | {"provider": 200}, method="post", data={"decision": "accept"}),
        Case(
            _on("api_commitment_review", "accepted"),
            API_NOBODY | {"reseller": 409, "provider": 409},
            method="post",
            data={"decision": "accept"},
        ),
    ],
    "api_commitment_withdraw": [
        Case(_on("api_commitment_withdraw"), API_NOBODY | {"reseller": 200}, method="post"),
    ],
    "api_commitment_progress": [
        Case(
            _on("api_commitment_progress", "accepted"),
            API_NOBODY | {"reseller": 201, "provider": 201},
            method="post",
            data=lambda: {"date": _today(), "actual": "10"},
        ),
        Case(
            _on("api_commitment_progress"),
            API_NOBODY | {"reseller": 409, "provider": 409},
            method="post",
            data=lambda: {"date": _today(), "actual": "10"},
        ),
    ],
}
