from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.models import AccessEvent
from core.forms import DateInput, Form

from .models import Flag
from .selectors import user_choices


class _PeriodForm(Form):
    date_from = forms.DateField(label=_("Från"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Till"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Periodens slut kan inte ligga före dess början."))
        return data


class EventSearchForm(_PeriodForm):
    """The search's filters. Field names are the query string's (short, Swedish-free)."""

    user: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Användare"), required=False, queryset=None
    )
    participant = forms.CharField(
        label=_("Deltagare"),
        required=False,
        max_length=100,
        help_text=_("Namn eller personnummer."),
    )
    # Set by the links from a flag to the events of one participant.
    participant_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Händelse"),
        required=False,
        choices=[("", _("Alla")), *AccessEvent.Action.choices],
    )

    field_order = ["user", "participant", "action", "date_from", "date_to", "participant_id"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = user_choices(actor=actor)
        self.fields["user"].empty_label = _("Alla")

    def filters(self) -> dict:
        """Keyword arguments for selectors.event_search (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "user_id": data["user"].pk if data.get("user") else None,
            "participant_query": data.get("participant") or "",
            "participant_id": data.get("participant_id"),
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class PeriodForm(_PeriodForm):
    """The period the flags are computed for."""


class ReviewForm(Form):
    period_start = forms.DateField(label=_("Periodens början"), widget=DateInput)
    period_end = forms.DateField(label=_("Periodens slut"), widget=DateInput)
    flags_reviewed = forms.MultipleChoiceField(
        label=_("Genomgångna flaggor"),
        choices=Flag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Vad du gick igenom, vad du fann och vad som ska göras."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError(
                {"period_end": _("Periodens slut kan inte ligga före dess början.")}
            )
        return data
