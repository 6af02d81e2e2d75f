"""The product's URLs plus the floor of bench/load.py: a bare PUT of an answer row through Django.

Mounted only by `bench/load_settings.py`, which only bench/load.py's gunicorn uses; the product's
own URLconf never has it. The view goes through the same middleware as the API but skips what
the save adds on top (authentication, the access check, validation, the transaction with its
row lock and dirty mark, the enqueue after commit, the JSON payload): it parses the body and does
one UPDATE of the answer's row, and nothing else.
"""

import json

from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from assessments.models import Answer
from cspeval.urls import handler404, handler500  # noqa: F401
from cspeval.urls import urlpatterns as product_urlpatterns


@csrf_exempt
def floor_answer_put(request, pk: int, question_id: int):
    if request.method != "PUT":
        return HttpResponseNotAllowed(["PUT"])
    value = json.loads(request.body or b"{}").get("value")
    if isinstance(value, bool):
        column = "value_bool"
    elif isinstance(value, str):
        column = "value_choice"
    else:
        column = "value_number"
    updated = Answer.objects.filter(scorecard_id=pk, question_id=question_id).update(
        **{column: value, "updated_at": timezone.now()}
    )
    return JsonResponse({"updated": updated}, status=200 if updated else 404)


urlpatterns = [
    path("bench/floor/scorecards/<int:pk>/answers/<int:question_id>/", floor_answer_put),
    *product_urlpatterns,
]
