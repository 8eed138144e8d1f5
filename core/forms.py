"""Form helpers shared by every app: accessible errors and date inputs."""

from django import forms
from django.utils.translation import gettext as _

from core.exceptions import RuleError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AccessibleFormMixin:
    """Points each invalid field at its error message for screen readers."""

    def full_clean(self):
        super().full_clean()
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


def add_rule_error(form, error: RuleError) -> None:
    """A broken rule next to its field when the service names one, else in the summary."""
    form.add_error(error.field if error.field in form.fields else None, str(error))


def add_conflict_error(form) -> None:
    """Someone else saved the record after the form was opened: say so on top of the form,
    which keeps the user's input (the view answers 409)."""
    form.add_error(
        None,
        _(
            "Någon annan har ändrat uppgifterna medan du skrev. Dina ändringar är inte sparade "
            "men finns kvar i formuläret. Öppna sidan i en ny flik för att se de nya uppgifterna "
            "och för över dina ändringar."
        ),
    )
