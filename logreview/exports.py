"""The filtered access log as CSV and XLSX, every text cell safe for spreadsheets."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula (or DDE) by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell that a spreadsheet program shows as text, never runs as a formula.

    Kept here until the shared helper in core replaces it (issue #12: the lead unifies).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _header() -> list[str]:
    return [
        _("Tidpunkt"),
        _("Användare"),
        _("Användarnamn"),
        _("Händelse"),
        _("Deltagare"),
        _("Deltagare i listan"),
        _("Vad"),
        _("Adress"),
    ]


def _person(participant) -> str:
    if participant is None:
        return ""
    if participant.erased_at is not None:
        return _("(gallrad)")
    return participant.full_name


def event_rows(events):
    """One row per event: the listed participants of a list page in one cell."""
    yield _header()
    for event in events:
        yield [
            spreadsheet_safe(value)
            for value in (
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                str(event.actor) if event.actor else "",
                event.actor.get_username() if event.actor else "",
                event.get_action_display(),
                _person(event.participant),
                "; ".join(_person(row.participant) for row in event.listed.all()),
                event.what,
                event.ip_address or "",
            )
        ]


class _Echo:
    def write(self, value):
        return value


def events_csv(events, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"  # so that spreadsheet programs read the Swedish letters
        for row in event_rows(events):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def events_xlsx(events, filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Åtkomstlogg"))
    for row in event_rows(events):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
