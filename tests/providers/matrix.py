"""Permission-matrix rows for these pages (merged into tests/test_permission_matrix.py MATRIX).

Each row: URL name -> [Case(url=lambda world: ..., expect={role: status}, method=..., data=...)],
with the helpers of tests/matrix_support.py.
"""

from django.urls import reverse

from tests.matrix_support import SIGNED_IN_PAGE, Case, everyone

ROWS: dict = {
    # the directory: every signed-in user reads it (with filters, a search and a sort, known or not)
    "provider_list": [
        Case(lambda w: reverse("provider_list"), SIGNED_IN_PAGE),
        Case(lambda w: reverse("provider_list") + "?region=nowhere&sort=colour&q=north", SIGNED_IN_PAGE),
    ],
    # a profile: northwind is the provider role's own organisation; an unknown slug is 404 when signed in
    "provider_detail": [
        Case(lambda w: reverse("provider_detail", args=[w.northwind.slug]), SIGNED_IN_PAGE),
        Case(lambda w: reverse("provider_detail", args=[w.fabrikam.slug]), SIGNED_IN_PAGE),
        Case(lambda w: reverse("provider_detail", args=["no-such-provider"]), everyone(404, anonymous=302)),
        # the profile is read-only: a POST is refused
        Case(
            lambda w: reverse("provider_detail", args=[w.northwind.slug]), everyone(405, anonymous=302), method="post"
        ),
    ],
}
