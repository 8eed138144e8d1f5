"""Form helpers shared by every app: accessible errors, date inputs, and the one way a
view runs a service from a form (``form_submit``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy

from core.exceptions import ConflictError, RuleError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AccessibleFormMixin:
    """Points each invalid field at its error message for screen readers."""

    def full_clean(self):
        super().full_clean()
        self.describe_errors()

    def describe_errors(self):
        """Also after errors are added from a service's refusal (form_submit)."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = attrs.get("aria-describedby", "")
                error_id = f"{self.prefix + '-' if self.prefix else ''}{name}-error"
                if error_id not in described:
                    ids = [error_id, described]
                    if self.fields[name].help_text and self.auto_id:
                        ids.append(f"{self.auto_id % self.add_prefix(name)}_helptext")
                    attrs["aria-describedby"] = " ".join(i for i in ids if i)


class Form(AccessibleFormMixin, forms.Form):
    pass


class ModelForm(AccessibleFormMixin, forms.ModelForm):
    pass


CONFLICT_MESSAGE = gettext_lazy(
    "Någon annan har ändrat uppgifterna medan du skrev. Dina ändringar är inte sparade "
    "men finns kvar i formuläret. Öppna sidan i en ny flik för att se de nya uppgifterna "
    "och för över dina ändringar."
)


@dataclass
class Submission:
    """What became of a posted form: ``done`` with the service's ``result``, or the form
    with its errors and the status to answer with (409 when someone else saved first)."""

    done: bool = False
    result: Any = None
    status: int = 200


def form_submit(
    request,
    form,
    action: Callable[[dict], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
    formsets=(),
) -> Submission:
    """Run a service from a valid posted form, the one way every view does it.

    ``action`` gets the cleaned data and calls the service. A RuleError's messages go
    next to their fields, a ConflictError becomes CONFLICT_MESSAGE (status 409); on
    success the ``success`` message (or ``success(result)``) is queued and the view
    redirects. ``formsets`` posted beside the form must be valid too.
    """
    if request.method != "POST":
        return Submission()
    valid = [each.is_valid() for each in (form, *formsets)]  # every one shows its errors
    if not all(valid):
        return Submission()
    try:
        result = action(form.cleaned_data)
    except ConflictError:
        # Someone else saved first: said on top of the form, which keeps the user's input.
        form.add_error(None, CONFLICT_MESSAGE)
        return Submission(status=409)
    except RuleError as error:
        for name, texts in error.errors.items():
            form.add_error(name if name in form.fields else None, texts)
        if hasattr(form, "describe_errors"):
            form.describe_errors()
        return Submission()
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return Submission(done=True, result=result)


def action_submit(
    request, action: Callable[[], Any], *, success: str | Callable[[Any], str] | None = None
) -> Submission:
    """Run a service from a button (a POST with nothing to fill in), the way
    ``form_submit`` runs one from a form: a refusal or a conflict becomes an error message
    on the page the view redirects to."""
    try:
        result = action()
    except ConflictError:
        messages.error(request, CONFLICT_MESSAGE)
        return Submission(status=409)
    except RuleError as error:
        messages.error(request, str(error))
        return Submission()
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return Submission(done=True, result=result)
