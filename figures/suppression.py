"""Figures from fewer than N people are not shown (N is a setting, 5 by default), and
neither are figures that would let someone work such a figure out (ADR 0017).

Every figure shown together (on a page and in its exports) is a cell of one `Sheet`.
The sheet knows the sums that tie the cells together (rows and their total, groups and
the whole, outcomes and the number closed, quarters and the period, a share's part and
the rest of its whole) and hides cells in two steps:

1. primary: a cell stemming from 1 to N-1 people;
2. complementary: until, in every sum, either nothing is hidden or at least two cells
   are, and the hidden parts of a shown total add up to at least N people and to more
   than one person per hidden cell (hidden cells are known to be at least one: a zero
   is shown, so "1 + 1 = 2" would give both away). The cell hidden next is the
   smallest with people in it; the total when no part is left.

A share is shown only when its part and its whole both are: a share next to its whole
would otherwise give the hidden part back, and the rest of the whole is itself a count
(98 % of 100 says that 2 did not). Everything is done on the aggregated numbers, a few
hundred cells at most: no queries, no rows of people.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


def threshold() -> int:
    return settings.STEGVIS["SUPPRESSION_THRESHOLD"]


def hidden_label() -> str:
    """One label for every hidden cell: a label for the cells under the threshold and
    another for those hidden next to them would say which is which."""
    return _("dold")


def hidden_text(figure: "Figure") -> str:
    """What a hidden figure reads on a page and in an export: "dold", or "–" when
    nobody is behind it (a share of an empty whole), which hides no one."""
    return "–" if figure.people == 0 else hidden_label()


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
    """A count on its own, with no sum around it (a sheet does the sums)."""
    if n == 0:
        return Figure(value=0, people=0, suppressed=False)  # a zero points at nobody
    return Figure.of(n, n)


def share(part: int, whole: int) -> Figure:
    """A share in per cent, on its own: suppressed when the whole, the part or the rest
    of the whole is from too few people, since either would point at individuals."""
    if whole == 0:
        return Figure(value=None, people=0, suppressed=True)
    if 0 < part < threshold() or 0 < whole - part < threshold():
        return Figure(value=None, people=whole, suppressed=True)
    return Figure.of(round(100 * part / whole, 1), whole)


@dataclass
class _Cell:
    value: int
    people: int
    hidden: bool = False


class Sheet:
    """The figures shown together, the sums between them, and which are hidden."""

    def __init__(self):
        self._cells: dict[Hashable, _Cell] = {}
        self._sums: list[tuple[Hashable, tuple[Hashable, ...]]] = []
        self._protected = False

    def add(self, key: Hashable, value: int, *, people: int | None = None) -> Hashable:
        """A count (`people` when the value counts something else, such as pairs of
        answers). A key added twice is one cell: the first value stays."""
        if key not in self._cells:
            value = int(value or 0)
            self._cells[key] = _Cell(value=value, people=value if people is None else people)
            self._protected = False
        return key

    def value(self, key: Hashable) -> int:
        return self._cells[key].value

    def sum(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """`total` is the sum of `parts` (all added before)."""
        self._sums.append((total, tuple(parts)))
        self._protected = False

    def part(self, part: Hashable, whole: Hashable) -> Hashable:
        """`part` is a part of `whole`: the rest of the whole is a cell too (a share
        shown next to its whole gives it away). Returns the rest's key."""
        rest = ("rest", part, whole)
        self.add(rest, self.value(whole) - self.value(part))
        self.sum(whole, [part, rest])
        return rest

    def protect(self) -> "Sheet":
        n = threshold()
        for cell in self._cells.values():
            cell.hidden = 0 < cell.people < n
        changed = True
        while changed:
            changed = False
            for total, parts in self._sums:
                changed |= self._protect_sum(total, parts, n)
        self._protected = True
        return self

    def _protect_sum(self, total, parts, n) -> bool:
        cells = self._cells
        hidden = [p for p in parts if cells[p].hidden]
        if cells[total].hidden:
            if hidden or cells[total].value <= 0:
                return False  # the total moves with its hidden parts
            return self._hide_one(parts, fallback=None)
        if not hidden:
            return False
        people = sum(cells[p].value for p in hidden)
        if len(hidden) >= 2 and people >= max(n, len(hidden) + 1):
            return False
        return self._hide_one(parts, fallback=total)

    def _hide_one(self, parts, *, fallback) -> bool:
        candidates = [p for p in parts if not self._cells[p].hidden and self._cells[p].value > 0]
        if candidates:
            smallest = min(candidates, key=lambda p: self._cells[p].value)
            self._cells[smallest].hidden = True
            return True
        if fallback is not None and self._cells[fallback].value > 0:
            self._cells[fallback].hidden = True
            return True
        return False

    def hidden(self, key: Hashable) -> bool:
        if not self._protected:
            self.protect()
        return self._cells[key].hidden

    def count(self, key: Hashable) -> Figure:
        cell = self._cells[key]
        if self.hidden(key):
            return Figure(value=None, people=cell.people, suppressed=True)
        return Figure(value=cell.value, people=cell.people, suppressed=False)

    def people(self, key: Hashable) -> Figure:
        """The number of people behind a cell (a count of pairs, say), shown with it."""
        cell = self._cells[key]
        if self.hidden(key):
            return Figure(value=None, people=cell.people, suppressed=True)
        return Figure(value=cell.people, people=cell.people, suppressed=False)

    def statistic(self, value, *rests_on: Hashable):
        """A mean, median, interval or share of time computed from the people of the
        cells `rests_on`: shown (returned) only when each of them is shown and stems
        from at least N people, else None."""
        for key in rests_on:
            if self.hidden(key) or self._cells[key].people < threshold():
                return None
        return value

    def derived(self, value, *rests_on: Hashable) -> Figure:
        """`statistic` as a figure (a share of days, say), hidden like the cells."""
        people = min((self._cells[key].people for key in rests_on), default=0)
        shown = self.statistic(value, *rests_on)
        return Figure(value=shown, people=people, suppressed=shown is None)

    def share(self, part: Hashable, whole: Hashable) -> Figure:
        """`part` of `whole` in per cent; hidden with either, and when the whole is 0.
        The part must have been declared with `part`, so that its rest counts too."""
        assert ("rest", part, whole) in self._cells, "declare the share with Sheet.part"
        whole_cell = self._cells[whole]
        if whole_cell.value <= 0:
            return Figure(value=None, people=0, suppressed=True)
        if self.hidden(part) or self.hidden(whole):
            return Figure(value=None, people=whole_cell.people, suppressed=True)
        value = round(100 * self._cells[part].value / whole_cell.value, 1)
        return Figure(value=value, people=whole_cell.people, suppressed=False)
