from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Form


class UploadForm(Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("En ifylld mall (.xlsx) eller ett av dess blad sparat som .csv."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
