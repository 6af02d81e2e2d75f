"""API errors in the contract's shape: 400 `{"field": ["message"]}`, 401, 403, 404, 409 (the
domain's `Conflict`, from any service), and 503
with Retry-After when the database cannot be reached or gave up waiting (a lock, a statement limit)."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from cspeval.errors import Conflict

logger = logging.getLogger(__name__)

# Errors that say "not now" rather than "never": the database is down, refusing, unreachable, or
# ended a wait (lock_timeout, statement_timeout, a connection closed under us). Not IntegrityError,
# ProgrammingError or DataError: those are defects, and stay a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
UNAVAILABLE_DETAIL = "The service is briefly unavailable; please try again shortly."


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
        else:
            detail = {"non_field_errors": list(exc.messages)}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Conflict):  # the domain's one conflict, raised by any service
        set_rollback()
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DATABASE_UNAVAILABLE):
        logger.error("API: database unavailable: %s", exc, exc_info=exc)
        set_rollback()
        return Response(
            {"detail": UNAVAILABLE_DETAIL},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.status_code = status.HTTP_401_UNAUTHORIZED
    return response
