"""Permission-matrix rows for the accounts pages and API (merged into tests/test_permission_matrix.py MATRIX).

Every signed-in user has a tokens page of their own; a token id that is not theirs is 404.
"""

from django.urls import reverse

from tests.matrix_support import SIGNED_IN_API, SIGNED_IN_PAGE, Case, everyone


def _reseller2_token(w):
    from accounts.services import api_token_issue

    return api_token_issue(user=w.reseller2).token.pk


ROWS: dict = {
    "account_tokens": [
        Case(lambda w: reverse("account_tokens"), SIGNED_IN_PAGE),
        Case(lambda w: reverse("account_tokens"), everyone(405, anonymous=302), method="post"),
    ],
    "account_token_revoke": [
        # reseller2's own token: revoked (and sent back to the list); anyone else's: 404
        Case(
            lambda w: reverse("account_token_revoke", args=[_reseller2_token(w)]),
            everyone(404, anonymous=302) | {"reseller2": 302},
            method="post",
        ),
        Case(lambda w: reverse("account_token_revoke", args=[999999]), everyone(404, anonymous=302), method="post"),
        Case(lambda w: reverse("account_token_revoke", args=[999999]), everyone(405, anonymous=302)),
    ],
    "api_token_list": [
        Case(lambda w: reverse("api_token_list"), SIGNED_IN_API),
        Case(lambda w: reverse("api_token_list"), everyone(405, anonymous=401), method="post"),
    ],
    "api_token_detail": [
        Case(
            lambda w: reverse("api_token_detail", args=[_reseller2_token(w)]),
            everyone(404, anonymous=401) | {"reseller2": 204},
            method="delete",
        ),
        Case(lambda w: reverse("api_token_detail", args=[999999]), everyone(404, anonymous=401), method="delete"),
        Case(lambda w: reverse("api_token_detail", args=[999999]), everyone(405, anonymous=401)),
    ],
}
