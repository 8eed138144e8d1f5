"""Importing a unit's history. The rows are written through the same services as the
forms (participant_create, assessment_record, activity_add, participant_close), so
validation, the access log and the figures' summary tables stay right. The preview runs
the whole import in a transaction that is rolled back; the confirmed import runs it
again and keeps it only if no row has a problem."""

import contextlib
import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Kind, ParticipantActivity
from activities.services import activity_add
from assessments.models import Assessment
from assessments.rules import AnswerInput, AssessmentInput
from assessments.services import assessment_record
from core.exceptions import RuleError
from instruments.models import InstrumentVersion
from participants.models import Gender, Outcome, Participant, ReferralSource
from participants.pin import normalise_pin
from participants.services import participant_close, participant_create, participant_reenrol

from . import reader, selectors
from .columns import DECLINED, SHEET_ORDER, SHEETS
from .models import ImportBatch, ImportKey


@dataclass
class Problem:
    sheet: str
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    counts: dict = field(
        default_factory=lambda: {k: {"created": 0, "matched": 0} for k in SHEET_ORDER}
    )
    problems: list[Problem] = field(default_factory=list)

    def add(self, kind: str, line: int, column_key: str, message) -> None:
        name, columns = SHEETS[kind]
        header = next((c.header for c in columns if c.key == column_key), column_key)
        self.problems.append(Problem(name, line, header, str(message)))


def _latest_coach(participant: Participant):
    """The coach who follows the participant into a new period: the latest one."""
    return participant.coach_assignments.order_by("-started_on", "-id").first().coach  # type: ignore[union-attr]


class _Rollback(Exception):
    pass


def _choices(choices) -> dict[str, str]:
    """Codes and Swedish labels, case-insensitive, to the code."""
    mapping = {}
    for code, label in choices:
        mapping[str(code).lower()] = code
        mapping[str(label).lower()] = code
    return mapping


def _date(value: str):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class _Person:
    line: int
    ref: tuple
    aliases: list
    participant: Participant | None = None
    new: dict | None = None  # profile, coach and import key for a participant to create
    periods: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    activities: list = field(default_factory=list)


class _Importer:
    def __init__(self, *, actor, rows: dict):
        self.actor = actor
        self.rows = rows
        self.organisation_id = selectors.import_organisation_id(actor)
        self.result = ImportResult()
        self.units = {u.name.lower(): u for u in selectors.import_unit_list(actor=actor)}
        self.versions = selectors.card_version_list(organisation_id=self.organisation_id)
        self.codes = {
            "gender": _choices(Gender.choices),
            "referral_source": _choices(ReferralSource.choices),
            "outcome": _choices(Outcome.choices),
            "kind": _choices(Kind.choices),
            "status": _choices(ParticipantActivity.Status.choices),
        }
        self.people: dict[tuple, _Person] = {}

    # Reading and checking the rows ------------------------------------------------

    def _ref(self, kind, line, row) -> tuple | None:
        if row.get("pin"):
            try:
                return ("pin", normalise_pin(row["pin"]))
            except ValidationError as error:
                self.result.add(kind, line, "pin", " ".join(error.messages))
                return None
        if row.get("import_key"):
            return ("key", row["import_key"])
        self.result.add(kind, line, "pin", _("Ange personnummer eller importnyckel."))
        return None

    def _required(self, kind, line, row) -> bool:
        ok = True
        for column in SHEETS[kind][1]:
            if column.required and not row.get(column.key):
                self.result.add(kind, line, column.key, _("Värdet saknas."))
                ok = False
        return ok

    def _code(self, kind, line, row, key, *, optional=False):
        value = row.get(key, "")
        if not value and optional:
            return ""
        code = self.codes[key].get(value.lower())
        if code is None:
            self.result.add(
                kind, line, key, _("”%(value)s” är ingen giltig kod.") % {"value": value}
            )
        return code

    def _dates(self, kind, line, row, keys) -> dict | None:
        out: dict = {}
        ok = True
        for key in keys:
            if not row.get(key):
                out[key] = None
                continue
            out[key] = _date(row[key])
            if out[key] is None:
                self.result.add(kind, line, key, _("Skriv datumet som ÅÅÅÅ-MM-DD."))
                ok = False
        return out if ok else None

    def read_participants(self) -> None:
        sheet = self.rows.get("participants", [])
        coaches = selectors.coach_by_username(unit_ids=[u.id for u in self.units.values()])
        refs = [self._ref("participants", line, row) for line, row in sheet]
        self._match_all()
        for (line, row), ref in zip(sheet, refs, strict=True):
            if ref is None:
                continue
            if ref in self.people and self.people[ref].line != 0:
                self.result.add(
                    "participants",
                    line,
                    (ref[0] == "pin" and "pin") or "import_key",
                    _("Deltagaren finns redan på rad %(line)s.") % {"line": self.people[ref].line},
                )
                continue
            person = self.people.get(ref) or _Person(line=line, ref=ref, aliases=[ref])
            person.line = line
            self.people[ref] = person
            if row.get("import_key") and ref[0] == "pin":
                self.people[("key", row["import_key"])] = person
            if person.participant is not None:
                self.result.counts["participants"]["matched"] += 1
                continue
            if not self._required("participants", line, row):
                continue
            gender = self._code("participants", line, row, "gender")
            unit = self.units.get(row["unit"].lower())
            if unit is None:
                self.result.add(
                    "participants",
                    line,
                    "unit",
                    _("”%(value)s” är ingen av dina enheter.") % {"value": row["unit"]},
                )
            coach = unit and coaches.get((unit.id, row["coach"]))
            if unit and coach is None:
                self.result.add(
                    "participants",
                    line,
                    "coach",
                    _("”%(value)s” är ingen handledare på enheten.") % {"value": row["coach"]},
                )
            birth_year = None
            if row.get("birth_year"):
                if row["birth_year"].isdigit() and 1900 <= int(row["birth_year"]) <= 2100:
                    birth_year = int(row["birth_year"])
                else:
                    self.result.add(
                        "participants", line, "birth_year", _("Skriv födelseåret med fyra siffror.")
                    )
            if ref[0] == "pin":
                birth_year = int(ref[1][:4])
            if gender is None or unit is None or coach is None:
                continue
            person.new = {
                "profile": {
                    "first_name": row["first_name"][:100],
                    "last_name": row["last_name"][:100],
                    "personal_identity_number": ref[1] if ref[0] == "pin" else "",
                    "birth_year": birth_year,
                    "gender": gender,
                    "preferred_language": row.get("preferred_language", "")[:60],
                    "unit": unit,
                },
                "coach": coach,
                "import_key": row.get("import_key", "")[:100],
            }

    def _match_all(self) -> None:
        """Look up the participants every sheet names, in two queries."""
        pins, keys = set(), set()
        for kind in SHEET_ORDER:
            for _line, row in self.rows.get(kind, []):
                if row.get("import_key"):
                    keys.add(row["import_key"])
                if row.get("pin"):
                    with contextlib.suppress(ValidationError):  # reported on the row
                        pins.add(normalise_pin(row["pin"]))
        self._match(pins=pins, keys=keys)

    def _match(self, *, pins, keys) -> None:
        """Existing participants of the actor's organisation, never of another."""
        found = [
            (("pin", pin), p)
            for pin, p in selectors.participants_by_pin(
                organisation_id=self.organisation_id, pins=pins
            ).items()
        ] + [
            (("key", key), p)
            for key, p in selectors.participants_by_key(
                organisation_id=self.organisation_id, keys=keys
            ).items()
        ]
        for ref, participant in found:
            self.people[ref] = _Person(line=0, ref=ref, aliases=[ref], participant=participant)

    def _person_for(self, kind, line, row) -> _Person | None:
        ref = self._ref(kind, line, row)
        if ref is None:
            return None
        person = self.people.get(ref)
        if person is None and ref[0] == "pin" and row.get("import_key"):
            person = self.people.get(("key", row["import_key"]))
        if person is None or (person.participant is None and person.new is None):
            if person is None:
                self.result.add(
                    kind,
                    line,
                    (ref[0] == "pin" and "pin") or "import_key",
                    _("Deltagaren finns varken i bladet Deltagare eller sedan tidigare."),
                )
            return None
        if person.participant is not None and person.participant.unit_id not in {
            u.id for u in self.units.values()
        }:
            self.result.add(
                kind, line, "pin", _("Deltagaren finns på en enhet som du inte är chef för.")
            )
            return None
        return person

    def read_rows(self) -> None:
        for line, row in self.rows.get("periods", []):
            person = self._person_for("periods", line, row)
            if person is None or not self._required("periods", line, row):
                continue
            dates = self._dates("periods", line, row, ("started_on", "referral_date", "closed_on"))
            source = self._code("periods", line, row, "referral_source")
            outcome = self._code("periods", line, row, "outcome", optional=True)
            if dates is None or source is None or outcome is None:
                continue
            if bool(dates["closed_on"]) != bool(outcome):
                self.result.add(
                    "periods",
                    line,
                    "outcome",
                    _("En avslutad period behöver både avslutsdatum och utfall."),
                )
                continue
            person.periods.append((line, dates, source, outcome))
        by_card: dict[str, dict] = {}
        for version in self.versions:
            by_card.setdefault(version.instrument.code, {})[str(version.number)] = version
        for line, row in self.rows.get("assessments", []):
            person = self._person_for("assessments", line, row)
            if person is None or not self._required("assessments", line, row):
                continue
            versions = by_card.get(row["card"].lower())
            if not versions:
                self.result.add("assessments", line, "card", _("Kortet ska vara smail eller bip."))
                continue
            chosen: InstrumentVersion | None = (
                versions.get(row.get("version"))
                if row.get("version")
                else list(versions.values())[-1]
            )
            if chosen is None:
                self.result.add(
                    "assessments", line, "version", _("Kortet har ingen sådan version.")
                )
                continue
            dates = self._dates("assessments", line, row, ("assessed_on",))
            answers, ok = {}, dates is not None
            for code, value in row.get("answers", {}).items():
                if value.lower() == DECLINED:
                    answers[code] = AnswerInput(declined=True)
                elif value.isdigit():
                    answers[code] = AnswerInput(level=int(value))
                else:
                    self.result.problems.append(
                        Problem(
                            SHEETS["assessments"][0],
                            line,
                            code,
                            _("Svaret ska vara en siffra 1–5 eller %(declined)s.")
                            % {"declined": DECLINED},
                        )
                    )
                    ok = False
            belief = row.get("coach_belief") or None
            if belief is not None and not belief.isdigit():
                self.result.add("assessments", line, "coach_belief", _("Skriv en siffra 1–5."))
                ok = False
            if not ok or dates is None:
                continue
            person.assessments.append(
                (
                    line,
                    AssessmentInput(
                        version=chosen,
                        assessed_on=dates["assessed_on"],
                        mode=Assessment.Mode.PAPER,
                        answers=answers,
                        coach_belief=int(belief) if belief else None,
                        same_day_confirmed=True,
                    ),
                )
            )
        for line, row in self.rows.get("activities", []):
            person = self._person_for("activities", line, row)
            if person is None or not self._required("activities", line, row):
                continue
            dates = self._dates("activities", line, row, ("start_date", "end_date"))
            kind = self._code("activities", line, row, "kind")
            status = self._code("activities", line, row, "status")
            hours = None
            if row.get("hours_per_week"):
                try:
                    hours = Decimal(row["hours_per_week"].replace(",", "."))
                except InvalidOperation:
                    hours = Decimal(-1)
                if not 0 <= hours <= 40:
                    self.result.add(
                        "activities", line, "hours_per_week", _("Ange 0–40 timmar per vecka.")
                    )
                    continue
            if dates is None or kind is None or status is None:
                continue
            person.activities.append(
                (
                    line,
                    {
                        "name": row["name"][:200],
                        "kind": kind,
                        "indicator_codes": [],
                        "start_date": dates["start_date"],
                        "end_date": dates["end_date"],
                        "hours_per_week": hours,
                        "status": status,
                    },
                )
            )

    # Writing ----------------------------------------------------------------------

    def _call(self, kind, line, column, function, **kwargs):
        """One service call in a savepoint; a refusal becomes the row's problem."""
        try:
            with transaction.atomic():
                return function(**kwargs)
        except RuleError as error:
            for name, messages in error.errors.items():
                key = column
                if name == "assessed_on":
                    key = "assessed_on"
                elif name.startswith("q_"):
                    key = name[2:]
                for message in messages:
                    self.result.add(kind, line, key, message)
        except ValidationError as error:
            for message in error.messages:
                self.result.add(kind, line, column, message)
        return None

    def write(self) -> None:
        persons = list({id(p): p for p in self.people.values()}.values())
        participant_ids = [p.participant.pk for p in persons if p.participant is not None]
        done_assessments = selectors.existing_assessment_keys(participant_ids=participant_ids)
        done_activities = selectors.existing_activity_keys(participant_ids=participant_ids)
        for person in sorted(persons, key=lambda p: p.line):
            if person.participant is None and person.new is None:
                continue
            self._write_person(person, done_assessments, done_activities)

    def _write_person(self, person: _Person, done_assessments, done_activities) -> None:
        periods = sorted(person.periods, key=lambda p: p[1]["started_on"])
        existing = {}
        if person.participant is not None:
            existing = {p.started_on: p for p in person.participant.periods.all()}
        elif not periods:
            self.result.add(
                "participants",
                person.line,
                "pin",
                _("Deltagaren behöver minst en rad i bladet Perioder."),
            )
            return
        pending = sorted(person.assessments, key=lambda a: a[1].assessed_on)
        for line, dates, source, outcome in periods:
            started_on = dates["started_on"]
            period = existing.get(started_on)
            if period is not None:
                self.result.counts["periods"]["matched"] += 1
            elif person.participant is None:
                new = person.new
                assert new is not None  # write() skips a person with neither
                participant = self._call(
                    "periods",
                    line,
                    "started_on",
                    participant_create,
                    actor=self.actor,
                    profile=new["profile"],
                    coach=new["coach"],
                    started_on=started_on,
                    referral_source=source,
                    referral_date=dates["referral_date"],
                )
                if participant is None:
                    return
                person.participant = participant
                if new["import_key"]:
                    ImportKey.objects.create(
                        organisation_id=self.organisation_id,
                        key=new["import_key"],
                        participant=participant,
                    )
                self.result.counts["participants"]["created"] += 1
                self.result.counts["periods"]["created"] += 1
            else:
                if (
                    self._call(
                        "periods",
                        line,
                        "started_on",
                        participant_reenrol,
                        actor=self.actor,
                        participant=person.participant,
                        started_on=started_on,
                        referral_source=source,
                        referral_date=dates["referral_date"],
                        coach=_latest_coach(person.participant),
                    )
                    is None
                ):
                    return
                self.result.counts["periods"]["created"] += 1
            closed_on = dates["closed_on"]
            inside = [
                a
                for a in pending
                if a[1].assessed_on >= started_on
                and (closed_on is None or a[1].assessed_on <= closed_on)
            ]
            pending = [a for a in pending if a not in inside]
            self._write_assessments(person, inside, done_assessments)
            if closed_on and (period is None or period.closed_on is None):
                self._call(
                    "periods",
                    line,
                    "closed_on",
                    participant_close,
                    actor=self.actor,
                    participant=person.participant,
                    closed_on=closed_on,
                    outcome=outcome,
                )
        if not periods:
            self._write_assessments(person, pending, done_assessments)
        else:
            for line, _data in pending:
                self.result.add(
                    "assessments",
                    line,
                    "assessed_on",
                    _("Datumet ligger inte inom någon av deltagarens perioder i filen."),
                )
        participant = person.participant
        assert participant is not None  # created above, or matched
        for line, data in person.activities:
            key = (participant.pk, data["name"], data["start_date"].isoformat())
            if key in done_activities:
                self.result.counts["activities"]["matched"] += 1
                continue
            if (
                self._call(
                    "activities",
                    line,
                    "name",
                    activity_add,
                    actor=self.actor,
                    participant=person.participant,
                    data=data,
                )
                is not None
            ):
                done_activities.add(key)
                self.result.counts["activities"]["created"] += 1

    def _write_assessments(self, person, rows, done) -> None:
        for line, data in rows:
            key = (person.participant.pk, data.version.instrument_id, data.assessed_on.isoformat())
            if key in done:
                self.result.counts["assessments"]["matched"] += 1
                continue
            if (
                self._call(
                    "assessments",
                    line,
                    "card",
                    assessment_record,
                    actor=self.actor,
                    participant=person.participant,
                    data=data,
                )
                is not None
            ):
                done.add(key)
                self.result.counts["assessments"]["created"] += 1

    def run(self) -> ImportResult:
        self.read_participants()
        self.read_rows()
        self.write()
        self.result.problems.sort(key=lambda p: (SHEET_ORDER_NAMES.index(p.sheet), p.line))
        return self.result


PREVIEW_KEPT = datetime.timedelta(days=1)
SHEET_ORDER_NAMES = [SHEETS[k][0] for k in SHEET_ORDER]


def import_upload(*, actor, file_name: str, data: bytes) -> ImportBatch:
    """Check and read the file and keep its rows for the preview and the confirmation."""
    reader.file_check(name=file_name, data=data)
    # An upload not confirmed holds personal data no one will import: the actor's own
    # earlier ones go with a new upload, anyone's after a day.
    ImportBatch.objects.filter(
        Q(uploaded_by=actor) | Q(uploaded_at__lt=timezone.now() - PREVIEW_KEPT),
        organisation_id=selectors.import_organisation_id(actor),
        status=ImportBatch.Status.PREVIEW,
    ).delete()
    versions = selectors.card_version_list(organisation_id=selectors.import_organisation_id(actor))
    rows = reader.file_read(
        name=file_name, data=data, question_codes=set(selectors.scale_question_codes(versions))
    )
    return ImportBatch.objects.create(
        organisation_id=selectors.import_organisation_id(actor),
        uploaded_by=actor,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=rows,
    )


def import_preview(*, actor, batch: ImportBatch) -> ImportResult:
    """What the import would do: the whole import, rolled back."""
    result = ImportResult()
    try:
        with transaction.atomic():
            result = _Importer(actor=actor, rows=batch.rows).run()
            raise _Rollback
    except _Rollback:
        pass
    return result


def import_confirm(*, actor, batch: ImportBatch) -> ImportResult:
    """Write everything in one transaction, or nothing if any row has a problem."""
    if batch.status != ImportBatch.Status.PREVIEW:
        raise RuleError(_("Filen är redan importerad."))
    result = ImportResult()
    try:
        with transaction.atomic():
            result = _Importer(actor=actor, rows=batch.rows).run()
            if result.problems:
                raise _Rollback
            batch.status = ImportBatch.Status.DONE
            batch.counts = result.counts
            batch.rows = {}
            batch.imported_at = timezone.now()
            batch.save(update_fields=["status", "counts", "rows", "imported_at"])
    except _Rollback:
        pass
    return result
