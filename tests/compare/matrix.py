"""Permission-matrix rows for these pages (merged into tests/test_permission_matrix.py MATRIX).

Each row: URL name -> [Case(url=lambda world: ..., expect={role: status}, method=..., data=...)],
with the helpers of tests/matrix_support.py.

The comparison is a reseller tool: reseller members and viewers use it (reseller2 is a member of
another reseller, so it compares with its own weights); provider staff and portal admins get 403.
Saving weights is for reseller members only: viewers, providers and admins get 403.
"""

from django.urls import reverse

from tests.matrix_support import Case, everyone

RESELLERS_ONLY = {"anonymous": 302, "reseller": 200, "viewer": 200, "reseller2": 200, "provider": 403, "admin": 403}
MEMBERS_SAVE = {"anonymous": 302, "reseller": 302, "viewer": 403, "reseller2": 302, "provider": 403, "admin": 403}
BACK_TO_PAGE = {"reseller": 302, "viewer": 302, "reseller2": 302}
WEIGHTS = {"weight_relationships": "40", "weight_community": "10", "weight_realism": "30", "weight_mindset": "20"}


def _compare(w, name="compare"):
    return reverse(name) + f"?providers={w.northwind.slug},{w.fabrikam.slug}"


ROWS: dict = {
    "compare": [
        Case(lambda w: reverse("compare"), RESELLERS_ONLY),  # the provider picker
        Case(_compare, RESELLERS_ONLY),
        Case(lambda w: reverse("compare") + "?providers=northwind,no-such-provider", RESELLERS_ONLY),
        Case(_compare, everyone(405, anonymous=302), method="post"),  # a GET form: nothing to post
    ],
    "compare_csv": [
        Case(lambda w: _compare(w, "compare_csv"), RESELLERS_ONLY),
        # a query that can't be compared goes back to the page, which says why
        Case(lambda w: reverse("compare_csv") + "?providers=northwind", RESELLERS_ONLY | BACK_TO_PAGE),
    ],
    "compare_weights": [
        Case(lambda w: reverse("compare_weights"), everyone(405, anonymous=302)),
        Case(
            lambda w: reverse("compare_weights"),
            MEMBERS_SAVE,
            method="post",
            data=WEIGHTS | {"providers": "northwind,fabrikam"},
        ),
    ],
}
