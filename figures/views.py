import dataclasses
from decimal import Decimal

from django.conf import settings
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.models import Organisation, Unit
from accounts.selectors import user_access
from assessments.selectors import interval_weeks_for
from audit.models import AccessEvent
from audit.services import access_event_record_for_organisation
from core.permissions import county_analyst_required, manager_required
from participants.models import WORK_OR_STUDIES, Gender, Outcome

from . import charts as charts_svg
from . import exports, selectors
from .forms import FiguresFilterForm
from .suppression import Figure, count, share, suppress_complements, threshold


def _scope_from(form, *, organisation_ids, unit_ids):
    data = form.cleaned_data
    unit = data.get("unit")
    return selectors.Scope(
        organisation_ids=organisation_ids,
        date_from=data["date_from"],
        date_to=data["date_to"],
        unit_ids=[unit.pk] if unit else unit_ids,
        coach_id=data["coach"].pk if data.get("coach") else None,
        instrument_code=data.get("card", ""),
        gender=data.get("gender", ""),
        age_band=data.get("age_band", ""),
        target_group_id=data["target_group"].pk if data.get("target_group") else None,
    )


def _effect_indicators(effects, indicators) -> list[dict]:
    """Per indicator, the mean change in each combination of activities in between.
    A cell from fewer people than the threshold is suppressed, and so is the next
    smallest in its column when the overall row would otherwise give it away."""
    by_code = {(e.code, e.combination): e for e in effects if e.code}
    overall = {e.combination: e for e in effects if not e.code}
    rows = [{"name": row["item"].name, "cells": []} for row in indicators]
    for combination in selectors.COMBINATIONS:
        found = [by_code.get((row["item"].code, combination)) for row in indicators]
        pairs = [Figure.of(e.pairs, e.people) if e else count(0) for e in found]
        total = overall.get(combination)
        pairs = suppress_complements(pairs, total_shown=bool(total) and total.people >= threshold())
        for row, effect, figure in zip(rows, found, pairs, strict=True):
            row["cells"].append(
                {"pairs": figure, "mean": None if figure.suppressed else effect and effect.mean}
            )
    return rows


def _figures(scope, *, interval_weeks, effects_per_indicator=False):
    flow = selectors.flow(scope)
    cadence = selectors.cadence(scope, interval_weeks=interval_weeks)
    factors = selectors.success_factors(scope)
    gaps, together = selectors.activity_time(scope, gap_days=settings.STEGVIS["ACTIVITY_GAP_DAYS"])
    genders = selectors.by_gender(scope)
    labels = dict(Gender.choices)
    gender_rows = [
        {
            "gender": labels.get(g, g),
            "active": count(v["active"]),
            "work": share(v["work"], v["closed"]),
        }
        for g, v in sorted(genders.items())
    ]
    active_cells = suppress_complements(
        [row["active"] for row in gender_rows], total_shown=not count(flow.active).suppressed
    )
    for row, cell in zip(gender_rows, active_cells, strict=True):
        row["active"] = cell
    outcome_labels = dict(Outcome.choices)
    outcome_rows = [
        {"outcome": outcome_labels[o], "n": count(flow.outcomes.get(o, 0))}
        for o in Outcome.values
        if flow.outcomes.get(o)
    ]
    outcome_cells = suppress_complements(
        [r["n"] for r in outcome_rows], total_shown=not count(flow.closed).suppressed
    )
    for row, cell in zip(outcome_rows, outcome_cells, strict=True):
        row["n"] = cell
    indicators = [
        {
            "item": item,
            "people": count(item.people),
            "mean_change": item.mean_change if item.people >= threshold() else None,
            "improved": share(item.improved, item.people),
            "low_with_activity": share(item.low_with_activity, item.low_latest),
            "low": count(item.low_latest),
        }
        for item in selectors.indicator_changes(scope)
    ]
    labels_combination = {
        "none": _("Ingen insats"),
        "job_only": _("Bara jobbfokuserade"),
        "other_only": _("Bara andra slag"),
        "job_and_other": _("Jobbfokuserade tillsammans med andra"),
    }
    # Per indicator only for one organisation's units: at county scale it is the slow part,
    # and "what works" is for a unit to test BIP's finding on its own data.
    effects = selectors.what_works(scope, per_indicator=effects_per_indicator)
    effect_rows = [
        {
            "label": labels_combination[e.combination],
            "pairs": Figure.of(e.pairs, e.people),
            "people": e.people,
            "mean": e.mean if e.people >= threshold() else None,
            "ci": e.ci95 if e.people >= threshold() else None,
        }
        for e in effects
        if not e.code
    ]
    effect_indicators = _effect_indicators(effects, indicators) if effects_per_indicator else []
    months = [
        (f"{q.year} K{(q.month - 1) // 3 + 1}", count(n))
        for q, n in selectors.new_per_quarter(scope)
    ]
    spider = [row for row in indicators if not row["people"].suppressed]

    def mean_level(levels: dict) -> float:
        people = sum(levels.values())
        return round(sum(level * n for level, n in levels.items()) / people, 2)

    for row in spider:
        row["first_mean"] = mean_level(row["item"].first_levels)
        row["latest_mean"] = mean_level(row["item"].latest_levels)
    charts = {
        "outcomes": mark_safe(  # noqa: S308 - built from escaped parts
            charts_svg.bar_chart_svg(
                rows=[(r["outcome"], r["n"].value) for r in outcome_rows],
                title=_("Utfall för avslutade under perioden"),
            )
        )
        if outcome_rows
        else "",
        "months": mark_safe(  # noqa: S308
            charts_svg.line_chart_svg(
                points=[(label, fig.value) for label, fig in months],
                title=_("Nya deltagare per kvartal"),
            )
        )
        if months
        else "",
        "spider": mark_safe(  # noqa: S308
            charts_svg.group_spider_svg(
                axes=[row["item"].name for row in spider],
                first=[row["first_mean"] for row in spider],
                latest=[row["latest_mean"] for row in spider],
                title=_("Medelvärde per indikator: första mot senaste skattningen"),
                labels=(_("Första skattningen"), _("Senaste skattningen")),
            )
        )
        if len(spider) >= 3
        else "",
    }
    return {
        "charts": charts,
        "months": months,
        "spider_rows": spider,
        "effect_rows": effect_rows,
        "effect_indicators": effect_indicators,
        "combination_labels": [labels_combination[c] for c in selectors.COMBINATIONS],
        "flow": flow,
        "active": count(flow.active),
        "new": count(flow.new),
        "closed": count(flow.closed),
        "work_share": share(flow.work_or_studies, flow.closed),
        "median_days": flow.median_days_to_work if flow.work_or_studies >= threshold() else None,
        "outcome_rows": outcome_rows,
        "gender_rows": gender_rows,
        "cadence": cadence,
        "within_share": share(cadence.within_interval, cadence.follow_ups),
        "indicators": indicators,
        "factors": factors,
        "belief_mean": factors.belief_mean if factors.belief_people >= threshold() else None,
        "belief_gap": factors.belief_gap if factors.belief_people >= threshold() else None,
        "no_change_share": share(factors.no_coach_change, factors.people),
        "handover_share": share(factors.changes_with_handover, factors.coach_changes),
        "job_share": share(factors.with_job_focus, factors.people),
        "gap_share": share(gaps.with_long_gap, gaps.people),
        "median_gap": gaps.median_longest_gap if gaps.people >= threshold() else None,
        "gap_days": settings.STEGVIS["ACTIVITY_GAP_DAYS"],
        "parallel_share": share(factors.with_parallel, factors.people),
        "parallel_time_share": Figure.of(
            round(100 * together.parallel_days / together.enrolled_days, 1)
            if together.enrolled_days
            else None,
            together.people,
        ),
        "threshold": threshold(),
        "work_outcomes": [outcome_labels[o] for o in WORK_OR_STUDIES],
    }


@manager_required
def manager(request):
    access = user_access(request.user)
    units = Unit.objects.filter(id__in=access.manager_unit_ids).order_by("name")
    form = FiguresFilterForm(
        request.GET or None, units=units, organisation_id=access.organisation_id
    )
    context = {"form": form, "county": False}
    if form.is_valid():
        scope = _scope_from(
            form, organisation_ids=[access.organisation_id], unit_ids=list(access.manager_unit_ids)
        )
        context.update(
            _figures(
                scope,
                interval_weeks=interval_weeks_for(request.user),
                effects_per_indicator=True,
            )
        )
        context["comparison"] = _comparison(form, scope, organisation_id=access.organisation_id)
        export = request.GET.get("format")
        if export in ("csv", "xlsx", "dataset"):
            access_event_record_for_organisation(
                actor=request.user,
                organisation_id=access.organisation_id,
                action=AccessEvent.Action.EXPORT,
                what=f"{export} {scope.date_from}–{scope.date_to}",
            )
            if export == "dataset":
                return exports.dataset_xlsx(scope)
            rows = _rows(context)
            return exports.figures_csv(rows) if export == "csv" else exports.figures_xlsx(rows)
    return render(request, "figures/manager.html", context)


@county_analyst_required
def county(request):
    form = FiguresFilterForm(request.GET or None, units=Unit.objects.none(), county=True)
    context = {"form": form, "county": True}
    if form.is_valid():
        scope = _scope_from(
            form,
            organisation_ids=list(Organisation.objects.values_list("id", flat=True)),
            unit_ids=None,
        )
        rows = []
        for row in selectors.organisation_overview(scope):
            flow = row["flow"]
            rows.append(
                {
                    "organisation": row["organisation"],
                    "active": count(flow.active),
                    "new": count(flow.new),
                    "closed": count(flow.closed),
                    "work_share": share(flow.work_or_studies, flow.closed),
                }
            )
        context.update({"rows": rows, "threshold": threshold()})
        context.update(_figures(scope, interval_weeks=13))
        context["comparison"] = _comparison(form, scope)
    return render(request, "figures/county.html", context)


def _cell(figure):
    """A figure for CSV and XLSX: a number, or the text of a suppressed cell."""
    if figure.suppressed:
        return _("färre än %(n)s") % {"n": threshold()}
    return "" if figure.value is None else figure.value


def _mean(value) -> Decimal:
    # A number (not text) so that a negative change stays a number in the exports.
    return Decimal(f"{value:.2f}")


def _comparison(form, scope, *, organisation_id=None) -> dict | None:
    """The key figures side by side for each group of the chosen dimension (the
    horizontal principles: gender and other groups)."""
    dimension = form.cleaned_data.get("compare")
    if not dimension:
        return None
    if dimension == "gender":
        groups = [({"gender": value}, str(label)) for value, label in Gender.choices]
    elif dimension == "age_band":
        groups = [({"age_band": band}, band) for band in selectors.AGE_BANDS]
    else:
        from participants.models import TargetGroup

        groups = [
            ({"target_group_id": group.pk}, group.name)
            for group in TargetGroup.objects.filter(organisation_id=organisation_id)
        ]
    rows = []
    for overrides, label in groups:
        group_scope = dataclasses.replace(scope, **overrides)
        flow = selectors.flow(group_scope)
        factors = selectors.success_factors(group_scope)
        changes = selectors.indicator_changes(group_scope)
        people = sum(c.people for c in changes)
        improved = sum(c.improved for c in changes)
        rows.append(
            {
                "label": label,
                "active": count(flow.active),
                "work_share": share(flow.work_or_studies, flow.closed),
                "improved": share(improved, people),
                "no_change": share(factors.no_coach_change, factors.people),
                "job": share(factors.with_job_focus, factors.people),
                "parallel": share(factors.with_parallel, factors.people),
            }
        )
    cells = suppress_complements([r["active"] for r in rows], total_shown=True)
    for row, cell in zip(rows, cells, strict=True):
        row["active"] = cell
    labels = dict(form.fields["compare"].choices)
    return {"dimension": labels[dimension], "rows": rows}


def _rows(context) -> list[list[str]]:
    """The figures as rows of text, suppressed cells included, for CSV and XLSX."""
    rows = [[_("Mått"), _("Värde")]]
    rows.append([_("Aktiva deltagare"), _cell(context["active"])])
    rows.append([_("Nya"), _cell(context["new"])])
    rows.append([_("Avslutade"), _cell(context["closed"])])
    rows.append([_("Andel till arbete eller studier (%)"), _cell(context["work_share"])])
    rows.append([_("Andel skattningar inom intervallet (%)"), _cell(context["within_share"])])
    for row in context["outcome_rows"]:
        rows.append([_("Utfall: %(o)s") % {"o": row["outcome"]}, _cell(row["n"])])
    for row in context["gender_rows"]:
        rows.append([_("Aktiva, %(g)s") % {"g": row["gender"]}, _cell(row["active"])])
    for row in context["indicators"]:
        rows.append(
            [
                _("%(i)s: andel som förbättrats minst ett steg (%%)") % {"i": row["item"].name},
                _cell(row["improved"]),
            ]
        )
    for row in context["effect_rows"]:
        mean = "" if row["mean"] is None else _mean(row["mean"])
        rows.append([_("Medelförändring, %(c)s") % {"c": row["label"]}, mean])
    for row in context.get("effect_indicators", []):
        for label, cell in zip(context["combination_labels"], row["cells"], strict=True):
            mean = _cell(cell["pairs"]) if cell["mean"] is None else _mean(cell["mean"])
            rows.append(
                [
                    _("Medelförändring, %(i)s, %(c)s") % {"i": row["name"], "c": label},
                    mean,
                ]
            )
    rows.append([_("Utan handledarbyte (%)"), _cell(context["no_change_share"])])
    rows.append([_("Med jobbfokuserad insats (%)"), _cell(context["job_share"])])
    rows.append([_("Med parallella insatser (%)"), _cell(context["parallel_share"])])
    rows.append(
        [
            _("Andel av inskriven tid med parallella insatser (%)"),
            _cell(context["parallel_time_share"]),
        ]
    )
    rows.append([_("Med avbrott i insatser (%)"), _cell(context["gap_share"])])
    return rows
