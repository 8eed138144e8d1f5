"""The layout of an import file: one sheet per kind, Swedish column names. The template,
the reader and the validation all take their columns from here."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: Any  # a lazy translation
    required: bool = False


PARTICIPANT_KEYS = (
    Column(
        "import_key",
        "Importnyckel",
        _("Enhetens egen nyckel för deltagaren (om personnummer saknas)."),
    ),
    Column(
        "pin",
        "Personnummer",
        _("ÅÅÅÅMMDD-NNNN. Deltagaren matchas på personnummer, annars på importnyckel."),
    ),
)

SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "participants": (
        "Deltagare",
        (
            *PARTICIPANT_KEYS,
            Column("first_name", "Förnamn", _("Obligatoriskt."), required=True),
            Column("last_name", "Efternamn", _("Obligatoriskt."), required=True),
            Column("birth_year", "Födelseår", _("Fyra siffror, om personnummer saknas.")),
            Column("gender", "Kön", _("En av koderna för kön nedan."), required=True),
            Column("unit", "Enhet", _("Enhetens namn, en av dina enheter."), required=True),
            Column(
                "coach", "Handledare", _("Handledarens användarnamn på enheten."), required=True
            ),
            Column("preferred_language", "Föredraget språk", _("Frivilligt.")),
        ),
    ),
    "periods": (
        "Perioder",
        (
            *PARTICIPANT_KEYS,
            Column("started_on", "Inskriven", _("Datum ÅÅÅÅ-MM-DD."), required=True),
            Column(
                "referral_source",
                "Aktualiserad från",
                _("En av koderna för aktualisering nedan."),
                required=True,
            ),
            Column("referral_date", "Aktualiseringsdatum", _("Frivilligt. Datum ÅÅÅÅ-MM-DD.")),
            Column("closed_on", "Avslutad", _("Datum ÅÅÅÅ-MM-DD, tomt om perioden pågår.")),
            Column(
                "outcome", "Utfall", _("En av koderna för utfall nedan, om perioden är avslutad.")
            ),
        ),
    ),
    "assessments": (
        "Skattningar",
        (
            *PARTICIPANT_KEYS,
            Column("card", "Kort", _("smail eller bip."), required=True),
            Column("version", "Version", _("Kortets versionsnummer; tomt för den senaste.")),
            Column(
                "assessed_on",
                "Datum",
                _("Datum ÅÅÅÅ-MM-DD, inom en inskrivningsperiod."),
                required=True,
            ),
            Column("coach_belief", "Handledarens tilltro", _("Frivilligt. En siffra 1–5.")),
            Column(
                "job_search",
                "Jobbsökning",
                _(
                    "Frivilligt, för kort med frågan om jobbsökning. Hur deltagaren söker "
                    "arbete: en eller flera av koderna för jobbsökning nedan, med kommatecken "
                    "emellan."
                ),
            ),
            Column(
                "salary",
                "Lön",
                _(
                    "Bara BIP, frivilligt. Lönen deltagaren behöver för att tacka ja: kronor "
                    "per månad i hela kronor, eller en av koderna för lön nedan."
                ),
            ),
        ),
    ),
    "activities": (
        "Insatser",
        (
            *PARTICIPANT_KEYS,
            Column("name", "Namn", _("Insatsens namn."), required=True),
            Column("kind", "Typ", _("En av koderna för typ av insats nedan."), required=True),
            Column("start_date", "Startdatum", _("Datum ÅÅÅÅ-MM-DD."), required=True),
            Column(
                "end_date", "Slutdatum", _("Datum ÅÅÅÅ-MM-DD; krävs för avslutade och avbrutna.")
            ),
            Column("hours_per_week", "Timmar per vecka", _("Frivilligt. 0–40.")),
            Column("status", "Status", _("En av koderna för status nedan."), required=True),
        ),
    ),
}

SHEET_ORDER = ("participants", "periods", "assessments", "activities")
HELP_SHEET = "Kolumner"
# Each card question's answer is a column of its own on the assessment sheet, named by
# the question's code; 1–5, or "x" for "Vill inte svara".
DECLINED = "x"


def sheet_name(kind: str) -> str:
    return SHEETS[kind][0]
