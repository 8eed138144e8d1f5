from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form


class ExtractForm(Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("pdf", _("PDF, att läsa och skriva ut")),
            ("json", _("JSON, maskinläsbar fil för att flytta uppgifterna")),
        ],
        widget=forms.RadioSelect,
        initial="pdf",
    )
    include_restricted = forms.BooleanField(
        label=_("Ta med skyddade uppgifter (frågan om våld)"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Skäl till att skyddade uppgifter tas med"),
        help_text=_("Krävs om skyddade uppgifter tas med. Beslutet och skälet loggas."),
        required=False,
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, may_decide_on_restricted: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_decide_on_restricted:
            del self.fields["include_restricted"]
            del self.fields["reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("include_restricted") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Skriv varför de skyddade uppgifterna ska med i utdraget."))
        return cleaned


class RestrictForm(Form):
    reason = forms.CharField(
        label=_("Anledning till spärren"),
        help_text=_("Till exempel att deltagaren har invänt mot att uppgifterna är riktiga."),
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv varför uppgifterna spärras.")},
    )


class LiftForm(Form):
    note = forms.CharField(
        label=_("Kommentar (frivillig)"),
        required=False,
        max_length=150,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
