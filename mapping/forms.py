"""Forms of the mapping: a meeting, the twelve areas, the motivation cross, the summary
and the participant's approval. Edits carry the mapping's version to detect conflicts."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, Form

from .models import (
    AREA_HELP,
    AREA_SIDE,
    MEETING_MAX_MINUTES,
    MOTIVATION_FIELDS,
    Area,
    Mapping,
    MappingMeeting,
    Side,
)
from .services import AreaInput

TEXT_PARTS = ("facts", "obstacles", "resources")


def _not_in_future(value: datetime.date | None, message) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise ValidationError(message)
    return value


class VersionedForm(Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, mapping: Mapping | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mapping = mapping
        if not self.is_bound:
            self.initial["version"] = mapping.version if mapping else None


class MeetingForm(Form):
    held_on = forms.DateField(
        label=_("Datum för samtalet"),
        widget=DateInput,
        error_messages={
            "required": _("Ange datum för kartläggningssamtalet."),
            "invalid": _("Ange ett giltigt datum, till exempel 2026-03-15."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Längd i minuter"),
        min_value=1,
        max_value=480,
        help_text=_("Ett kartläggningssamtal varar högst en timme."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Ange samtalets längd i minuter."),
            "invalid": _("Ange längden som ett heltal, till exempel 45."),
            "min_value": _("Ange en längd på minst 1 minut."),
            "max_value": _("Ange en längd på högst 480 minuter."),
        },
    )
    interpreter_used = forms.BooleanField(label=_("Tolk användes"), required=False)

    def clean_held_on(self):
        return _not_in_future(
            self.cleaned_data.get("held_on"),
            _("Ett kartläggningssamtal kan inte ligga i framtiden."),
        )

    @property
    def is_long(self) -> bool:
        minutes = self.cleaned_data.get("minutes") if hasattr(self, "cleaned_data") else None
        return bool(minutes and minutes > MEETING_MAX_MINUTES)


class MeetingEditForm(MeetingForm):
    """Correcting a meeting; carries the meeting's version to detect conflicts."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, meeting: MappingMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if not self.is_bound:
            self.initial.update(
                held_on=meeting.held_on,
                minutes=meeting.minutes,
                interpreter_used=meeting.interpreter_used,
                version=meeting.version,
            )


class MeetingRemoveForm(Form):
    reason = forms.CharField(
        label=_("Varför tas samtalet bort?"),
        max_length=150,
        help_text=_("Till exempel: registrerat på fel deltagare, eller registrerat två gånger."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Ange varför samtalet tas bort."),
            "max_length": _("Skriv anledningen med högst %(limit_value)d tecken."),
        },
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, meeting: MappingMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if not self.is_bound:
            self.initial["version"] = meeting.version


class AreasForm(VersionedForm):
    """Facts, obstacles and resources for each of the twelve areas."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        written = {row.area: row for row in self.mapping.areas.all()} if self.mapping else {}
        labels = {
            "facts": _("Fakta"),
            "obstacles": _("Hinder i förhållande till arbete"),
            "resources": _("Resurser i förhållande till arbete"),
        }
        for area in Area:
            row = written.get(area.value)
            for part in TEXT_PARTS:
                name = f"{area.value}_{part}"
                self.fields[name] = forms.CharField(
                    label=labels[part],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                if row is not None and not self.is_bound:
                    self.initial[name] = getattr(row, part)

    def sides(self) -> list[dict]:
        result = []
        for side in Side:
            result.append(
                {
                    "side": side,
                    "areas": [
                        {
                            "area": area,
                            "help": AREA_HELP[area],
                            "fields": [self[f"{area.value}_{part}"] for part in TEXT_PARTS],
                        }
                        for area in Area
                        if AREA_SIDE[area] == side
                    ],
                }
            )
        return result

    def areas(self) -> list[AreaInput]:
        data = self.cleaned_data
        return [
            AreaInput(
                area=area.value,
                **{part: data.get(f"{area.value}_{part}", "") for part in TEXT_PARTS},
            )
            for area in Area
        ]


class MotivationForm(VersionedForm):
    motivation_good_for_me = forms.CharField(
        label=_("Bra med förändring för mig"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motivation_less_good_for_me = forms.CharField(
        label=_("Mindre bra med förändring för mig"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motivation_good_for_surroundings = forms.CharField(
        label=_("Bra för min omgivning med förändring för mig"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motivation_less_good_for_surroundings = forms.CharField(
        label=_("Mindre bra för min omgivning med förändring för mig"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.mapping and not self.is_bound:
            for name in MOTIVATION_FIELDS:
                self.initial[name] = getattr(self.mapping, name)

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in MOTIVATION_FIELDS}


class SummaryForm(VersionedForm):
    summary = forms.CharField(
        label=_("Sammanställning"),
        help_text=_(
            "Kartläggningen i löpande text: hinder och resurser i förhållande till arbete."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Skriv sammanställningen i löpande text.")},
    )
    assessment = forms.CharField(
        label=_("Handledarens bedömning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    rehabilitation_proposals = forms.CharField(
        label=_("Rehabiliteringsförslag och övriga åtgärder"),
        required=False,
        help_text=_("Till exempel kontakt med vården, vägledning inför utbildning eller yrkesval."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    written_on = forms.DateField(
        label=_("Datum"),
        widget=DateInput,
        error_messages={
            "required": _("Ange datum för sammanfattningen."),
            "invalid": _("Ange ett giltigt datum, till exempel 2026-03-15."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            mapping = self.mapping
            if mapping is not None:
                for name in ("summary", "assessment", "rehabilitation_proposals"):
                    self.initial[name] = getattr(mapping, name)
            self.initial["written_on"] = (
                mapping.summary_written_on if mapping and mapping.summary_written_on else None
            ) or timezone.localdate()

    def clean_written_on(self):
        return _not_in_future(
            self.cleaned_data.get("written_on"), _("Datumet kan inte ligga i framtiden.")
        )


class ApprovalForm(VersionedForm):
    approved_on = forms.DateField(
        label=_("Datum då deltagaren godkände sammanfattningen"),
        widget=DateInput,
        error_messages={
            "required": _("Ange datum för deltagarens godkännande."),
            "invalid": _("Ange ett giltigt datum, till exempel 2026-03-15."),
        },
    )
    confirmed = forms.BooleanField(
        label=_("Sammanfattningen är genomgången med deltagaren, som har godkänt den."),
        error_messages={
            "required": _("Bekräfta att sammanfattningen är genomgången med deltagaren.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["approved_on"] = timezone.localdate()

    def clean_approved_on(self):
        value = _not_in_future(
            self.cleaned_data.get("approved_on"),
            _("Godkännandet kan inte ligga i framtiden."),
        )
        mapping = self.mapping
        if value and mapping and mapping.summary_written_on and value < mapping.summary_written_on:
            raise ValidationError(
                _("Godkännandet kan inte ligga före datumet då sammanfattningen skrevs (%(date)s).")
                % {"date": mapping.summary_written_on.isoformat()}
            )
        return value
