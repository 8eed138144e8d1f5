"""The filtered access log as CSV and XLSX, every text cell safe for spreadsheets."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import csv_streaming_response, xlsx_append, xlsx_response, xlsx_workbook


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
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            str(event.actor) if event.actor else "",
            event.actor.get_username() if event.actor else "",
            event.get_action_display(),
            _person(event.participant),
            "; ".join(_person(row.participant) for row in event.listed.all()),
            event.what,
            event.ip_address or "",
        ]


def events_csv(events, filename: str):
    return csv_streaming_response(event_rows(events), f"{filename}.csv")


def events_xlsx(events, filename: str):
    workbook = xlsx_workbook(write_only=True)
    sheet = workbook.create_sheet(_("Åtkomstlogg"))
    for row in event_rows(events):
        xlsx_append(sheet, row)
    return xlsx_response(workbook, f"{filename}.xlsx")
