import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from core.forms import DateInput, Form
from participants.models import Gender, TargetGroup

from .selectors import AGE_BANDS


class FiguresFilterForm(Form):
    date_from = forms.DateField(label=_("Från"), widget=DateInput)
    date_to = forms.DateField(label=_("Till"), widget=DateInput)
    unit = forms.ModelChoiceField(label=_("Enhet"), required=False, queryset=Unit.objects.none())
    coach: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Handledare"), required=False, queryset=None
    )
    card = forms.ChoiceField(
        label=_("Kort"),
        required=False,
        choices=[("", _("Alla")), ("smail", "SMAIL"), ("bip", "BIP")],
    )
    gender = forms.ChoiceField(
        label=_("Kön"), required=False, choices=[("", _("Alla")), *Gender.choices]
    )
    age_band = forms.ChoiceField(
        label=_("Ålder"), required=False, choices=[("", _("Alla"))] + [(k, k) for k in AGE_BANDS]
    )
    target_group = forms.ModelChoiceField(
        label=_("Målgrupp"), required=False, queryset=TargetGroup.objects.none()
    )
    compare = forms.ChoiceField(
        label=_("Jämför grupper"),
        required=False,
        choices=[
            ("", _("Ingen jämförelse")),
            ("gender", _("Kön")),
            ("age_band", _("Åldersgrupp")),
            ("target_group", _("Målgrupp")),
        ],
    )

    def __init__(self, data=None, *, units=None, organisation_id=None, county=False):
        today = timezone.localdate()
        initial = {"date_from": today - datetime.timedelta(days=365), "date_to": today}
        super().__init__({**initial, **data.dict()} if data else initial, initial=initial)
        if units is None:  # the county page filters on no unit
            units = Unit.objects.none()
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("Alla mina enheter")
        if county:
            for name in ("unit", "coach", "target_group"):
                del self.fields[name]
            self.fields["compare"].choices = self.fields["compare"].choices[:3]
        else:
            self.fields["coach"].queryset = self._coaches(units)
            self.fields["coach"].empty_label = _("Alla")
            self.fields["target_group"].queryset = TargetGroup.objects.filter(
                organisation_id=organisation_id
            )
            self.fields["target_group"].empty_label = _("Alla")

    @staticmethod
    def _coaches(units):
        from accounts.models import Role, User

        return (
            User.objects.filter(
                memberships__role=Role.COACH,
                memberships__unit__in=units,
                integration__isnull=True,
            )
            .distinct()
            .order_by("first_name", "last_name")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Periodens slut kan inte ligga före dess början."))
        return cleaned
