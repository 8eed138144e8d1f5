"""The participant's pages are a sequence of steps: one per scale question, then the
job-search and salary questions where the card has them, then a review."""

from dataclasses import dataclass

from instruments.models import Question


@dataclass
class Step:
    number: int
    kind: str  # "scale", "multi_choice", "salary", "review"
    question: Question | None = None

    @property
    def key(self) -> str:
        if self.kind == "scale":
            assert self.question is not None  # a scale step asks one question
            return f"q_{self.question.code}"
        return {"multi_choice": "job_search", "salary": "salary"}.get(self.kind, "")


def steps_for(version) -> list[Step]:
    questions = sorted(version.questions.all(), key=lambda q: q.number)
    ordered = (
        [q for q in questions if q.kind == "scale"]
        + [q for q in questions if q.kind == "multi_choice"]
        + [q for q in questions if q.kind == "salary"]
    )
    steps = [Step(number=i, kind=q.kind, question=q) for i, q in enumerate(ordered, start=1)]
    steps.append(Step(number=len(steps) + 1, kind="review"))
    return steps


def first_unanswered(steps: list[Step], draft: dict) -> Step:
    for step in steps:
        if step.kind != "review" and step.key not in draft:
            return step
    return steps[-1]
