"""Permission-matrix rows for the provider's home and its right of reply."""

from django.urls import reverse

from tests.matrix_support import Case, everyone, shared_review

REPLY = {"anonymous": 302, "reseller": 403, "viewer": 403, "reseller2": 404, "provider": 302, "admin": 404}

ROWS = {
    "realism": [
        Case(lambda w: reverse("realism") + "?providers=northwind&monthly_spend=40000", everyone(200, anonymous=302))
    ],
    "notification_list": [
        Case(lambda w: reverse("notification_list"), everyone(200, anonymous=302)),
        Case(lambda w: reverse("notification_list"), everyone(302), method="post"),
    ],
    "provider_home": [Case(lambda w: reverse("provider_home"), everyone(403, anonymous=302) | {"provider": 200})],
    "scorecard_reply": [
        Case(
            lambda w: reverse("scorecard_reply", args=[shared_review(w).pk]),
            REPLY,
            method="post",
            data={"body": "Thank you; we have a plan for enablement."},
        ),
        # a draft, even flagged shared, does not exist for the provider
        Case(
            lambda w: reverse("scorecard_reply", args=[w.contoso_on_northwind.pk]),
            REPLY | {"provider": 404},
            method="post",
            data={"body": "Hello"},
        ),
        # not shared with Northwind: its staff can't even see it
        Case(
            lambda w: reverse("scorecard_reply", args=[w.contoso_on_fabrikam.pk]),
            REPLY | {"provider": 404},
            method="post",
            data={"body": "Hello"},
        ),
    ],
}
