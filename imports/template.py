"""The template file to download, generated from the code: the sheets' columns, the
card versions' question codes and the models' choices."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from activities.models import Kind, ParticipantActivity
from instruments.models import InstrumentVersion, localised
from participants.models import Gender, Outcome, ReferralSource

from .columns import DECLINED, HELP_SHEET, SHEET_ORDER, SHEETS
from .selectors import scale_question_codes


def _code_lists():
    return (
        (_("Kön"), Gender.choices),
        (_("Aktualiserad från"), ReferralSource.choices),
        (_("Utfall"), Outcome.choices),
        (_("Typ av insats"), Kind.choices),
        (_("Status för insats"), ParticipantActivity.Status.choices),
    )


def template_workbook(*, versions: list[InstrumentVersion]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    question_codes = scale_question_codes(versions)
    for kind in SHEET_ORDER:
        name, columns = SHEETS[kind]
        sheet = workbook.create_sheet(name)
        headers = [c.header for c in columns]
        if kind == "assessments":
            headers += question_codes
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = bold
    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append([_("Blad"), _("Kolumn"), _("Förklaring")])
    for kind in SHEET_ORDER:
        name, columns = SHEETS[kind]
        for column in columns:
            required = _("Obligatorisk") if column.required else ""
            help_sheet.append(
                [name, column.header, " ".join(filter(None, [str(column.help), required]))]
            )
    help_sheet.append(
        [
            SHEETS["assessments"][0],
            _("frågekoderna"),
            _(
                "En kolumn per fråga på kortet, namngiven med frågans kod: svaret 1–5, "
                "eller %(declined)s för ”Vill inte svara”. "
                "Frågor som inte finns på kortet lämnas tomma."
            )
            % {"declined": DECLINED},
        ]
    )
    help_sheet.append([])
    help_sheet.append([_("Kodlista"), _("Kod"), _("Betydelse")])
    for title, choices in _code_lists():
        for code, label in choices:
            help_sheet.append([title, code, str(label)])
    help_sheet.append([])
    help_sheet.append([_("Kort och version"), _("Frågekod"), _("Fråga")])
    for version in versions:
        for question in sorted(version.questions.all(), key=lambda q: q.number):
            if question.kind == "scale":
                help_sheet.append(
                    [
                        f"{version.instrument.code} {version.number}",
                        question.code,
                        localised(question.short_label) or localised(question.text),
                    ]
                )
    for row in help_sheet.iter_rows():
        if row and row[0].value in (_("Blad"), _("Kodlista"), _("Kort och version")):
            for cell in row:
                cell.font = bold
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
