"""Importing a unit's history. The rows are written through the same services as the
forms (participant_create, assessment_record, activity_add, participant_close), so
validation, the access log and the figures' summary tables stay right. The preview runs
the whole import in a transaction that is rolled back; the confirmed import runs it
again and keeps it only if no row has a problem."""

import contextlib
import datetime
import functools
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Kind, ParticipantActivity
from activities.services import activities_add_many, activity_add, activity_errors
from assessments.models import Answer, Assessment
from assessments.rules import AnswerInput, AssessmentInput, validate_answers, validate_date
from assessments.services import assessment_record, assessments_record_many
from assessments.signals import assessments_changed
from core.bulk import tables_analyse
from core.exceptions import RuleError
from instruments.models import InstrumentVersion
from participants.models import Gender, Outcome, Participant, Period, ReferralSource
from participants.pin import normalise_pin
from participants.services import (
    HistoryPeriod,
    NewHistory,
    participant_close,
    participant_reenrol,
    participants_create_with_history,
    period_history_errors,
)

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


# New participants written per batch by the bulk services (and their summary rows).
PERSONS_PER_BATCH = 1000


def _outside_periods() -> str:
    return _("Datumet ligger inte inom någon av deltagarens perioder i filen.")


def _column_for(name: str, default: str = "card") -> str:
    """The import column of a field the card's rules name (q_<code>, salary_amount…)."""
    if name.startswith("q_"):
        return name[2:]
    return {
        "assessed_on": "assessed_on",
        "version": "version",
        "coach_belief": "coach_belief",
        "job_search": "job_search",
        "salary_amount": "salary",
        "salary_alternative": "salary",
    }.get(name, default)


@functools.lru_cache(maxsize=64)
def _answer(value: str) -> AnswerInput:
    """The answer a cell holds; one shared object per value (read, never changed)."""
    if value.lower() == DECLINED:
        return AnswerInput(declined=True)
    return AnswerInput(level=int(value))


def _assessment_input(stored: tuple) -> AssessmentInput:
    _line, version, assessed_on, answers, belief, channels, amount, alternative = stored
    return AssessmentInput(
        version=version,
        assessed_on=assessed_on,
        mode=Assessment.Mode.PAPER,
        answers={code: _answer(value) for code, value in answers.items()},
        coach_belief=belief,
        job_search_channels=list(channels),
        salary_amount=amount,
        salary_alternative=alternative,
        same_day_confirmed=True,
    )


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
    def __init__(self, *, actor, rows: dict, keep: bool):
        self.actor = actor
        # False for the preview: the new participants' rows are checked, not written.
        self.keep = keep
        self.today = timezone.localdate()
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

    def _sheet(self, kind: str):
        """(line, {column key: text}) for each row of a sheet; assessments with their
        answers as {question code: text}. Made as they are read, not kept."""
        sheet = self.rows.get(kind)
        if not sheet:
            return
        if isinstance(sheet, list):  # kept before the rows were stored as lists
            yield from sheet
            return
        columns, codes = sheet["columns"], sheet["answers"]
        width = len(columns)
        for line, *values in sheet["rows"]:
            row = dict(zip(columns, values[:width], strict=True))
            if kind == "assessments":
                row["answers"] = {
                    code: value for code, value in zip(codes, values[width:], strict=True) if value
                }
            yield line, row

    def read_participants(self) -> None:
        sheet = list(self._sheet("participants"))
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
            for _line, row in self._sheet(kind):
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
        for line, row in self._sheet("periods"):
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
        for line, row in self._sheet("assessments"):
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
            stored = self._assessment_read(line, row, chosen)
            if stored is not None:
                person.assessments.append(stored)
        for line, row in self._sheet("activities"):
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

    def _assessment_read(self, line, row, version) -> tuple | None:
        """An assessment row checked by the card's rules, kept as a small tuple (the
        answers stay the row's own dict): (line, version, date, answers, belief,
        job-search channels, salary amount, salary alternative)."""
        dates = self._dates("assessments", line, row, ("assessed_on",))
        ok = dates is not None
        for code, value in row.get("answers", {}).items():
            if value.lower() != DECLINED and not value.isdigit():
                self.result.add(
                    "assessments",
                    line,
                    code,
                    _("Svaret ska vara en siffra 1–5 eller %(declined)s.") % {"declined": DECLINED},
                )
                ok = False
        belief = row.get("coach_belief") or None
        if belief is not None and not belief.isdigit():
            self.result.add("assessments", line, "coach_belief", _("Skriv en siffra 1–5."))
            ok = False
        questions = {q.kind: q for q in version.questions.all() if q.kind != "scale"}
        channels: list[str] = []
        options = questions["multi_choice"].option_codes() if "multi_choice" in questions else ()
        for value in filter(None, re.split(r"[,;]", row.get("job_search", ""))):
            code = value.strip().lower()
            if options and code not in options:
                self.result.add(
                    "assessments",
                    line,
                    "job_search",
                    _("”%(value)s” är ingen av kortets koder för jobbsökning.")
                    % {"value": value.strip()},
                )
                ok = False
            channels.append(code)
        amount, alternative = None, ""
        salary = "".join(row.get("salary", "").split())  # "25 000" is 25000
        if salary:
            alternatives = (
                {a["code"] for a in questions["salary"].alternatives}
                if "salary" in questions
                else set()
            )
            if salary.isdigit():
                amount = int(salary)
            elif salary.lower() in alternatives or not alternatives:
                alternative = salary.lower()
            else:
                self.result.add(
                    "assessments",
                    line,
                    "salary",
                    _("Skriv lönen i hela kronor per månad, eller en av koderna %(codes)s.")
                    % {"codes": ", ".join(sorted(alternatives))},
                )
                ok = False
        if not ok:
            return None
        stored = (
            line,
            version,
            dates["assessed_on"],  # type: ignore[index]
            row.get("answers", {}),
            int(belief) if belief else None,
            channels,
            amount,
            alternative,
        )
        errors = validate_answers(_assessment_input(stored), list(version.questions.all()))
        for name, messages in errors.items():
            for message in messages:
                self.result.add("assessments", line, _column_for(name), message)
        return None if errors else stored

    # Writing ----------------------------------------------------------------------

    def _call(self, kind, line, column, function, **kwargs):
        """One service call in a savepoint; a refusal becomes the row's problem."""
        try:
            with transaction.atomic():
                return function(**kwargs)
        except RuleError as error:
            for name, messages in error.errors.items():
                key = column if name == "__all__" else _column_for(name, column)
                for message in messages:
                    self.result.add(kind, line, key, message)
        except ValidationError as error:
            for message in error.messages:
                self.result.add(kind, line, column, message)
        return None

    def write(self) -> None:
        persons = sorted({id(p): p for p in self.people.values()}.values(), key=lambda p: p.line)
        matched = [p for p in persons if p.participant is not None]
        participant_ids = [p.participant.pk for p in matched]  # type: ignore[union-attr]
        done_assessments = selectors.existing_assessment_keys(participant_ids=participant_ids)
        done_activities = selectors.existing_activity_keys(participant_ids=participant_ids)
        periods = selectors.periods_by_participant(participant_ids=participant_ids)
        for person in matched:
            self._write_existing(person, periods, done_assessments, done_activities)
        plans = [
            plan
            for plan in (self._plan_new(p) for p in persons if p.participant is None and p.new)
            if plan is not None
        ]
        if self.keep and not self.result.problems:
            self._write_new(plans)

    def _write_existing(self, person: _Person, periods, done_assessments, done_activities):
        """Rows for a participant who is already here: one service call per new row (few:
        a file imported again has none)."""
        participant = person.participant
        assert participant is not None  # only the matched come here
        existing = {p.started_on: p for p in periods.get(participant.pk, [])}
        pending = sorted(person.assessments, key=lambda a: a[2])
        rows = sorted(person.periods, key=lambda p: p[1]["started_on"])
        for line, dates, source, outcome in rows:
            started_on = dates["started_on"]
            period = existing.get(started_on)
            if period is not None:
                self.result.counts["periods"]["matched"] += 1
            else:
                if (
                    self._call(
                        "periods",
                        line,
                        "started_on",
                        participant_reenrol,
                        actor=self.actor,
                        participant=participant,
                        started_on=started_on,
                        referral_source=source,
                        referral_date=dates["referral_date"],
                        coach=_latest_coach(participant),
                    )
                    is None
                ):
                    return
                self.result.counts["periods"]["created"] += 1
            closed_on = dates["closed_on"]
            inside = [
                a
                for a in pending
                if a[2] >= started_on and (closed_on is None or a[2] <= closed_on)
            ]
            pending = [a for a in pending if a not in inside]
            self._write_assessments(participant, inside, done_assessments)
            if closed_on and (period is None or period.closed_on is None):
                self._call(
                    "periods",
                    line,
                    "closed_on",
                    participant_close,
                    actor=self.actor,
                    participant=participant,
                    closed_on=closed_on,
                    outcome=outcome,
                )
        if not person.periods:
            self._write_assessments(participant, pending, done_assessments)
        else:
            for stored in pending:
                self.result.add("assessments", stored[0], "assessed_on", _outside_periods())
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
                    participant=participant,
                    data=data,
                )
                is not None
            ):
                done_activities.add(key)
                self.result.counts["activities"]["created"] += 1

    def _write_assessments(self, participant, rows, done) -> None:
        for stored in rows:
            line, version, assessed_on = stored[:3]
            key = (participant.pk, version.instrument_id, assessed_on.isoformat())
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
                    participant=participant,
                    data=_assessment_input(stored),
                )
                is not None
            ):
                done.add(key)
                self.result.counts["assessments"]["created"] += 1

    def _plan_new(self, person: _Person) -> tuple | None:
        """A new participant's history checked by the rules the bulk services keep
        (``period_history_errors``, ``validate_date``, ``activity_errors``), without a
        query: (person, history, [(assessment, period start)], [activity data])."""
        new = person.new
        assert new is not None  # write() plans only these
        rows = sorted(person.periods, key=lambda p: p[1]["started_on"])
        if not rows:
            self.result.add(
                "participants",
                person.line,
                "pin",
                _("Deltagaren behöver minst en rad i bladet Perioder."),
            )
            return None
        history = [
            HistoryPeriod(
                started_on=dates["started_on"],
                referral_source=source,
                referral_date=dates["referral_date"],
                closed_on=dates["closed_on"],
                outcome=outcome,
            )
            for _line, dates, source, outcome in rows
        ]
        ok = True
        for index, name, message in period_history_errors(history):
            self.result.add("periods", rows[index][0], name, message)
            ok = False
        assessments, seen = [], set()
        matched = {"assessments": 0, "activities": 0}
        for stored in sorted(person.assessments, key=lambda a: a[2]):
            line, version, day = stored[:3]
            period = next(
                (
                    p
                    for p in history
                    if p.started_on <= day and (p.closed_on is None or day <= p.closed_on)
                ),
                None,
            )
            if period is None:
                self.result.add("assessments", line, "assessed_on", _outside_periods())
                ok = False
                continue
            errors = validate_date(day, period_started_on=period.started_on, today=self.today)
            for message in errors:
                self.result.add("assessments", line, "assessed_on", message)
                ok = False
            if (version.instrument_id, day) in seen:
                matched["assessments"] += 1  # twice in the file: kept once
                continue
            seen.add((version.instrument_id, day))
            assessments.append((stored, period.started_on))
        activities, seen = [], set()
        for line, data in person.activities:
            for message in activity_errors(data=data):
                self.result.add("activities", line, "end_date", message)
                ok = False
            if (data["name"], data["start_date"]) in seen:
                matched["activities"] += 1
                continue
            seen.add((data["name"], data["start_date"]))
            activities.append(data)
        if not ok:
            return None
        counts = self.result.counts
        counts["participants"]["created"] += 1
        counts["periods"]["created"] += len(history)
        counts["assessments"]["created"] += len(assessments)
        counts["activities"]["created"] += len(activities)
        for kind, n in matched.items():
            counts[kind]["matched"] += n
        return (person, NewHistory(new["profile"], new["coach"], history), assessments, activities)

    def _write_new(self, plans: list[tuple]) -> None:
        """The new participants, a batch at a time through the bulk services; then the
        figures' summary rows of all of them, rebuilt as the services' signals would."""
        written: list[int] = []
        for start in range(0, len(plans), PERSONS_PER_BATCH):
            batch = plans[start : start + PERSONS_PER_BATCH]
            try:
                participants = participants_create_with_history(
                    actor=self.actor, histories=[plan[1] for plan in batch]
                )
                ImportKey.objects.bulk_create(
                    ImportKey(
                        organisation_id=self.organisation_id,
                        key=plan[0].new["import_key"],
                        participant=participant,
                    )
                    for participant, plan in zip(participants, batch, strict=True)
                    if plan[0].new["import_key"]
                )
                assessments_record_many(
                    actor=self.actor,
                    items=[
                        (participant, _assessment_input(stored), started_on)
                        for participant, plan in zip(participants, batch, strict=True)
                        for stored, started_on in plan[2]
                    ],
                )
                activities = [
                    (participant, data)
                    for participant, plan in zip(participants, batch, strict=True)
                    for data in plan[3]
                ]
                activities_add_many(actor=self.actor, items=activities)
            except RuleError as error:  # checked above; a refusal here is a bug, not a row
                self.result.add("participants", batch[0][0].line, "pin", str(error))
                return
            written += [p.pk for p in participants]
        tables_analyse([Participant, Period, Assessment, Answer, ParticipantActivity])
        # The receiver rebuilds all of a participant's summary rows (assessments and
        # activities alike), as after a form's save. On PostgreSQL for all of them at once:
        # its statements read the written tables in one pass whatever the number (per
        # 1 000, each pass read them again: 7 s a batch at 50 000 participants). SQLite
        # takes a parameter per participant, so a batch at a time there.
        step = len(written) if connection.vendor == "postgresql" else PERSONS_PER_BATCH
        for start in range(0, len(written), max(step, 1)):
            ids = written[start : start + step]
            assessments_changed.send(sender=Assessment, participant_ids=ids)

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
            result = _Importer(actor=actor, rows=batch.rows, keep=False).run()
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
            result = _Importer(actor=actor, rows=batch.rows, keep=True).run()
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
