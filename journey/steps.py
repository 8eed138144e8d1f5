"""The steps of the participant journey ("Fler i Arbete", seed 004), and where the step
apps register them.

A leaf module: it imports nothing of the project, so every step app can import it
without depending on the journey app's pages. Each step app registers, in its
``AppConfig.ready``, a selector ``journey_steps(*, participant) -> list[Step]`` that makes
a fixed number of queries; the journey app puts them in the handbook's order on the
participant page (ADR 0010, ADR 0019).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ImproperlyConfigured

# The handbook's order, by the app that answers for the steps.
STEP_APPS = ("referrals", "intake", "mapping", "matching", "worktraining", "employment")


@dataclass(frozen=True)
class Step:
    key: str  # stable identifier, e.g. "referral", "intake", "mapping"
    label: str  # translated name of the step (gettext)
    done_on: date | None  # when the step was completed; None while not done
    url: str = ""  # where the coach works on the step
    detail: str = ""  # one short translated line: "2 av 3 möten", "Samtycke: AF, FK"
    started_on: date | None = None  # for steps that run over time (work training)
    # A recurring step (the monthly follow-up) is done for its period; `due` says the
    # current period's one is missing, whatever was done before.
    due: bool = False
    warning: str = ""  # a translated line when the step went against the handbook's order

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


# (start, end or None while it runs, label): a period the timeline draws as a bar.
Period = tuple[date, date | None, str]
StepSource = Callable[..., list[Step]]
PeriodSource = Callable[..., Sequence[Period]]

_steps: dict[str, StepSource] = {}
_periods: dict[str, PeriodSource] = {}


def register(app_label: str, *, steps: StepSource, periods: PeriodSource | None = None) -> None:
    """Called by a step app's ``AppConfig.ready``. ``periods(*, participant)``, when
    given, lists the app's periods that the timeline draws beside the activities, as
    bars of the app's own kind (employment)."""
    if app_label not in STEP_APPS:
        raise ImproperlyConfigured(
            f"{app_label!r} is not a step of the journey; add it to journey.steps.STEP_APPS "
            "in the handbook's order."
        )
    _steps[app_label] = steps
    if periods is not None:
        _periods[app_label] = periods


def step_sources() -> list[StepSource]:
    """Every step app's selector, in the handbook's order."""
    missing = [label for label in STEP_APPS if label not in _steps]
    if missing:
        raise ImproperlyConfigured(
            f"Journey steps not registered by {', '.join(missing)}: call "
            "journey.steps.register in the app's AppConfig.ready."
        )
    return [_steps[label] for label in STEP_APPS]


def period_sources() -> list[tuple[str, PeriodSource]]:
    """(app label, source) of the apps that draw periods on the timeline, in order."""
    return [(label, _periods[label]) for label in STEP_APPS if label in _periods]
