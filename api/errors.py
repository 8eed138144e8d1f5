"""The API's errors: a refused change as the forms say it, field by field, in JSON."""

import math

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ConflictError, RuleError

CONFLICT_MESSAGE = _(
    "Någon annan har ändrat uppgifterna sedan de lästes. Inget är sparat: läs dem igen "
    "och gör om ändringen."
)


class FormInvalid(Exception):
    """A form (the same one the page uses) refused the input."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("invalid")
        self.errors = errors


def _field(name: str) -> str:
    return "non_field_errors" if name in (NON_FIELD_ERRORS, "__all__") else name


def _swedish(exc):
    """DRF's generic refusals in the product's language (DRF's own catalogue is not
    installed, ADR 0023)."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Ange en API-nyckel: Authorization: Bearer <nyckel>.")
    if isinstance(exc, exceptions.PermissionDenied | DjangoPermissionDenied):
        return _("Nyckelns roll når inte det här.")
    if isinstance(exc, exceptions.NotFound | Http404):
        return _("Hittades inte.")
    if isinstance(exc, exceptions.Throttled):
        return _("För många anrop med nyckeln. Försök igen om %(seconds)s sekunder.") % {
            "seconds": math.ceil(exc.wait) if exc.wait is not None else 60
        }
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Skicka JSON (Content-Type: application/json).")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Metoden är inte tillåten här.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Svaret finns bara som JSON (och siffrorna som CSV).")
    return None


def exception_handler(exc, context):
    if isinstance(exc, FormInvalid):
        errors = {_field(name): [str(m) for m in msgs] for name, msgs in exc.errors.items()}
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RuleError):
        errors = {_field(name): msgs for name, msgs in exc.errors.items()}
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.ParseError):
        # Not JSON: said like any other refused input.
        return Response(
            {"errors": {"non_field_errors": [str(exc.detail)]}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ConflictError):
        return Response({"detail": str(CONFLICT_MESSAGE)}, status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    message = _swedish(exc)
    if response is not None and message is not None:
        response.data = {"detail": str(message)}
    return response
