"""The steps of the participant journey ("Fler i Arbete", seed 004).

Each app of the journey answers for its own steps through a selector
``journey_steps(*, participant) -> list[Step]`` that makes a fixed number of
queries; the journey app puts them in the handbook's order on the participant page.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Step:
    key: str  # stable identifier, e.g. "referral", "intake", "mapping"
    label: str  # translated name of the step (gettext)
    done_on: date | None  # when the step was completed; None while not done
    url: str = ""  # where the coach works on the step
    detail: str = ""  # one short translated line: "2 av 3 möten", "Samtycke: AF, FK"
    started_on: date | None = None  # for steps that run over time (work training)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
