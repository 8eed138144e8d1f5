"""The template file to download, generated from the code: the sheets' columns, the
card versions' question codes and the models' choices."""

from django.utils.translation import gettext as _

from activities.models import Kind, ParticipantActivity
from core.exports import xlsx_append, xlsx_workbook
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


OTHER_COLUMNS = {
    kind: next(c.header for c in SHEETS["assessments"][1] if c.key == key)
    for kind, key in (("multi_choice", "job_search"), ("salary", "salary"))
}


def _card_code_lists(versions: list[InstrumentVersion]):
    """BIP's job-search options and salary alternatives, from the cards' own data."""
    options: dict[str, str] = {}
    alternatives: dict[str, str] = {}
    for version in versions:
        for question in version.questions.all():
            if question.kind == "multi_choice":
                for option in question.options:
                    options.setdefault(option["code"], localised(option["text"]))
            elif question.kind == "salary":
                for alternative in question.alternatives:
                    alternatives.setdefault(alternative["code"], localised(alternative["text"]))
    return (
        (_("Jobbsökning"), list(options.items())),
        (_("Lön"), list(alternatives.items())),
    )


def template_workbook(*, versions: list[InstrumentVersion]):
    workbook = xlsx_workbook()
    workbook.remove(workbook.active)
    question_codes = scale_question_codes(versions)
    for kind in SHEET_ORDER:
        name, columns = SHEETS[kind]
        sheet = workbook.create_sheet(name)
        headers = [c.header for c in columns]
        if kind == "assessments":
            headers += question_codes
        xlsx_append(sheet, headers)
    help_sheet = workbook.create_sheet(HELP_SHEET)
    xlsx_append(help_sheet, [_("Blad"), _("Kolumn"), _("Förklaring")])
    for kind in SHEET_ORDER:
        name, columns = SHEETS[kind]
        for column in columns:
            required = _("Obligatorisk") if column.required else ""
            xlsx_append(
                help_sheet,
                [name, column.header, " ".join(filter(None, [str(column.help), required]))],
            )
    xlsx_append(
        help_sheet,
        [
            SHEETS["assessments"][0],
            _("frågekoderna"),
            _(
                "En kolumn per fråga på kortet, namngiven med frågans kod: svaret 1–5, "
                "eller %(declined)s för ”Vill inte svara”. "
                "Frågor som inte finns på kortet lämnas tomma."
            )
            % {"declined": DECLINED},
        ],
    )
    xlsx_append(help_sheet, [])
    xlsx_append(help_sheet, [_("Kodlista"), _("Kod"), _("Betydelse")])
    for title, choices in _code_lists():
        for code, label in choices:
            xlsx_append(help_sheet, [title, code, str(label)])
    for title, choices in _card_code_lists(versions):
        for code, label in choices:
            xlsx_append(help_sheet, [title, code, label])
    xlsx_append(help_sheet, [])
    xlsx_append(help_sheet, [_("Kort och version"), _("Frågekod"), _("Fråga")])
    for version in versions:
        for question in sorted(version.questions.all(), key=lambda q: q.number):
            # The scale questions are columns named by their code; BIP's job-search and
            # salary questions are the columns Jobbsökning and Lön.
            header = question.code if question.kind == "scale" else OTHER_COLUMNS[question.kind]
            xlsx_append(
                help_sheet,
                [
                    f"{version.instrument.code} {version.number}",
                    header,
                    localised(question.short_label) or localised(question.text),
                ],
            )
    return workbook
