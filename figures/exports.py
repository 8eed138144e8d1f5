"""Exports: the figures as CSV or XLSX, and a pseudonymised row-level data set.

The data set has no names, no personal identity numbers and nothing restricted (no
answers about violence, no free-text notes). Each export keys participants with an
HMAC under a fresh random key, so keys cannot be linked across exports.
"""

import datetime
import hashlib
import hmac
import secrets
from decimal import Decimal

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from activities.models import Kind, ParticipantActivity
from assessments.models import Answer
from core.exports import BOLD, csv_response, xlsx_append, xlsx_response, xlsx_workbook
from instruments.models import Indicator, Instrument, localised
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
        return str(cell.value)
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
    ("deltagare", "kön", "Kön, en kod (nedan)."),
    ("deltagare", "åldersgrupp", "Åldersgrupp vid periodens slut, en kod (nedan)."),
    ("deltagare", "målgrupper", "Organisationens målgrupper, åtskilda med semikolon."),
    ("deltagare", "enhet", "Enheten deltagaren tillhör."),
    ("deltagare", "inskriven", "Periodens första dag."),
    ("deltagare", "avslutad", "Periodens sista dag, tom om perioden pågår."),
    ("deltagare", "utfall", "Utfall vid avslut, en kod (nedan); tom om perioden pågår."),
    ("skattningar", "nyckel", "Deltagarens pseudonym, som i bladet deltagare."),
    ("skattningar", "datum", "Skattningens datum (skattningar under perioden)."),
    ("skattningar", "kort", "Skattningskortet, en kod (nedan)."),
    (
        "skattningar",
        "indikator",
        "Indikatorn, en kod (nedan); samma kod på båda korten när indikatorn är densamma.",
    ),
    ("skattningar", "nivå", "1–5; tom om deltagaren inte ville svara."),
    ("skattningar", "tilltro", "Handledarens tilltro 1–5 vid tillfället."),
    ("insatser", "nyckel", "Deltagarens pseudonym (insatser som pågick under perioden)."),
    ("insatser", "typ", "Insatsens karaktär, en kod (nedan)."),
    ("insatser", "start", "Startdatum."),
    ("insatser", "slut", "Slutdatum, tomt om insatsen pågår tills vidare."),
    ("insatser", "status", "Insatsens status, en kod (nedan)."),
]
DICTIONARY_SHEET = "dataordlista"


def dataset_codes() -> list[tuple[str, str, str, str]]:
    """Every code a coded column of the data set can hold, with its Swedish label:
    (sheet, column, code, label). Taken from the models and the cards, so the dictionary
    lists exactly the codes the data holds, whatever language the user reads in."""
    with translation.override("sv"):
        rows = [("deltagare", "kön", code, str(label)) for code, label in Gender.choices]
        rows += [
            ("deltagare", "åldersgrupp", band, f"{low}–{high} år" if high < 120 else f"{low} år –")
            for band, (low, high) in selectors.AGE_BANDS.items()
        ]
        rows += [("deltagare", "utfall", code, str(label)) for code, label in Outcome.choices]
        rows += [
            ("skattningar", "kort", code, localised(name, "sv"))
            for code, name in Instrument.objects.order_by("code").values_list("code", "name")
        ]
        indicators: dict[str, str] = {}
        for code, name in Indicator.objects.order_by("code", "-version_id").values_list(
            "code", "name"
        ):
            indicators.setdefault(code, localised(name, "sv"))
        rows += [("skattningar", "indikator", c, label) for c, label in indicators.items()]
        rows += [("insatser", "typ", code, str(label)) for code, label in Kind.choices]
        rows += [
            ("insatser", "status", code, str(label))
            for code, label in ParticipantActivity.Status.choices
        ]
    return rows


def _periods(scope, people):
    return (
        Period.objects.filter(participant__in=people.values("id"))
        .select_related("participant__unit")
        .prefetch_related("participant__target_groups")
        .order_by("participant_id", "started_on")
    )


def _answers(scope, people):
    """The answers of the period's assessments."""
    return Answer.objects.filter(
        assessment__participant__in=people.values("id"),
        assessment__deleted_at__isnull=True,
        assessment__assessed_on__range=(scope.date_from, scope.date_to),
        question__kind="scale",
    )


def _activities(scope, people):
    """The activities that ran during the period (or are planned to)."""
    return ParticipantActivity.objects.filter(
        participant__in=people.values("id"), start_date__lte=scope.date_to
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=scope.date_from))


# An XLSX sheet holds 1 048 576 rows: longer tables go on in "skattningar 2", and so on.
SHEET_ROWS = 1_048_575


class _Sheets:
    """A table written over as many sheets as it needs, each with the header."""

    def __init__(self, workbook, name: str, header: list[str]):
        self.workbook, self.name, self.header = workbook, name, header
        self.count = 0
        self._next_sheet()

    def _next_sheet(self) -> None:
        self.count += 1
        title = self.name if self.count == 1 else f"{self.name} {self.count}"
        self.sheet = self.workbook.create_sheet(title)
        xlsx_append(self.sheet, self.header)
        self.rows = 0

    def append(self, row: list) -> None:
        if self.rows >= SHEET_ROWS:
            self._next_sheet()
        xlsx_append(self.sheet, row)
        self.rows += 1


def dataset_total(scope: selectors.Scope) -> int:
    """The rows the data set will have (for its progress)."""
    people = selectors.participants(scope)
    return (
        Period.objects.filter(participant__in=people.values("id")).count()
        + _answers(scope, people).count()
        + _activities(scope, people).count()
    )


PROGRESS_EVERY = 2000


def dataset_write(scope: selectors.Scope, target, *, progress=None) -> int:
    """Write the pseudonymised row-level data set as XLSX to `target` (a path or a
    file), calling `progress(rows_done)` every few thousand rows; returns the rows.

    Streams (a write-only workbook, querysets read with iterator()), so the memory
    it takes does not grow with the county."""
    key = secrets.token_bytes(32)

    def pseudonym(participant_id: int) -> str:
        return hmac.new(key, str(participant_id).encode(), hashlib.sha256).hexdigest()[:16]

    done = 0

    def tick():
        nonlocal done
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)

    people = selectors.participants(scope)
    workbook = xlsx_workbook(write_only=True)
    sheet = _Sheets(
        workbook,
        "deltagare",
        ["nyckel", "kön", "åldersgrupp", "målgrupper", "enhet", "inskriven", "avslutad", "utfall"],
    )
    for period in _periods(scope, people).iterator(chunk_size=2000):
        participant = period.participant
        sheet.append(
            [
                pseudonym(participant.pk),
                participant.gender,
                _age_band(participant.birth_year, scope.date_to.year),
                ";".join(g.name for g in participant.target_groups.all()),
                participant.unit.name,
                period.started_on,
                period.closed_on,
                period.outcome or None,
            ],
        )
        tick()
    answers = _Sheets(
        workbook, "skattningar", ["nyckel", "datum", "kort", "indikator", "nivå", "tilltro"]
    )
    for pid, day, card, code, level, belief in (
        _answers(scope, people)
        .order_by("assessment__participant_id", "assessment__assessed_on")
        .values_list(
            "assessment__participant_id",
            "assessment__assessed_on",
            "assessment__version__instrument__code",
            "question__indicator__code",
            "level",
            "assessment__coach_belief",
        )
        .iterator(chunk_size=5000)
    ):
        answers.append([pseudonym(pid), day, card, code, level, belief])
        tick()
    activities = _Sheets(workbook, "insatser", ["nyckel", "typ", "start", "slut", "status"])
    for pid, kind, start, end, status in (
        _activities(scope, people)
        .order_by("participant_id", "start_date")
        .values_list("participant_id", "kind", "start_date", "end_date", "status")
        .iterator(chunk_size=5000)
    ):
        activities.append([pseudonym(pid), kind, start, end, status])
        tick()
    dictionary = workbook.create_sheet(DICTIONARY_SHEET)
    xlsx_append(dictionary, ["blad", "kolumn", "kod", "etikett", "betydelse"])
    codes = dataset_codes()
    for sheet_name, column, meaning in DICTIONARY:
        xlsx_append(dictionary, [sheet_name, column, None, None, meaning])
        for code_sheet, code_column, code, label in codes:
            if (code_sheet, code_column) == (sheet_name, column):
                xlsx_append(dictionary, [sheet_name, column, code, label, None])
    workbook.save(target)
    if progress:
        progress(done)
    return done


def scope_params(scope: selectors.Scope) -> dict:
    """A scope as JSON, for a background export to make it again."""
    return {
        "organisation_ids": list(scope.organisation_ids),
        "date_from": scope.date_from.isoformat(),
        "date_to": scope.date_to.isoformat(),
        "unit_ids": None if scope.unit_ids is None else list(scope.unit_ids),
        "coach_id": scope.coach_id,
        "instrument_code": scope.instrument_code,
        "gender": scope.gender,
        "age_band": scope.age_band,
        "target_group_id": scope.target_group_id,
    }


def scope_from_params(params: dict) -> selectors.Scope:
    return selectors.Scope(
        **{
            **params,
            "date_from": datetime.date.fromisoformat(params["date_from"]),
            "date_to": datetime.date.fromisoformat(params["date_to"]),
        }
    )


def dataset_writer():
    """The row-level data set as a background export (downloads.registry)."""
    from core.exports import XLSX
    from downloads.registry import Writer

    return Writer(
        total=lambda params: dataset_total(scope_from_params(params)),
        write=lambda params, path, *, progress: dataset_write(
            scope_from_params(params), path, progress=progress
        ),
        extension="xlsx",
        content_type=XLSX,
    )
