"""Permission-matrix rows for the scorecard and readiness pages (merged into MATRIX).

Pages redirect anonymous users to sign-in (302); a successful POST redirects (302) too.
"""

from django.urls import reverse

from tests.matrix_support import SIGNED_IN_PAGE, Case, everyone, shared_review

# Contoso's submitted review of Northwind, shared with Northwind (`shared_review`).
READ = {"anonymous": 302, "reseller": 200, "viewer": 200, "reseller2": 404, "provider": 200, "admin": 404}
WRITE = {"anonymous": 302, "reseller": 302, "viewer": 403, "reseller2": 404, "provider": 403, "admin": 404}
# Contoso's draft of Northwind, flagged shared: a provider never sees a draft.
READ_DRAFT = READ | {"provider": 404}
WRITE_DRAFT = WRITE | {"provider": 404}
# Contoso's scorecard of Fabrikam, not shared: Northwind's staff can't see it either.
READ_UNSHARED = READ | {"provider": 404}
RESELLER_MEMBERS = {"anonymous": 302, "reseller": 302, "viewer": 403, "reseller2": 302, "provider": 403, "admin": 403}


def _url(name, scorecard_attr="contoso_on_northwind"):
    return lambda w: reverse(name, args=[getattr(w, scorecard_attr).pk])


def _review_url(name):
    return lambda w: reverse(name, args=[shared_review(w).pk])


def _answer(w):
    question = w.questionnaire.areas.get(key="relationships").questions.get(kind="scale")
    return reverse("scorecard_answer", args=[w.contoso_on_northwind.pk, question.pk])


ROWS = {
    "scorecard_list": [Case(lambda w: reverse("scorecard_list"), SIGNED_IN_PAGE)],
    "scorecard_start": [
        Case(lambda w: reverse("scorecard_start", args=["northwind"]), everyone(405, anonymous=302)),
        Case(lambda w: reverse("scorecard_start", args=["northwind"]), RESELLER_MEMBERS, method="post"),
    ],
    "scorecard_detail": [
        Case(_url("scorecard_detail"), READ_DRAFT),
        Case(_review_url("scorecard_detail"), READ),
        Case(_url("scorecard_detail", "contoso_on_fabrikam"), READ_UNSHARED),
    ],
    "scorecard_answer": [
        Case(_answer, everyone(405, anonymous=302)),  # no writes through GET
        Case(_answer, WRITE_DRAFT, method="post", data={"value": "4"}),
    ],
    "scorecard_score_panel": [
        Case(_url("scorecard_score_panel"), READ_DRAFT),
        Case(_review_url("scorecard_score_panel"), READ),
        Case(_url("scorecard_score_panel", "contoso_on_fabrikam"), READ_UNSHARED),
    ],
    "scorecard_explain": [
        Case(_url("scorecard_explain"), READ_DRAFT),
        Case(_review_url("scorecard_explain"), READ),
        Case(_url("scorecard_explain", "contoso_on_fabrikam"), READ_UNSHARED),
    ],
    "scorecard_share": [
        Case(_url("scorecard_share"), WRITE_DRAFT, method="post", data={"shared": "on"}),
        Case(_review_url("scorecard_share"), WRITE, method="post", data={"shared": ""}),
    ],
    "scorecard_new_review": [
        Case(_url("scorecard_new_review"), WRITE_DRAFT, method="post"),
        Case(_review_url("scorecard_new_review"), WRITE, method="post"),
    ],
    "scorecard_submit": [
        Case(_url("scorecard_submit"), WRITE_DRAFT | {"reseller": 200}),
        Case(_url("scorecard_submit"), WRITE_DRAFT, method="post"),
    ],
    "readiness": [
        Case(lambda w: reverse("readiness"), SIGNED_IN_PAGE | {"provider": 403, "admin": 403}),
        Case(lambda w: reverse("readiness"), RESELLER_MEMBERS, method="post"),
    ],
    # nobody has a self-assessment in this world yet (each case is rolled back): members get 404;
    # the viewer may not share at all
    "readiness_share": [
        Case(
            lambda w: reverse("readiness_share"),
            everyone(404, anonymous=302) | {"viewer": 403},
            method="post",
            data={"providers": []},
        )
    ],
    "standings_css": [Case(lambda w: reverse("standings_css"), everyone(200))],
}
