import datetime

from assessments import services
from assessments.rules import AnswerInput, AssessmentInput
from instruments.models import InstrumentVersion


def card(code: str) -> InstrumentVersion:
    """The shipped version of a card (loaded by the instruments data migration)."""
    return InstrumentVersion.objects.get(instrument__code=code, organisation__isnull=True, number=1)


def scale_codes(version) -> list[str]:
    return list(version.questions.filter(kind="scale").values_list("code", flat=True))


def answers(version, levels=None, **overrides) -> dict[str, AnswerInput]:
    """Answers for every scale question: a list of levels, or 3 for all; None = declined."""
    codes = scale_codes(version)
    levels = levels if levels is not None else [3] * len(codes)
    result = {
        code: AnswerInput(declined=True) if level is None else AnswerInput(level=level)
        for code, level in zip(codes, levels, strict=True)
    }
    result.update(overrides)
    return result


def make_assessment(*, coach, participant, code="smail", on=None, levels=None, **fields):
    """A saved assessment. Tests set up many on one default day: the question asked
    before a second one the same day is answered yes unless a test says otherwise."""
    version = card(code)
    fields.setdefault("same_day_confirmed", True)
    return services.assessment_record(
        actor=coach,
        participant=participant,
        data=AssessmentInput(
            version=version,
            assessed_on=on or datetime.date(2026, 2, 1),
            mode="together",
            answers=answers(version, levels),
            **fields,
        ),
    )
