"""Figures from fewer than N people are not shown (N is a setting, 5 by default)."""

from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return settings.STEGVIS["SUPPRESSION_THRESHOLD"]


@dataclass(frozen=True)
class Figure:
    """A value and the number of people it stems from; suppressed under the threshold."""

    value: float | int | None
    people: int
    suppressed: bool

    @classmethod
    def of(cls, value, people: int) -> "Figure":
        hidden = people < threshold() or value is None
        return cls(value=None if hidden else value, people=people, suppressed=hidden)


def count(n: int) -> Figure:
    if n == 0:
        return Figure(value=0, people=0, suppressed=False)  # a zero points at nobody
    return Figure.of(n, n)


def share(part: int, whole: int) -> Figure:
    """A share in per cent; suppressed when the whole or the part is too small, since a
    part under the threshold could point at individuals."""
    if whole == 0:
        return Figure(value=None, people=0, suppressed=True)
    figure = Figure.of(round(100 * part / whole, 1), whole)
    if 0 < part < threshold():
        return Figure(value=None, people=whole, suppressed=True)
    return figure


def suppress_complements(cells: list[Figure], total_shown: bool) -> list[Figure]:
    """If exactly one cell of a breakdown is hidden while the total is shown, it could
    be worked out by subtraction: hide the next smallest cell too."""
    hidden = [c for c in cells if c.suppressed and c.people > 0]
    if not total_shown or len(hidden) != 1:
        return cells
    # A zero hides nothing: the next smallest cell with people in it goes.
    visible = sorted((c for c in cells if not c.suppressed and c.people), key=lambda c: c.people)
    if not visible:
        return cells
    target = visible[0]
    return [
        Figure(value=None, people=c.people, suppressed=True) if c is target else c for c in cells
    ]
