"""Permission-matrix rows for the admin's weights and standings pages and the weight API.

Portal staff only: for every other role these do not exist (404, so nothing can be probed);
anonymous visitors are sent to sign in (pages) or get 401 (API).
"""

from django.urls import reverse

from tests.matrix_support import Case, everyone

STAFF_PAGE = everyone(404, anonymous=302) | {"admin": 200}
STAFF_SAVE = everyone(404, anonymous=302) | {"admin": 302}  # a successful POST redirects back to the page
STAFF_API = everyone(404, anonymous=401) | {"admin": 200}

BANDS = {
    "rows": "4",
    "band-1-name": "At risk", "band-1-lower": "0", "band-1-upper": "40", "band-1-colour": "#dc3545",
    "band-2-name": "Developing", "band-2-lower": "40", "band-2-upper": "60", "band-2-colour": "#fd7e14",
    "band-3-name": "Strong", "band-3-lower": "60", "band-3-upper": "80", "band-3-colour": "#0d6efd",
    "band-4-name": "Strategic", "band-4-lower": "80", "band-4-upper": "100", "band-4-colour": "#198754",
}  # fmt: skip


def _weights_edit(w):
    return reverse("weights_edit", args=[w.questionnaire.pk])


def _question(w):
    question = w.questionnaire.areas.get(key="realism").questions.get(kind="scale")
    return reverse("api_question_detail", args=[question.pk])


def _area(w):
    return reverse("api_area_detail", args=[w.questionnaire.areas.get(key="realism").pk])


ROWS: dict = {
    "weights": [
        Case(lambda w: reverse("weights"), STAFF_PAGE),
        Case(lambda w: reverse("weights"), everyone(404, anonymous=302) | {"admin": 405}, method="post"),
    ],
    "weights_edit": [
        Case(_weights_edit, STAFF_PAGE),
        Case(_weights_edit, STAFF_PAGE, method="post", data={"action": "preview"}),
        Case(_weights_edit, STAFF_SAVE, method="post", data={"action": "save"}),
        Case(lambda w: reverse("weights_edit", args=[999999]), everyone(404, anonymous=302)),
    ],
    "weights_progress": [
        Case(lambda w: reverse("weights_progress", args=[w.questionnaire.pk]), STAFF_PAGE),
        Case(lambda w: reverse("weights_progress", args=[999999]), everyone(404, anonymous=302)),
    ],
    "standings_edit": [
        Case(lambda w: reverse("standings_edit"), STAFF_PAGE),
        Case(lambda w: reverse("standings_edit"), STAFF_SAVE, method="post", data=BANDS),
    ],
    "api_question_detail": [
        Case(_question, STAFF_API),
        Case(_question, STAFF_API, method="patch", data={"weight": 3}),
        Case(_question, everyone(404, anonymous=401) | {"admin": 400}, method="patch", data={"weight": -1}),
        Case(lambda w: reverse("api_question_detail", args=[999999]), everyone(404, anonymous=401)),
    ],
    "api_area_detail": [
        Case(_area, STAFF_API),
        Case(_area, STAFF_API, method="patch", data={"weight": 40}),
        Case(lambda w: reverse("api_area_detail", args=[999999]), everyone(404, anonymous=401)),
    ],
}
