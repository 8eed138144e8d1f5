"""Differencing: no hidden figure can be worked out from the figures shown with it.

An analyst (written here, independently of figures/suppression.py) reads a page and its
exports as the pages and views compute them: every figure shown is a known value, every
hidden one an unknown of at least 1 (zeros are shown), every share shown gives its part
and its whole away (conservatively, even when the whole is not printed), and whatever is
not printed at all (the closed to work per organisation, say) is an unknown of at least 0.
The equations are the sums a reader knows: rows and their total, organisations and the
county, groups and the whole, the outcomes and the number closed, quarters and the new,
the pairs per indicator and their column. Inequalities: new and closed are at most the
active, a part at most its whole.

For every hidden figure, and every figure from 1 to 4 people that is not printed, the
analyst then looks for another non-negative integer solution of all of that in which the
figure has another value: the null space of the equations (exact, with fractions) gives
the directions in which the unknowns can move together, and a few steps along them (and
along pairs of them) that stay within the bounds prove the figure undetermined. A
figure for which none is found counts as worked out, and the test fails.
"""

import dataclasses
import datetime
import random
from math import isinf

import pytest
from django.urls import reverse

from accounts.models import Organisation, Role
from accounts.tests.factories import OrganisationFactory, UnitFactory, make_user
from activities.tests.factories import make_activity
from assessments.tests.factories import make_assessment
from figures import selectors
from figures.suppression import Sheet, threshold
from figures.tests.exports_read import read_csv, read_xlsx
from participants import services as participant_services
from participants.models import WORK_OR_STUDIES, Gender, Outcome
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"date_from": D(2026, 1, 1), "date_to": D(2026, 12, 31)}
PARAMS = {k: v.isoformat() for k, v in PERIOD.items()}
GENDER_BY_LABEL = {str(label): value for value, label in Gender.choices}
OUTCOME_BY_LABEL = {str(label): value for value, label in Outcome.choices}


@dataclasses.dataclass
class Shown:
    """A figure read back from an export: a number, or hidden."""

    value: float | None
    suppressed: bool


class Analyst:
    def __init__(self):
        self.known: dict = {}
        self.unknown: dict = {}  # name -> (true value, lower bound)
        self.protect: set = set()
        self.equations: list[dict] = []
        self.at_most: list[tuple] = []
        self.shares: list[tuple] = []

    def learn(self, name, value):
        if name in self.known:
            assert self.known[name] == value, (name, self.known[name], value)
        self.known[name] = value
        self.unknown.pop(name, None)

    def quantity(self, name, true):
        """Something not printed as such: unknown unless learnt elsewhere."""
        if name not in self.known and name not in self.unknown:
            self.unknown[name] = (true, 0)
        if 0 < true < threshold():
            self.protect.add(name)

    def count(self, name, figure, true):
        if figure.suppressed:
            assert true > 0, f"{name}: a zero is shown, never hidden"
            self.protect.add(name)
            if name not in self.known:
                self.unknown[name] = (true, 1)
        else:
            assert figure.value == true, (name, figure.value, true)
            self.learn(name, true)

    def share(self, part, whole, figure, part_true, whole_true):
        if figure.suppressed:
            self.quantity(part, part_true)
            self.quantity(whole, whole_true)
        else:
            assert figure.value == pytest.approx(round(100 * part_true / whole_true, 1))
            self.learn(part, part_true)
            self.learn(whole, whole_true)
            self.shares.append((part, part_true, whole_true))

    def total(self, total, parts):
        equation = {total: -1}
        for part in parts:
            equation[part] = equation.get(part, 0) + 1
        self.equations.append(equation)

    def most(self, small, big):
        self.at_most.append((small, big))

    # Solving

    def worked_out(self) -> list:
        """The protected figures for which no other value fits what is shown."""
        t = threshold()
        for part, value, whole in self.shares:
            assert whole >= t, f"share {part}: its whole is under the threshold"
            assert not 0 < value < t, f"share {part} gives away a part of {value}"
            assert not 0 < whole - value < t, f"share {part} gives away a rest of {whole - value}"
        names = sorted(self.unknown, key=repr)
        index = {n: j for j, n in enumerate(names)}
        truth = [self.unknown[n][0] for n in names]

        def linear(terms, equation):
            coefficients, rhs = {}, 0
            for name, c in terms:
                if name in index:
                    coefficients[index[name]] = coefficients.get(index[name], 0) + c
                else:
                    rhs -= c * self.known[name]
            coefficients = {j: c for j, c in coefficients.items() if c}
            value = sum(c * truth[j] for j, c in coefficients.items())
            assert value == rhs if equation else value <= rhs, terms  # the truth fits
            return coefficients, rhs, equation

        constraints = [linear(e.items(), True) for e in self.equations]
        constraints += [linear([(a, 1), (b, -1)], False) for a, b in self.at_most]
        lower = [self.unknown[n][1] for n in names]
        found = []
        for name in sorted(self.protect, key=repr):
            if name in self.known:
                found.append(name)
                continue
            i = index[name]
            below = [(lo, INF) for lo in lower]
            below[i] = (lower[i], truth[i] - 1)
            above = [(lo, INF) for lo in lower]
            above[i] = (truth[i] + 1, INF)
            solver = _Solver(constraints, truth)
            if not (solver.solve(below) or solver.solve(above)):
                found.append(name)
        return found


INF = float("inf")


class _Solver:
    """Is there an integer solution of the constraints within the bounds? Bounds
    propagation, then a search that tries the values nearest the truth first."""

    def __init__(self, constraints, truth):
        self.constraints = constraints
        self.truth = truth
        self.nodes = 0

    def _propagate(self, bounds) -> list | None:
        bounds = list(bounds)
        changed = True
        while changed:
            changed = False
            for coefficients, rhs, equation in self.constraints:
                low_sum = sum(
                    min(c * bounds[k][0], c * bounds[k][1]) for k, c in coefficients.items()
                )
                high_sum = sum(
                    max(c * bounds[k][0], c * bounds[k][1]) for k, c in coefficients.items()
                )
                for j, c in coefficients.items():
                    lo, hi = bounds[j]
                    own_low, own_high = min(c * lo, c * hi), max(c * lo, c * hi)
                    # c x_j <= rhs - (the rest at its lowest); = also >= rhs - (at its highest)
                    most = rhs - (low_sum - own_low) if not isinf(own_low) else INF
                    least = rhs - (high_sum - own_high) if not isinf(own_high) else -INF
                    if isinf(low_sum) and not isinf(own_low):
                        most = INF
                    if isinf(high_sum) and not isinf(own_high):
                        least = -INF
                    if c > 0:
                        if not isinf(most):
                            hi = min(hi, int(most) // c)
                        if equation and not isinf(least):
                            lo = max(lo, -(-int(least) // c))
                    else:
                        if not isinf(most):
                            lo = max(lo, -(-int(most) // c))
                        if equation and not isinf(least):
                            hi = min(hi, int(least) // c)
                    if lo > hi:
                        return None
                    if (lo, hi) != bounds[j]:
                        bounds[j] = (lo, hi)
                        changed = True
                        break  # the sums are stale: start this constraint again
        return bounds

    def solve(self, bounds) -> bool:
        self.nodes += 1
        if self.nodes > 5000:
            return False
        bounds = self._propagate(bounds)
        if bounds is None:
            return False
        open_ = [j for j, (lo, hi) in enumerate(bounds) if lo != hi]
        if not open_:
            return True
        j = min(open_, key=lambda k: bounds[k][1] - bounds[k][0])
        lo, hi = bounds[j]
        start = min(max(self.truth[j], lo), hi)
        values = [start]
        for step in range(1, 40):
            values += [v for v in (start - step, start + step) if lo <= v <= hi]
        return any(self.solve([*bounds[:j], (v, v), *bounds[j + 1 :]]) for v in values)


# The pages as an analyst reads them


def _flow(analyst, context, scope):
    flow = selectors.flow(scope)
    analyst.count("A", context["active"], flow.active)
    analyst.count("N", context["new"], flow.new)
    analyst.count("C", context["closed"], flow.closed)
    analyst.share("W", "C", context["work_share"], flow.work_or_studies, flow.closed)
    for small in ("N", "C"):
        analyst.most(small, "A")
    analyst.most("W", "C")
    shown = {OUTCOME_BY_LABEL[str(row["outcome"])]: row["n"] for row in context["outcome_rows"]}
    for outcome in Outcome.values:
        if outcome in shown:
            analyst.count(("O", outcome), shown[outcome], flow.outcomes.get(outcome, 0))
        else:
            analyst.learn(("O", outcome), 0)  # outcomes left out of the table are none
    analyst.total("C", [("O", o) for o in Outcome.values])
    analyst.total("W", [("O", o) for o in WORK_OR_STUDIES])
    quarters = selectors.new_per_quarter(scope)
    assert len(quarters) == len(context["months"])
    for (label, figure), (_q, n) in zip(context["months"], quarters, strict=True):
        analyst.count(("Q", label), figure, n)
    analyst.total("N", [("Q", label) for label, _f in context["months"]])
    genders = selectors.by_gender(scope)
    for row in context["gender_rows"]:
        g = GENDER_BY_LABEL[str(row["gender"])]
        truth = genders[g]
        analyst.count(("g", g, "A"), row["active"], truth["active"])
        analyst.share(("g", g, "W"), ("g", g, "C"), row["work"], truth["work"], truth["closed"])
        analyst.most(("g", g, "C"), ("g", g, "A"))
    for measure in ("A", "C", "W"):
        analyst.total(measure, [("g", g, measure) for g in genders])
    factors = selectors.success_factors(scope)
    gaps = selectors.continuity(scope)
    for name, key, part in (
        ("NC", "no_change_share", factors.no_coach_change),
        ("J", "job_share", factors.with_job_focus),
        ("PA", "parallel_share", factors.with_parallel),
        ("LG", "gap_share", gaps.with_long_gap),
    ):
        analyst.share(name, "A", context[key], part, flow.active)
    analyst.share(
        "HO", "CC", context["handover_share"], factors.changes_with_handover, factors.coach_changes
    )
    cadence = context["cadence"]
    # Printed in the sentence above the share.
    analyst.count("AS", context["assessments"], cadence.assessments)
    analyst.count("FU", context["follow_ups"], cadence.follow_ups)
    analyst.most("FU", "AS")
    analyst.share("WI", "FU", context["within_share"], cadence.within_interval, cadence.follow_ups)


def _organisations(analyst, context, scope):
    overview = selectors.organisation_overview(scope)
    assert len(overview) == len(context["rows"])
    for row, truth in zip(context["rows"], overview, strict=True):
        o, flow = truth["organisation"].pk, truth["flow"]
        analyst.count(("A", o), row["active"], flow.active)
        analyst.count(("N", o), row["new"], flow.new)
        analyst.count(("C", o), row["closed"], flow.closed)
        analyst.share(("W", o), ("C", o), row["work_share"], flow.work_or_studies, flow.closed)
        analyst.most(("N", o), ("A", o))
        analyst.most(("C", o), ("A", o))
        analyst.most(("W", o), ("C", o))
    for measure in ("A", "N", "C", "W"):
        analyst.total(measure, [(measure, r["organisation"].pk) for r in overview])


def _indicators(analyst, context, scope):
    changes = {c.code: c for c in selectors.indicator_changes(scope)}
    for row in context["indicators"]:
        item = changes[row["item"].code]
        key = ("i", item.code)
        analyst.count((*key, "P"), row["people"], item.people)
        analyst.share((*key, "I"), (*key, "P"), row["improved"], item.improved, item.people)
        analyst.count((*key, "L"), row["low"], item.low_latest)
        analyst.share(
            (*key, "LA"),
            (*key, "L"),
            row["low_with_activity"],
            item.low_with_activity,
            item.low_latest,
        )
        analyst.most((*key, "I"), (*key, "P"))
        analyst.most((*key, "L"), (*key, "P"))
        if row["people"].suppressed:
            assert row["mean_change"] is None
    shown = {row["item"].code for row in context["indicators"]}
    for code, item in changes.items():
        if code not in shown:  # not in an export without a card: unknown
            analyst.quantity(("i", code, "I"), item.improved)
            analyst.quantity(("i", code, "P"), item.people)
    analyst.quantity("I", sum(c.improved for c in changes.values()))
    analyst.quantity("P", sum(c.people for c in changes.values()))
    analyst.total("I", [("i", code, "I") for code in changes])
    analyst.total("P", [("i", code, "P") for code in changes])


def _effects(analyst, context, scope):
    truth = {(e.combination, e.code): e for e in selectors.what_works(scope)}
    for combination, row in zip(selectors.COMBINATIONS, context["effect_rows"], strict=True):
        analyst.count(("e", combination), row["pairs"], truth[(combination, "")].pairs)
        if row["pairs"].suppressed:
            assert row["mean"] is None
    changes = [row["item"].code for row in context["indicators"]]
    # Per indicator with one card only (not computed with both).
    shown = changes if context["effect_indicators"] else []
    for code, row in zip(shown, context["effect_indicators"], strict=True):
        for combination, cell in zip(selectors.COMBINATIONS, row["cells"], strict=True):
            found = truth.get((combination, code))
            analyst.count(("e", combination, code), cell["pairs"], found.pairs if found else 0)
            if cell["pairs"].suppressed:
                assert cell["mean"] is None
    if context["effect_indicators"]:
        for combination in selectors.COMBINATIONS:
            analyst.total(("e", combination), [("e", combination, code) for code in changes])


def _comparison(analyst, context, scope, dimension):
    if dimension == "gender":
        groups = [(v, {"gender": v}) for v, _l in Gender.choices]
    else:
        groups = [(band, {"age_band": band}) for band in selectors.AGE_BANDS]
    rows = context["comparison"]["rows"]
    assert len(rows) == len(groups)
    prefix = "g" if dimension == "gender" else dimension
    for (value, overrides), row in zip(groups, rows, strict=True):
        group = dataclasses.replace(scope, **overrides)
        flow = selectors.flow(group)
        factors = selectors.success_factors(group)
        changes = selectors.indicator_changes(group)
        key = (prefix, value)
        analyst.count((*key, "A"), row["active"], flow.active)
        analyst.share(
            (*key, "W"), (*key, "C"), row["work_share"], flow.work_or_studies, flow.closed
        )
        analyst.share(
            (*key, "I"),
            (*key, "P"),
            row["improved"],
            sum(c.improved for c in changes),
            sum(c.people for c in changes),
        )
        for name, field, part in (
            ("NC", "no_change", factors.no_coach_change),
            ("J", "job", factors.with_job_focus),
            ("PA", "parallel", factors.with_parallel),
        ):
            analyst.share((*key, name), (*key, "A"), row[field], part, flow.active)
    for measure in ("A", "C", "W", "I", "P", "NC", "J", "PA"):
        analyst.total(measure, [(prefix, v, measure) for v, _o in groups])


class _Read:
    """An export's figures, looked up by (table, row, column) and ticked off."""

    def __init__(self, figures):
        self.figures = figures
        self.unread = set(figures)

    def __call__(self, table, row, column):
        key = (table, str(row), column)
        self.unread.discard(key)
        value = self.figures[key]
        if isinstance(value, str):
            assert value in ("dold", "–"), (key, value)  # never a zero for a hidden one
            return Shown(None, True)
        return Shown(float(value) if value % 1 else int(value), False)


def _same(page, shown, key):
    """The export shows the page's figure: the same value, or hidden on both."""
    if page is None or page.suppressed:
        assert shown.suppressed, key
    else:
        assert not shown.suppressed, key
        assert shown.value == pytest.approx(page.value), key


def _exported_context(read, context, county):
    """The page's context with every figure taken from the export instead (a KeyError is
    a figure of the page missing from the export); the page readers above then read the
    export as they read the page."""
    exported = dict(context)

    def take(page, table, row, column):
        shown = read(table, row, column)
        _same(page, shown, (table, row, column))
        return shown

    people = "Deltagare under perioden"
    for key, label in (("active", "Aktiva"), ("new", "Nya"), ("closed", "Avslutade")):
        exported[key] = take(context[key], people, label, "Värde")
    share = "Andel avslutade till arbete eller studier (%)"
    exported["work_share"] = take(context["work_share"], people, share, "Värde")
    exported["months"] = [
        (label, take(f, "Nya deltagare per kvartal", label, "Nya"))
        for label, f in context["months"]
    ]
    exported["outcome_rows"] = [
        {**row, "n": take(row["n"], "Utfall för avslutade under perioden", row["outcome"], "Antal")}
        for row in context["outcome_rows"]
    ]
    gender = "Per kön (jämställdhet)"
    exported["gender_rows"] = [
        {
            **row,
            "active": take(row["active"], gender, row["gender"], "Aktiva"),
            "work": take(row["work"], gender, row["gender"], "Andel till arbete eller studier (%)"),
        }
        for row in context["gender_rows"]
    ]
    if county:
        columns = {
            "active": "Aktiva",
            "new": "Nya",
            "closed": "Avslutade",
            "work_share": "Till arbete eller studier (%)",
        }
        exported["rows"] = [
            {
                **row,
                **{
                    k: take(row[k], "Per organisation", row["organisation"], c)
                    for k, c in columns.items()
                },
            }
            for row in context["rows"]
        ]
    if context["comparison"]:
        title = f"Jämförelse per {context['comparison']['dimension']}"
        columns = {
            "active": "Aktiva",
            "work_share": "Till arbete eller studier (%)",
            "improved": "Förbättrade minst ett steg (%)",
            "no_change": "Utan handledarbyte (%)",
            "job": "Jobbfokuserad insats (%)",
            "parallel": "Parallella insatser (%)",
        }
        exported["comparison"] = {
            **context["comparison"],
            "rows": [
                {**row, **{k: take(row[k], title, row["label"], c) for k, c in columns.items()}}
                for row in context["comparison"]["rows"]
            ],
        }
    cadence = "Skattningar under perioden"
    exported["assessments"] = take(context["assessments"], cadence, "Skattningar", "Värde")
    exported["follow_ups"] = take(
        context["follow_ups"], cadence, "Uppföljande skattningar", "Värde"
    )
    exported["within_share"] = take(
        context["within_share"],
        cadence,
        "Andel uppföljande skattningar gjorda inom intervallet (%)",
        "Värde",
    )
    if context["card_chosen"]:
        table = "Progression per indikator"
        low = f"Senaste under {context['low_score']}"
        columns = {
            "people": "Deltagare",
            "improved": "Förbättrade minst ett steg (%)",
            "low": low,
            "low_with_activity": "… med kopplad insats (%)",
        }
        exported["indicators"] = [
            {**row, **{k: take(row[k], table, row["item"].name, c) for k, c in columns.items()}}
            for row in context["indicators"]
        ]
    else:
        exported["indicators"] = []
    works = "Förändring mellan skattningar efter insatser däremellan"
    exported["effect_rows"] = [
        {**row, "pairs": take(row["pairs"], works, row["label"], "Par av svar")}
        for row in context["effect_rows"]
    ]
    if context["card_chosen"]:
        table = "Medelförändring per indikator efter insatser mellan skattningarna"
        exported["effect_indicators"] = [
            {
                **row,
                "cells": [
                    {
                        **cell,
                        "pairs": take(cell["pairs"], table, row["name"], f"{label}: par av svar"),
                    }
                    for label, cell in zip(context["combination_labels"], row["cells"], strict=True)
                ],
            }
            for row in context["effect_indicators"]
        ]
    else:
        exported["effect_indicators"] = []
    factors = "De fem framgångsfaktorerna"
    for row in context["factor_rows"]:
        if "figure" not in row:
            continue
        label = f"{row['number']}. {row['label']}" if row.get("number") else row["label"]
        shown = take(row["figure"], factors, f"{label} (%)", "Värde")
        for key in (
            "no_change_share",
            "handover_share",
            "job_share",
            "gap_share",
            "parallel_share",
        ):
            if context[key] is row["figure"]:
                exported[key] = shown
    return exported


def _export(analyst, figures, context, scope, *, county=False, compare=""):
    """The figures export read back (CSV or XLSX) on top of the page: what it shows is
    known too, under the same names; every figure of the page is in it, and every count
    and share in it is one of the page's."""
    read = _Read(figures)
    exported = _exported_context(read, context, county)
    _flow(analyst, exported, scope)
    if county:
        _organisations(analyst, exported, scope)
    _indicators(analyst, exported, scope)
    _effects(analyst, exported, scope)
    if compare:
        _comparison(analyst, exported, scope, compare)
    # Left: the means, medians, intervals, days and words, each the page's or "–".
    for key in read.unread:
        value = figures[key]
        assert isinstance(value, str) or ("(%)" not in key[2] and "(%)" not in key[1]), key


def _audit(analyst):
    found = analyst.worked_out()
    assert not found, f"worked out from the shown figures: {found}"
    return analyst


def _county(client, **params):
    client.force_login(make_user(Role.COUNTY_ANALYST))
    response = client.get(reverse("figures:county"), {**PARAMS, **params})
    assert response.status_code == 200
    scope = selectors.Scope(
        organisation_ids=list(Organisation.objects.values_list("id", flat=True)), **PERIOD
    )
    return response, scope


def _audit_county(client, **params):
    response, scope = _county(client, **params)
    context = response.context
    analyst = Analyst()
    _flow(analyst, context, scope)
    _organisations(analyst, context, scope)
    _indicators(analyst, context, scope)
    _effects(analyst, context, scope)
    if params.get("compare"):
        _comparison(analyst, context, scope, params["compare"])
    _audit(analyst)
    _audit_exports(client, reverse("figures:county"), context, scope, params, county=True)
    return context, analyst


def _audit_exports(client, url, context, scope, params, *, county=False):
    """The CSV and the XLSX, each read alone and on top of the page."""
    compare = params.get("compare", "")
    for kind in ("csv", "xlsx"):
        response = client.get(url, {**PARAMS, **params, "format": kind})
        assert response.status_code == 200
        figures = read_csv(response)[0] if kind == "csv" else read_xlsx(response)[0]
        both = Analyst()
        _flow(both, context, scope)
        if county:
            _organisations(both, context, scope)
        _indicators(both, context, scope)
        _effects(both, context, scope)
        if compare:
            _comparison(both, context, scope, compare)
        _export(both, figures, context, scope, county=county, compare=compare)
        _audit(both)
        alone = Analyst()
        _export(alone, figures, context, scope, county=county, compare=compare)
        _audit(alone)


def _audit_manager(client, manager, unit, **params):
    client.force_login(manager)
    response = client.get(reverse("figures:manager"), {**PARAMS, **params})
    assert response.status_code == 200
    context = response.context
    scope = selectors.Scope(
        organisation_ids=[unit.organisation_id],
        unit_ids=[unit.pk],
        instrument_code=params.get("card", ""),
        **PERIOD,
    )
    analyst = Analyst()
    _flow(analyst, context, scope)
    _indicators(analyst, context, scope)
    _effects(analyst, context, scope)
    if params.get("compare"):
        _comparison(analyst, context, scope, params["compare"])
    _audit(analyst)
    _audit_exports(client, reverse("figures:manager"), context, scope, params)
    return context


# The demo's case: Norrby and the small Söderå


def _people(coach, *, old, new, closed, gender="woman", birth_year=1990):
    """`old` started before the period, `new` in it; `closed` maps an outcome to how
    many of the old ones closed in the period with it."""
    people = [
        make_participant(
            coach=coach, started_on=D(2025, 6, 1), gender=gender, birth_year=birth_year
        )
        for _ in range(old)
    ]
    people += [
        make_participant(
            coach=coach, started_on=D(2026, 2, 1), gender=gender, birth_year=birth_year
        )
        for _ in range(new)
    ]
    queue = list(people[:old])
    for outcome, n in closed.items():
        for _ in range(n):
            participant_services.participant_close(
                actor=coach, participant=queue.pop(), closed_on=D(2026, 5, 1), outcome=outcome
            )
    return people


def test_the_demos_case_soderas_cells_cannot_be_worked_out(client):
    norrby = make_user(Role.COACH, UnitFactory(organisation=OrganisationFactory(name="Norrby")))
    sodera = make_user(Role.COACH, UnitFactory(organisation=OrganisationFactory(name="Söderå")))
    _people(norrby, old=16, new=23, closed={"work_unsubsidised": 8, "studies": 5, "moved": 2})
    _people(sodera, old=2, new=4, closed={"work_unsubsidised": 1})
    context, _analyst = _audit_county(client)
    assert (context["active"].value, context["new"].value, context["closed"].value) == (45, 27, 16)
    rows = {str(r["organisation"]): r for r in context["rows"]}
    assert rows["Söderå"]["new"].suppressed
    assert rows["Söderå"]["closed"].suppressed
    assert rows["Söderå"]["work_share"].suppressed
    # Subtraction no longer works: Norrby's new and closed are hidden too, and so is
    # the county's share to work or studies (16 closed, 14 of them to work or studies,
    # would give away the 2 who moved, hidden in the outcomes).
    assert rows["Norrby"]["new"].suppressed
    assert rows["Norrby"]["closed"].suppressed
    assert rows["Norrby"]["work_share"].suppressed
    assert context["work_share"].suppressed
    assert not rows["Söderå"]["active"].suppressed  # 6 is shown: nothing to hide
    html = client.get(reverse("figures:county"), PARAMS).content.decode()
    assert html.count(">dold<") >= 5
    assert "färre än 5</td>" not in html


def test_the_demos_case_by_the_old_rule_would_have_given_soderas_figures_away():
    """The analyst on the figures of the old page (only Söderå's cells hidden) finds
    them: the test can tell a leak when it sees one."""
    analyst = Analyst()
    for name, norrby, total, small in (("N", 23, 27, 4), ("C", 15, 16, 1)):
        analyst.learn((name, "norrby"), norrby)
        analyst.learn(name, total)
        analyst.count((name, "sodera"), Shown(None, True), small)
        analyst.total(name, [(name, "norrby"), (name, "sodera")])
    assert sorted(analyst.worked_out()) == [("C", "sodera"), ("N", "sodera")]
    # Two hidden cells of one each, next to a shown total of two: both are known.
    ones = Analyst()
    ones.learn("T", 2)
    ones.count("a", Shown(None, True), 1)
    ones.count("b", Shown(None, True), 1)
    ones.total("T", ["a", "b"])
    assert sorted(ones.worked_out()) == ["a", "b"]


def test_the_sheet_never_leaves_a_pair_of_ones_next_to_their_total():
    sheet = Sheet()
    for key, n in (("a", 1), ("b", 1), ("c", 7), ("t", 9)):
        sheet.add(key, n)
    sheet.sum("t", ["a", "b", "c"])
    assert [sheet.hidden(k) for k in "abct"] == [True, True, True, False]
    zeros = Sheet()
    for key, n in (("a", 2), ("z", 0), ("c", 7), ("t", 9)):
        zeros.add(key, n)
    zeros.sum("t", ["a", "z", "c"])
    # The zero is shown and never hidden in place of a cell with people in it.
    assert [zeros.hidden(k) for k in "azct"] == [True, False, True, False]


# Many small groups, generated


def _generated(seed, *, organisations, assessments=False):
    rng = random.Random(seed)
    genders = [g for g, _l in Gender.choices]
    outcomes = list(Outcome.values)
    units = []
    for _ in range(organisations):
        unit = UnitFactory()
        coach = make_user(Role.COACH, unit)
        units.append((unit, coach))
        for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 7, 9, 12])):
            started = (
                D(2025, rng.randint(1, 12), 1)
                if rng.random() < 0.5
                else D(2026, rng.randint(1, 9), 1)
            )
            person = make_participant(
                coach=coach,
                started_on=started,
                gender=rng.choice(genders),
                birth_year=rng.choice([1960, 1985, 1998, 2004]),
            )
            if assessments and rng.random() < 0.6:
                first = rng.randint(1, 5)
                make_assessment(
                    coach=coach, participant=person, on=D(2026, 10, 1), levels=[first] * 6
                )
                if rng.random() < 0.5:
                    make_activity(
                        coach=coach,
                        participant=person,
                        kind=rng.choice(["job_focused", "health"]),
                        start_date=D(2026, 10, 5),
                        end_date=D(2026, 10, 20),
                        status="finished",
                    )
                change = rng.choice([-1, 0, 1, 2])
                make_assessment(
                    coach=coach,
                    participant=person,
                    on=D(2026, 11, 1),
                    levels=[min(5, max(1, first + change))] * 6,
                )
            if rng.random() < 0.4:
                participant_services.participant_close(
                    actor=coach,
                    participant=person,
                    closed_on=max(started, D(2026, 11, 2) if assessments else D(2026, 1, 1))
                    + datetime.timedelta(days=rng.randint(1, 80)),
                    outcome=rng.choice(outcomes),
                )
    return units


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_county_page_with_many_small_organisations(client, seed):
    _generated(seed, organisations=6)
    _audit_county(client)
    _audit_county(client, compare="gender")


@pytest.mark.parametrize("seed", [11, 13])
def test_managers_page_and_exports_with_many_small_groups(client, seed):
    units = _generated(seed, organisations=1, assessments=True)
    unit, _coach = units[0]
    # More people in the one unit, in small groups.
    coach = _coach
    rng = random.Random(seed)
    for _ in range(rng.randint(8, 20)):
        make_participant(
            coach=coach,
            started_on=D(2026, rng.randint(1, 11), 1),
            gender=rng.choice([g for g, _l in Gender.choices]),
            birth_year=rng.choice([1960, 1985, 1998, 2004]),
        )
    manager = make_user(Role.MANAGER, unit)
    _audit_manager(client, manager, unit)
    _audit_manager(client, manager, unit, compare="gender")
    _audit_manager(client, manager, unit, compare="age_band")
    _audit_manager(client, manager, unit, card="smail", compare="gender")


def test_managers_page_what_works_per_indicator(client):
    unit = UnitFactory()
    coach = make_user(Role.COACH, unit)
    # Five with a job-focused and a health activity in between; two with nothing.
    for kinds in [["job_focused", "health"]] * 5 + [[]] * 2:
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
        for kind in kinds:
            make_activity(
                coach=coach,
                participant=person,
                kind=kind,
                start_date=D(2026, 1, 20),
                end_date=D(2026, 3, 1),
                status="finished",
            )
        make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=[3] * 6)
    context = _audit_manager(client, make_user(Role.MANAGER, unit), unit, card="smail")
    none = [row["cells"][0]["pairs"] for row in context["effect_indicators"]]
    assert all(cell.suppressed for cell in none)
    assert context["effect_rows"][0]["pairs"].suppressed


def test_county_page_query_count_does_not_grow(client):
    _generated(21, organisations=3)
    client.force_login(make_user(Role.COUNTY_ANALYST))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("figures:county"), PARAMS)
    _generated(22, organisations=6)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("figures:county"), PARAMS)
    assert len(large) == len(small)
