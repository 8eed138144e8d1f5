"""Exports: the figures as CSV or XLSX, and a pseudonymised row-level data set.

The data set has no names, no personal identity numbers and nothing restricted (no
answers about violence, no free-text notes). Each export keys participants with an
HMAC under a fresh random key, so keys cannot be linked across exports.
"""

import hashlib
import hmac
import secrets
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from activities.models import Kind, ParticipantActivity
from assessments.models import Answer
from core.exports import BOLD, csv_response, xlsx_append, xlsx_response, xlsx_workbook
from participants.models import Gender, Outcome, Period

from . import selectors, tables

# Number formats: shares stored as fractions (0.667 shows as 66.7 %), means with two
# decimals, counts and days as whole numbers.
NUMBER_FORMATS = {
    tables.COUNT: "0",
    tables.DAYS: "0",
    tables.PERCENT: "0.0%",
    tables.MEAN: "0.00",
}


def _xlsx_value(cell: tables.Cell):
    if cell.is_number and cell.kind == tables.PERCENT:
        return Decimal(str(cell.value)) / 100
    return cell.value


def _sheet_title(title: str, taken: set) -> str:
    """An XLSX sheet name: at most 31 characters, none of []:*?/\\, unique."""
    name = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def figures_xlsx(sections: list[tables.Section], about: list[tuple], filename: str):
    """The page's sections, one sheet each after the sheet "Om exporten"; every number a
    number with its format, every hidden figure the page's label."""
    workbook = xlsx_workbook()
    sheet = workbook.active
    sheet.title = _("Om exporten")
    for label, value in about:
        xlsx_append(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    taken = {sheet.title}
    for section in sections:
        sheet = workbook.create_sheet(_sheet_title(section.title, taken))
        widest = 20
        for table in section.tables:
            if sheet.max_row > 1:
                sheet.append([])
            xlsx_append(sheet, [table.title], bold=True)
            xlsx_append(sheet, ["", *table.columns], bold=True)
            for label, cells in table.rows:
                xlsx_append(
                    sheet,
                    [label, *(_xlsx_value(c) for c in cells)],
                    formats=[
                        None,
                        *(NUMBER_FORMATS[c.kind] if c.is_number else None for c in cells),
                    ],
                )
                widest = max(widest, len(label))
        sheet.column_dimensions["A"].width = min(widest + 2, 70)
        for letter in "BCDEFGHIJKLM":
            sheet.column_dimensions[letter].width = 16
    return xlsx_response(workbook, filename)


def _csv_value(cell: tables.Cell) -> str:
    """A number with a decimal comma (semicolons and decimal commas, as Swedish Excel
    and R's read.csv2 read them); shares in per cent, as the column says."""
    if not cell.is_number:
        return cell.value
    return str(cell.value).replace(".", ",")


def figures_csv(sections: list[tables.Section], about: list[tuple], filename: str):
    """Long format: one line per figure (Avsnitt;Rad;Kolumn;Värde), the lines of "Om
    exporten" first."""
    rows = [[_("Avsnitt"), _("Rad"), _("Kolumn"), _("Värde")]]
    rows += [[_("Om exporten"), label, "", value] for label, value in about]
    for section in sections:
        for table in section.tables:
            for label, cells in table.rows:
                for column, cell in zip(table.columns, cells, strict=True):
                    rows.append([table.title, label, column, _csv_value(cell)])
    return csv_response(rows, filename)


def _age_band(birth_year, year) -> str:
    if not birth_year:
        return ""
    age = year - birth_year
    for band, (low, high) in selectors.AGE_BANDS.items():
        if low <= age <= high:
            return band
    return ""


DICTIONARY = [
    (
        "deltagare",
        "nyckel",
        "Pseudonym för deltagaren; ny för varje export och går inte att koppla mellan exporter.",
    ),
    ("deltagare", "kön", "En kod; se bladet koder."),
    ("deltagare", "åldersgrupp", "Åldersgrupp vid periodens slut (16-24, 25-29, 30-49, 50-)."),
    ("deltagare", "målgrupper", "Organisationens målgrupper, åtskilda med semikolon."),
    ("deltagare", "enhet", "Enheten deltagaren tillhör."),
    ("deltagare", "inskriven", "Periodens första dag."),
    ("deltagare", "avslutad", "Periodens sista dag, tom om perioden pågår."),
    ("deltagare", "utfall", "Utfall vid avslut, en kod; se bladet koder."),
    ("skattningar", "nyckel", "Deltagarens pseudonym, som i bladet deltagare."),
    ("skattningar", "datum", "Skattningens datum."),
    ("skattningar", "kort", "smail eller bip."),
    (
        "skattningar",
        "indikator",
        "Indikatorns kod (samma för båda korten när indikatorn är densamma).",
    ),
    ("skattningar", "nivå", "1–5; tom om deltagaren inte ville svara."),
    ("skattningar", "tilltro", "Handledarens tilltro 1–5 vid tillfället."),
    ("insatser", "nyckel", "Deltagarens pseudonym."),
    ("insatser", "typ", "Insatsens karaktär, en kod; se bladet koder."),
    ("insatser", "start", "Startdatum."),
    ("insatser", "slut", "Slutdatum, tomt om insatsen pågår tills vidare."),
    ("insatser", "status", "En kod; se bladet koder."),
]

# The coded columns and their codes, taken from the models so the sheet "koder" always
# lists exactly the codes the data can hold, each with its Swedish label.
CODES = [
    ("deltagare", "kön", Gender.choices),
    ("deltagare", "utfall", Outcome.choices),
    ("insatser", "typ", Kind.choices),
    ("insatser", "status", ParticipantActivity.Status.choices),
]


def dataset_xlsx(scope: selectors.Scope) -> HttpResponse:
    key = secrets.token_bytes(32)

    def pseudonym(participant_id: int) -> str:
        return hmac.new(key, str(participant_id).encode(), hashlib.sha256).hexdigest()[:16]

    people = selectors.participants(scope)
    workbook = xlsx_workbook()
    sheet = workbook.active
    sheet.title = "deltagare"
    xlsx_append(
        sheet,
        ["nyckel", "kön", "åldersgrupp", "målgrupper", "enhet", "inskriven", "avslutad", "utfall"],
    )
    periods = (
        Period.objects.filter(participant__in=people.values("id"))
        .select_related("participant__unit")
        .prefetch_related("participant__target_groups")
        .order_by("participant_id", "started_on")
    )
    for period in periods:
        participant = period.participant
        xlsx_append(
            sheet,
            [
                pseudonym(participant.pk),
                participant.gender,
                _age_band(participant.birth_year, scope.date_to.year),
                ";".join(g.name for g in participant.target_groups.all()),
                participant.unit.name,
                period.started_on,
                period.closed_on,
                period.outcome,
            ],
        )
    answers = workbook.create_sheet("skattningar")
    xlsx_append(answers, ["nyckel", "datum", "kort", "indikator", "nivå", "tilltro"])
    for pid, day, card, code, level, belief in (
        Answer.objects.filter(
            assessment__participant__in=people.values("id"),
            assessment__deleted_at__isnull=True,
            question__kind="scale",
        )
        .order_by("assessment__participant_id", "assessment__assessed_on")
        .values_list(
            "assessment__participant_id",
            "assessment__assessed_on",
            "assessment__version__instrument__code",
            "question__indicator__code",
            "level",
            "assessment__coach_belief",
        )
        .iterator()
    ):
        xlsx_append(answers, [pseudonym(pid), day, card, code, level, belief])
    activities = workbook.create_sheet("insatser")
    xlsx_append(activities, ["nyckel", "typ", "start", "slut", "status"])
    for pid, kind, start, end, status in (
        ParticipantActivity.objects.filter(participant__in=people.values("id"))
        .order_by("participant_id", "start_date")
        .values_list("participant_id", "kind", "start_date", "end_date", "status")
        .iterator()
    ):
        xlsx_append(activities, [pseudonym(pid), kind, start, end, status])
    dictionary = workbook.create_sheet("dataordlista")
    xlsx_append(dictionary, ["blad", "kolumn", "betydelse"])
    for row in DICTIONARY:
        xlsx_append(dictionary, list(row))
    codes = workbook.create_sheet("koder")
    xlsx_append(codes, ["blad", "kolumn", "kod", "betydelse"])
    for sheet_name, column, choices in CODES:
        for code, label in choices:
            xlsx_append(codes, [sheet_name, column, code, str(label)])
    return xlsx_response(workbook, "stegvis-dataset.xlsx")
