from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form

from .models import Agency, DocumentKind, InformationPoint


def _agency_field(label, *, required=True):
    return forms.MultipleChoiceField(
        label=label,
        choices=Agency.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Informationen som lämnas ska vara relevant för kartläggning av arbetsförmåga "
            "och eventuella rehabiliteringsbehov."
        ),
    )


class IntakeMeetingForm(Form):
    held_on = forms.DateField(label=_("Datum för inskrivningssamtalet"), widget=DateInput)
    information_given = forms.MultipleChoiceField(
        label=_("Information som deltagaren fått"),
        choices=InformationPoint.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    information_note = forms.CharField(
        label=_("Övrig information och anteckningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    first_mapping_on = forms.DateField(
        label=_("Första kartläggningssamtal bokat"), required=False, widget=DateInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())


class IntakeCreateForm(IntakeMeetingForm):
    consent_agencies = _agency_field(
        _("Deltagaren godkänner att information får lämnas mellan"), required=False
    )
    consent_signed_on = forms.DateField(
        label=_("Medgivandet undertecknat"), required=False, widget=DateInput
    )


class IntakeEditForm(IntakeMeetingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConsentForm(Form):
    agencies = _agency_field(_("Deltagaren godkänner att information får lämnas mellan"))
    signed_on = forms.DateField(label=_("Undertecknat"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("signed_on", timezone.localdate())


class WithdrawForm(Form):
    withdrawn_on = forms.DateField(label=_("Återkallat"), widget=DateInput)
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["withdrawn_on"] = timezone.localdate()
            self.initial["version"] = consent.version


class ShareForm(Form):
    document_kind = forms.ChoiceField(label=_("Dokument"), choices=DocumentKind.choices)
    document_id = forms.IntegerField(
        label=_("Dokumentets nummer"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    agency = forms.ChoiceField(label=_("Mottagare"), widget=forms.RadioSelect)
    shared_on = forms.DateField(label=_("Delat"), widget=DateInput)
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        # Every agency is offered; the ones without consent say so, and the service
        # refuses them with its own message.
        self.fields["agency"].choices = [
            (
                value,
                label
                if value in consent
                else _("%(agency)s (medgivande saknas)") % {"agency": label},
            )
            for value, label in Agency.choices
        ]
        if not self.is_bound:
            self.initial.setdefault("shared_on", timezone.localdate())
