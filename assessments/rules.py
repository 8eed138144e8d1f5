"""What makes an assessment's answers valid. Forms, services and the participant's
own pages all call this one function."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from instruments.models import InstrumentVersion, Question

MAX_SALARY = 200_000


@dataclass
class AnswerInput:
    level: int | None = None
    declined: bool = False
    note: str = ""


@dataclass
class AssessmentInput:
    version: InstrumentVersion
    assessed_on: datetime.date | None
    mode: str
    presentation: str = "descriptions"
    answers: dict[str, AnswerInput] = field(default_factory=dict)
    coach_belief: int | None = None
    job_search_channels: list[str] = field(default_factory=list)
    salary_amount: int | None = None
    salary_alternative: str = ""
    violence: dict | None = None
    # A second assessment of the same card on the same day is refused unless confirmed.
    same_day_confirmed: bool = False


def questions_by_kind(questions: list[Question]) -> dict[str, list[Question]]:
    grouped: dict[str, list[Question]] = {"scale": [], "multi_choice": [], "salary": []}
    for question in questions:
        grouped.setdefault(question.kind, []).append(question)
    return grouped


def validate_answers(
    data: AssessmentInput, questions: list[Question], *, require_all: bool = True
) -> dict[str, list[str]]:
    """Errors per field name (q_<code>, job_search, salary_amount, …)."""
    errors: dict[str, list[str]] = {}
    grouped = questions_by_kind(questions)
    scale_codes = {q.code for q in grouped["scale"]}
    for code in data.answers:
        if code not in scale_codes:
            errors.setdefault("__all__", []).append(
                _("Frågan ”%(code)s” finns inte på den här kortversionen.") % {"code": code}
            )
    for question in grouped["scale"]:
        answer = data.answers.get(question.code)
        key = f"q_{question.code}"
        if answer is None or (answer.level is None and not answer.declined):
            if require_all:
                errors.setdefault(key, []).append(_("Välj en siffra 1–5 eller ”Vill inte svara”."))
            continue
        if answer.declined and answer.level is not None:
            errors.setdefault(key, []).append(
                _("Välj antingen en siffra eller ”Vill inte svara”, inte båda.")
            )
        elif answer.level is not None and not (
            data.version.scale_min <= answer.level <= data.version.scale_max
        ):
            errors.setdefault(key, []).append(_("Svaret måste vara en siffra från 1 till 5."))
    for question in grouped["multi_choice"]:
        chosen = set(data.job_search_channels)
        unknown = chosen - question.option_codes()
        if unknown:
            errors.setdefault("job_search", []).append(
                _("Ett av alternativen finns inte på kortet.")
            )
        exclusive = chosen & question.exclusive_codes()
        if exclusive and len(chosen) > 1:
            labels = ", ".join(f"”{_option_text(question, code)}”" for code in sorted(exclusive))
            errors.setdefault("job_search", []).append(
                _("%(options)s kan inte kombineras med andra alternativ.") % {"options": labels}
            )
    if data.job_search_channels and not grouped["multi_choice"]:
        errors.setdefault("job_search", []).append(_("Kortet har ingen fråga om jobbsökning."))
    if grouped["salary"]:
        salary = grouped["salary"][0]
        alternatives = {a["code"] for a in salary.alternatives}
        if data.salary_alternative and data.salary_alternative not in alternatives:
            errors.setdefault("salary_alternative", []).append(
                _("Alternativet finns inte på kortet.")
            )
        if data.salary_amount is not None:
            if data.salary_amount <= 0 or data.salary_amount > MAX_SALARY:
                errors.setdefault("salary_amount", []).append(
                    _("Ange en månadslön mellan 1 och 200 000 kronor.")
                )
            elif data.salary_alternative:
                errors.setdefault("salary_amount", []).append(
                    _("Ange antingen ett belopp eller ett av alternativen, inte båda.")
                )
    elif data.salary_amount is not None or data.salary_alternative:
        errors.setdefault("salary_amount", []).append(_("Kortet har ingen fråga om lön."))
    if data.coach_belief is not None and not 1 <= data.coach_belief <= 5:
        errors.setdefault("coach_belief", []).append(_("Tilltron anges med en siffra 1–5."))
    return errors


def _option_text(question: Question, code: str) -> str:
    from instruments.models import localised

    for option in question.options:
        if option["code"] == code:
            return localised(option["text"])
    return code


def validate_date(
    assessed_on: datetime.date | None,
    *,
    period_started_on: datetime.date | None,
    today: datetime.date,
) -> list[str]:
    if assessed_on is None:
        return [_("Ange datum för skattningen.")]
    if assessed_on > today:
        return [_("Datumet kan inte ligga i framtiden.")]
    if period_started_on and assessed_on < period_started_on:
        return [
            _("Datumet kan inte ligga före inskrivningen (%(date)s).")
            % {"date": period_started_on.isoformat()}
        ]
    return []
