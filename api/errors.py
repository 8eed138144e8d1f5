"""The API's errors: a refused change as the forms say it, field by field, in JSON."""

from django.core.exceptions import NON_FIELD_ERRORS
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
    return drf_exception_handler(exc, context)
