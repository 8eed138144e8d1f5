import dataclasses
import hashlib
import json
import logging
import pickle

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.selectors import user_access
from assessments.selectors import interval_weeks_for
from core import method
from core.permissions import county_analyst_required, manager_required
from downloads.services import export_start
from participants.models import WORK_OR_STUDIES, Gender, Outcome
from printouts.pdf import render_pdf

from . import charts as charts_svg
from . import exports, presentation, selectors, services, tables
from .forms import FiguresFilterForm
from .suppression import Sheet, hidden_label, threshold

logger = logging.getLogger(__name__)


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


def _effect_indicators(sheet, effects, indicators) -> list[dict]:
    """Per indicator, the mean change in each combination of activities in between; a
    cell hidden by the sheet (its column's overall row is their sum) has no mean."""
    by_code = {(e.code, e.combination): e for e in effects if e.code}
    rows = [{"name": row["item"].name, "cells": []} for row in indicators]
    for combination in selectors.COMBINATIONS:
        for row, item in zip(rows, indicators, strict=True):
            effect = by_code.get((item["item"].code, combination))
            key = ("eff", combination, item["item"].code)
            row["cells"].append(
                {"pairs": sheet.count(key), "mean": sheet.statistic(effect and effect.mean, key)}
            )
    return rows


def _sum_with_rest(sheet, total, parts: list, rest) -> None:
    """`total` is the sum of `parts` and of whatever they leave out (`rest`, often 0:
    people without an age band, rows that do not add up to the whole exactly)."""
    sheet.add(rest, sheet.value(total) - sum(sheet.value(p) for p in parts))
    sheet.sum(total, [*parts, rest])


def _flow_cells(sheet, prefix: tuple, flow) -> None:
    """Active, new, closed and closed to work or studies (a part of closed)."""
    sheet.add(_key(prefix, "active"), flow.active)
    sheet.add(_key(prefix, "new"), flow.new)
    sheet.add(_key(prefix, "closed"), flow.closed)
    sheet.add(_key(prefix, "work"), flow.work_or_studies)
    sheet.part(_key(prefix, "work"), _key(prefix, "closed"))


def _key(prefix: tuple, measure: str):
    """A group's cell (`prefix` + measure), or the whole's (just the measure)."""
    return (*prefix, measure) if prefix else measure


# The overall cells of a share and the rest of its whole, in the order (part, whole).
_SHARES = (
    ("work", "closed"),
    ("improved", "ind_people"),
    ("no_change", "active"),
    ("job", "active"),
    ("parallel", "active"),
)


def _group_cells(sheet, prefix: tuple, flow, factors, changes) -> None:
    _flow_cells(sheet, prefix, flow)
    sheet.add(_key(prefix, "improved"), sum(c.improved for c in changes))
    sheet.add(_key(prefix, "ind_people"), sum(c.people for c in changes))
    sheet.add(_key(prefix, "no_change"), factors.no_coach_change)
    sheet.add(_key(prefix, "job"), factors.with_job_focus)
    sheet.add(_key(prefix, "parallel"), factors.with_parallel)
    for part, whole in _SHARES[1:]:
        sheet.part(_key(prefix, part), _key(prefix, whole))


def _comparison_groups(dimension: str, organisation_id) -> tuple[list, bool]:
    """The groups of a dimension as (value, scope overrides, label), and whether they
    make the whole (every participant in exactly one group)."""
    if dimension == "gender":
        return [(v, {"gender": v}, str(label)) for v, label in Gender.choices], True
    if dimension == "age_band":
        return [(band, {"age_band": band}, band) for band in selectors.AGE_BANDS], True
    groups = selectors.target_groups(organisation_id=organisation_id)
    return [(pk, {"target_group_id": pk}, name) for pk, name in groups], False


def _figures_key(scope, options: dict) -> str:
    """The cache key of a selection's figures: the whole selection (organisations,
    units, period and every filter), the page's options, the language and the method's
    settings (the suppression threshold, the low score, the gap days), so figures kept
    for another selection or under other settings are never given."""
    selection = {}
    for field in dataclasses.fields(scope):
        if field.init:
            value = getattr(scope, field.name)
            selection[field.name] = sorted(value) if isinstance(value, list) else value
    described = json.dumps(
        [selection, options, get_language(), settings.STEGVIS], sort_keys=True, default=str
    )
    return "figures:" + hashlib.sha256(described.encode()).hexdigest()


def _figures(scope, **options):
    """A selection's figures, kept FIGURES_CACHE_SECONDS in the shared cache.

    They cost about a third of a second of the database for a county manager and
    change little from one minute to the next; kept, a manager going back to the page,
    its exports and summary, and another manager of the same units within the minute get
    them without computing them again. The page says when they were computed. Two
    requests that miss at the same moment both compute."""
    seconds = settings.FIGURES_CACHE_SECONDS
    if not seconds:
        return _figures_computed(scope, **options)
    key = _figures_key(scope, options)
    try:
        figures = cache.get(key)
    except (AttributeError, ImportError, TypeError, pickle.UnpicklingError):
        # Kept by an earlier release whose classes have changed since.
        logger.warning("kept figures could not be read; computing them anew")
        figures = None
    if figures is None:
        figures = _figures_computed(scope, **options)
        cache.set(key, figures, seconds)
    return {**figures, "kept_seconds": seconds}


def _figures_computed(
    scope,
    *,
    interval_weeks,
    effects_per_indicator=False,
    organisations=False,
    compare="",
    compare_label="",
    organisation_id=None,
):
    """Every figure of a page (and its exports), protected together in one sheet: the
    sums between them decide what else is hidden next to a small figure (ADR 0017)."""
    computed_at = timezone.now()
    sheet = Sheet()
    flow = selectors.flow(scope)
    cadence = selectors.cadence(scope, interval_weeks=interval_weeks)
    factors = selectors.success_factors(scope)
    gaps, together = selectors.activity_time(scope, gap_days=method.activity_gap_days())
    genders = selectors.by_gender(scope)
    changes = selectors.indicator_changes(scope)
    # Per indicator only for one organisation's units: at county scale it is the slow part,
    # and "what works" is for a unit to test BIP's finding on its own data.
    effects = selectors.what_works(scope, per_indicator=effects_per_indicator)
    quarters = selectors.new_per_quarter(scope)

    # The whole: flow, outcomes (they make up the closed, the work outcomes the closed
    # to work or studies), quarters (they make up the new).
    _flow_cells(sheet, (), flow)
    for outcome in Outcome.values:
        sheet.add(("outcome", outcome), flow.outcomes.get(outcome, 0))
    _sum_with_rest(sheet, "closed", [("outcome", o) for o in Outcome.values], ("outcome", None))
    _sum_with_rest(sheet, "work", [("outcome", o) for o in WORK_OR_STUDIES], ("outcome", "work"))
    for n, (_quarter, new) in enumerate(quarters):
        sheet.add(("quarter", n), new)
    _sum_with_rest(sheet, "new", [("quarter", n) for n in range(len(quarters))], ("quarter", None))
    _group_cells(sheet, (), flow, factors, changes)
    # Per indicator, with its overall sums (the comparison's "improved" adds them up).
    for item in changes:
        key = ("ind", item.code)
        sheet.add((*key, "people"), item.people)
        sheet.add((*key, "improved"), item.improved)
        sheet.add((*key, "low"), item.low_latest)
        sheet.add((*key, "low_with_activity"), item.low_with_activity)
        sheet.part((*key, "improved"), (*key, "people"))
        sheet.part((*key, "low"), (*key, "people"))
        sheet.part((*key, "low_with_activity"), (*key, "low"))
    for measure in ("improved", "people"):
        total = "improved" if measure == "improved" else "ind_people"
        _sum_with_rest(
            sheet, total, [("ind", c.code, measure) for c in changes], ("ind", None, measure)
        )
    # Gender (the table per gender): active, and closed to work or studies of closed.
    for gender, v in genders.items():
        key = ("gender", gender)
        sheet.add((*key, "active"), v["active"])
        sheet.add((*key, "closed"), v["closed"])
        sheet.add((*key, "work"), v["work"])
        sheet.part((*key, "work"), (*key, "closed"))
    for measure in ("active", "closed", "work"):
        parts = [("gender", g, measure) for g in genders]
        _sum_with_rest(sheet, measure, parts, ("gender", None, measure))
    _sum_with_rest(
        sheet,
        ("rest", "work", "closed"),
        [("rest", ("gender", g, "work"), ("gender", g, "closed")) for g in genders],
        ("gender", None, "rest"),
    )
    # The organisations side by side (county page): they make up the county.
    overview = selectors.organisation_overview(scope) if organisations else []
    for row in overview:
        _flow_cells(sheet, ("org", row["organisation"].pk), row["flow"])
    if overview:
        for measure in ("active", "new", "closed", "work"):
            parts = [("org", row["organisation"].pk, measure) for row in overview]
            _sum_with_rest(sheet, measure, parts, ("org", None, measure))
        _sum_with_rest(
            sheet,
            ("rest", "work", "closed"),
            [
                (
                    "rest",
                    ("org", row["organisation"].pk, "work"),
                    ("org", row["organisation"].pk, "closed"),
                )
                for row in overview
            ],
            ("org", None, "rest"),
        )
    # Groups side by side: gender and age bands make up the whole; target groups overlap.
    group_rows = []
    if compare:
        groups, partition = _comparison_groups(compare, organisation_id)
        for value, overrides, label in groups:
            group_scope = dataclasses.replace(scope, **overrides)
            _group_cells(
                sheet,
                (compare, value),
                selectors.flow(group_scope),
                selectors.success_factors(group_scope),
                selectors.indicator_changes(group_scope),
            )
            group_rows.append((value, label))
        if partition:
            measures = ("active", "new", "closed", "ind_people", *(p for p, _w in _SHARES))
            for measure in measures:
                parts = [(compare, v, measure) for v, _label in group_rows]
                _sum_with_rest(sheet, measure, parts, (compare, None, measure))
            for part, whole in _SHARES:
                rest = ("rest", part, whole)
                parts = [("rest", (compare, v, part), (compare, v, whole)) for v, _l in group_rows]
                _sum_with_rest(sheet, rest, parts, (compare, None, rest))
    # What works: the pairs of each combination, and per indicator (they add up).
    overall_effects = {e.combination: e for e in effects if not e.code}
    for combination, e in overall_effects.items():
        sheet.add(("eff", combination), e.pairs, people=e.people)
    indicator_rows = [{"item": item} for item in changes]
    if effects_per_indicator:
        found = {(e.combination, e.code): e for e in effects if e.code}
        for combination in selectors.COMBINATIONS:
            parts = []
            for item in changes:
                e = found.get((combination, item.code))
                key = sheet.add(
                    ("eff", combination, item.code),
                    e.pairs if e else 0,
                    people=e.people if e else 0,
                )
                parts.append(key)
            _sum_with_rest(sheet, ("eff", combination), parts, ("eff", combination, None))
    # Cadence, coach changes with a handover, breaks: a part of a whole each.
    sheet.add("assessments", cadence.assessments)
    sheet.add("follow_ups", cadence.follow_ups)
    sheet.part("follow_ups", "assessments")
    sheet.add("within", cadence.within_interval)
    sheet.part("within", "follow_ups")
    sheet.add("coach_changes", factors.coach_changes)
    sheet.add("handover", factors.changes_with_handover)
    sheet.part("handover", "coach_changes")
    sheet.add("long_gap", gaps.with_long_gap)
    sheet.part("long_gap", "active")
    # The people the means and medians rest on, where no count above holds them.
    sheet.add("belief", factors.belief_people)
    sheet.add("gap_people", gaps.people)
    sheet.protect()

    labels = dict(Gender.choices)
    gender_rows = [
        {
            "gender": labels.get(g, g),
            "active": sheet.count(("gender", g, "active")),
            "work": sheet.share(("gender", g, "work"), ("gender", g, "closed")),
        }
        for g in sorted(genders)
    ]
    outcome_labels = dict(Outcome.choices)
    outcome_rows = [
        {"outcome": outcome_labels[o], "n": sheet.count(("outcome", o))}
        for o in Outcome.values
        if flow.outcomes.get(o)
    ]
    indicators = []
    for item, row in zip(changes, indicator_rows, strict=True):
        people = sheet.count(("ind", item.code, "people"))
        key = ("ind", item.code)
        row.update(
            {
                "people": people,
                "mean_change": sheet.statistic(item.mean_change, (*key, "people")),
                "improved": sheet.share((*key, "improved"), (*key, "people")),
                "low_with_activity": sheet.share((*key, "low_with_activity"), (*key, "low")),
                "low": sheet.count((*key, "low")),
            }
        )
        indicators.append(row)
    labels_combination = {
        "none": _("Ingen insats"),
        "job_only": _("Bara jobbfokuserade"),
        "other_only": _("Bara andra slag"),
        "job_and_other": _("Jobbfokuserade tillsammans med andra"),
    }
    effect_rows = []
    for e in effects:
        if e.code:
            continue
        key = ("eff", e.combination)
        effect_rows.append(
            {
                "combination": e.combination,
                "label": labels_combination[e.combination],
                "pairs": sheet.count(key),
                "people": sheet.people(key),
                "mean": sheet.statistic(e.mean, key),
                "ci": sheet.statistic(e.ci95, key),
            }
        )
    effect_indicators = (
        _effect_indicators(sheet, effects, indicators) if effects_per_indicator else []
    )
    months = [
        (f"{q.year} K{(q.month - 1) // 3 + 1}", sheet.count(("quarter", n)))
        for n, (q, _new) in enumerate(quarters)
    ]

    def mean_level(levels: dict) -> float:
        people = sum(levels.values())
        return round(sum(level * n for level, n in levels.items()) / people, 2)

    for row in indicators:
        key = ("ind", row["item"].code, "people")
        row["first_mean"] = sheet.statistic(mean_level(row["item"].first_levels), key)
        row["latest_mean"] = sheet.statistic(mean_level(row["item"].latest_levels), key)
    spider = [row for row in indicators if row["first_mean"] is not None]
    charts = {
        "outcomes": mark_safe(  # noqa: S308 - built from escaped parts
            charts_svg.bar_chart_svg(
                rows=[(r["outcome"], r["n"].value) for r in outcome_rows],
                title=_("Utfall för avslutade under perioden"),
            )
        )
        if any(not r["n"].suppressed for r in outcome_rows)
        else "",
        "months": mark_safe(  # noqa: S308
            charts_svg.line_chart_svg(
                points=[(label, fig.value) for label, fig in months],
                title=_("Nya deltagare per kvartal"),
                axis_label=_("Antal nya deltagare"),
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
    organisation_rows = [
        {
            "organisation": row["organisation"],
            "active": sheet.count(("org", row["organisation"].pk, "active")),
            "new": sheet.count(("org", row["organisation"].pk, "new")),
            "closed": sheet.count(("org", row["organisation"].pk, "closed")),
            "work_share": sheet.share(
                ("org", row["organisation"].pk, "work"), ("org", row["organisation"].pk, "closed")
            ),
        }
        for row in overview
    ]
    comparison = None
    if compare:
        rows = []
        for value, label in group_rows:
            key = (compare, value)
            rows.append(
                {
                    "label": label,
                    "active": sheet.count((*key, "active")),
                    "work_share": sheet.share((*key, "work"), (*key, "closed")),
                    "improved": sheet.share((*key, "improved"), (*key, "ind_people")),
                    "no_change": sheet.share((*key, "no_change"), (*key, "active")),
                    "job": sheet.share((*key, "job"), (*key, "active")),
                    "parallel": sheet.share((*key, "parallel"), (*key, "active")),
                }
            )
        comparison = {"dimension": compare_label, "rows": rows}
    return {
        "charts": charts,
        "months": months,
        "spider_rows": spider,
        "effect_rows": effect_rows,
        "effect_indicators": effect_indicators,
        "combination_labels": [labels_combination[c] for c in selectors.COMBINATIONS],
        "flow": flow,
        "rows": organisation_rows,
        "comparison": comparison,
        "active": sheet.count("active"),
        "new": sheet.count("new"),
        "closed": sheet.count("closed"),
        "work_share": sheet.share("work", "closed"),
        "median_days": sheet.statistic(flow.median_days_to_work, "work"),
        "outcome_rows": outcome_rows,
        "gender_rows": gender_rows,
        "cadence": cadence,
        "within_share": sheet.share("within", "follow_ups"),
        "assessments": sheet.count("assessments"),
        "follow_ups": sheet.count("follow_ups"),
        "indicators": indicators,
        "factors": factors,
        "belief_mean": sheet.statistic(factors.belief_mean, "belief"),
        "belief_gap": sheet.statistic(factors.belief_gap, "belief"),
        "no_change_share": sheet.share("no_change", "active"),
        "handover_share": sheet.share("handover", "coach_changes"),
        "job_share": sheet.share("job", "active"),
        "gap_share": sheet.share("long_gap", "active"),
        "median_gap": sheet.statistic(gaps.median_longest_gap, "gap_people", "active"),
        "gap_days": method.activity_gap_days(),
        "low_score": method.low_score_threshold(),
        "parallel_share": sheet.share("parallel", "active"),
        "parallel_time_share": sheet.derived(
            round(100 * together.parallel_days / together.enrolled_days, 1)
            if together.enrolled_days
            else None,
            "gap_people",
            "active",
        ),
        "threshold": threshold(),
        "work_outcomes": [outcome_labels[o] for o in WORK_OR_STUDIES],
        "computed_at": computed_at,
    }


def _presented(context: dict, form, *, county: bool) -> dict:
    """What the page and the summary add to the figures for a reader without statistics
    training: plain sentences, directions, the period and filters, the chart of "what
    works". Made from the protected figures only."""
    effect_rows = presentation.effect_rows_explained(context["effect_rows"])
    outcome_rows = context["outcome_rows"]
    hidden, no_pairs = hidden_label(), _("inga par")
    effects_chart = charts_svg.interval_chart_svg(
        rows=[
            (
                row["label"],
                row["mean"],
                row["ci"],
                no_pairs if row["empty"] else hidden,
            )
            for row in effect_rows
        ],
        title=_("Medelförändring i steg mellan två skattningar, med 95 % konfidensintervall"),
        description=" ".join(row["sentence"] for row in effect_rows),
        axis_label=_("Förändring i steg (1–5-skalan)"),
    )
    return {
        **presentation.describe_filters(form, county=county),
        "effect_rows": effect_rows,
        "few_people": presentation.few_people(),
        "factor_rows": presentation.success_factors(context),
        "card_chosen": bool(form.cleaned_data.get("card")),
        "outcomes_hidden": bool(outcome_rows) and all(r["n"].suppressed for r in outcome_rows),
        "charts": {
            **context["charts"],
            "effects": mark_safe(effects_chart),  # noqa: S308 - built from escaped parts
        },
    }


def _manager_form(request, access) -> FiguresFilterForm:
    units = selectors.manager_units(unit_ids=access.manager_unit_ids)
    return FiguresFilterForm(
        request.GET or None, units=units, organisation_id=access.organisation_id
    )


def _manager_figures(request, form, access) -> tuple[selectors.Scope, dict]:
    """The manager's page's figures, as on the page, in its exports and its summary."""
    scope = _scope_from(
        form, organisation_ids=[access.organisation_id], unit_ids=list(access.manager_unit_ids)
    )
    context = _figures(
        scope,
        interval_weeks=interval_weeks_for(request.user),
        # Per indicator only for one card: with both, neither the page nor its exports
        # show it (the summary asks for a card), so it is not computed either.
        effects_per_indicator=bool(form.cleaned_data.get("card")),
        organisation_id=access.organisation_id,
        **_compare(form),
    )
    context.update(_presented(context, form, county=False))
    return scope, context


@manager_required
def manager(request):
    access = user_access(request.user)
    form = _manager_form(request, access)
    context = {"form": form, "county": False}
    if form.is_valid():
        export = request.GET.get("format")
        if export == "dataset":
            scope = _scope_from(
                form,
                organisation_ids=[access.organisation_id],
                unit_ids=list(access.manager_unit_ids),
            )
            return _dataset_start(request, form, scope, county=False)
        scope, figures = _manager_figures(request, form, access)
        context.update(figures)
        if export in ("csv", "xlsx"):
            return _figures_export(
                request, export, context, scope, organisation_ids=[access.organisation_id]
            )
    return render(request, "figures/manager.html", context)


@manager_required
def manager_summary(request):
    """The manager's page on one printable page (PDF) for a steering group: the same
    figures, protected by the same sheet, with the period and filters."""
    access = user_access(request.user)
    form = _manager_form(request, access)
    if not form.is_valid():
        return redirect(f"{reverse('figures:manager')}?{request.GET.urlencode()}")
    scope, context = _manager_figures(request, form, access)
    services.figures_export_record(
        actor=request.user, organisation_ids=[access.organisation_id], what=_what("pdf", context)
    )
    context.update(
        {
            "organisation": selectors.organisations(ids=[access.organisation_id]).first(),
            "made_at": timezone.localtime(),
            "made_by": _made_by(request.user),
        }
    )
    return render_pdf(
        "figures/summary.html",
        context,
        request=request,
        filename=f"{_('siffror')}-{scope.date_from}-{scope.date_to}.pdf",
    )


@county_analyst_required
def county(request):
    form = FiguresFilterForm(request.GET or None, units=None, county=True)
    context = {"form": form, "county": True}
    if form.is_valid():
        scope = _scope_from(
            form,
            organisation_ids=selectors.organisation_ids_all(),
            unit_ids=None,
        )
        export = request.GET.get("format")
        if export == "dataset":
            return _dataset_start(request, form, scope, county=True)
        # Each organisation's own interval between assessments, as its coaches' due lists.
        context.update(_figures(scope, interval_weeks=None, organisations=True, **_compare(form)))
        context.update(_presented(context, form, county=True))
        if export in ("csv", "xlsx"):
            return _figures_export(
                request, export, context, scope, organisation_ids=scope.organisation_ids
            )
    return render(request, "figures/county.html", context)


def figure_tables(actor, params, *, county: bool):
    """The page's figures as its export's tables, for the API's figures endpoint (ADR
    0023): the same form, scope, sheet and suppression as the page for the same
    parameters, logged as an export. Returns (form, scope, context, sections), or (None,
    None, errors, None) when the parameters are refused."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = value
    access = user_access(actor)
    if county:
        form = FiguresFilterForm(query or None, units=None, county=True)
        organisation_ids = selectors.organisation_ids_all()
    else:
        units = selectors.manager_units(unit_ids=access.manager_unit_ids)
        form = FiguresFilterForm(query or None, units=units, organisation_id=access.organisation_id)
        assert access.organisation_id is not None  # a manager belongs to an organisation
        organisation_ids = [access.organisation_id]
    if not form.is_valid():
        return None, None, form.errors, None
    scope = _scope_from(
        form,
        organisation_ids=organisation_ids,
        unit_ids=None if county else list(access.manager_unit_ids),
    )
    if county:
        context = _figures(scope, interval_weeks=None, organisations=True, **_compare(form))
    else:
        context = _figures(
            scope,
            interval_weeks=interval_weeks_for(actor),
            effects_per_indicator=bool(form.cleaned_data.get("card")),
            organisation_id=access.organisation_id,
            **_compare(form),
        )
    context.update(_presented(context, form, county=county))
    context["county"] = county
    services.figures_export_record(
        actor=actor, organisation_ids=organisation_ids, what=_what("API", context)
    )
    return form, scope, context, tables.sections(context, county=county)


def _compare(form) -> dict:
    """The chosen dimension of the groups side by side, and its label."""
    dimension = form.cleaned_data.get("compare")
    if not dimension:
        return {}
    return {"compare": dimension, "compare_label": dict(form.fields["compare"].choices)[dimension]}


def _made_by(user) -> str:
    return user.get_full_name() or user.get_username()


def _what(kind: str, context: dict) -> str:
    """The access log's "what" of an export: the kind, the period and the filters."""
    return f"{kind} {context['period']}; {context['filters']}"


def _dataset_start(request, form, scope, *, county: bool):
    """The row-level data set is made in the background: the user follows it on "Mina
    exporter" and downloads it there (ADR 0021); the download is logged. No figure is
    computed for it: the request only queues it."""
    context = presentation.describe_filters(form, county=county)
    export_start(
        user=request.user,
        kind="dataset",
        title=_("Dataset på radnivå, %(period)s; %(filters)s")
        % {"period": context["period"], "filters": context["filters"]},
        params=exports.scope_params(scope),
        organisation_ids=scope.organisation_ids,
        filename=f"stegvis-dataset-{scope.date_from}-{scope.date_to}.xlsx",
    )
    messages.success(
        request,
        _("Exporten görs i bakgrunden. Du kan lämna sidan; filen hämtar du här när den är klar."),
    )
    return redirect("downloads:list")


def _figures_export(request, kind: str, context: dict, scope, *, organisation_ids):
    """The page's figures as XLSX or CSV, logged in each organisation's access log."""
    county = context["county"]
    services.figures_export_record(
        actor=request.user,
        organisation_ids=organisation_ids,
        what=_what(f"{kind} {'län' if county else 'enheter'}", context),
    )
    names = selectors.organisations(ids=organisation_ids)
    rule = _(
        "Siffror från färre än %(n)s personer visas inte, och inte heller siffror som "
        "skulle låta någon räkna fram dem ur summor, delar och helheter som visas "
        "tillsammans (kompletterande undertryckning, på sidan och i exporten lika). En "
        "sådan siffra står som ”dold”, aldrig som 0; ”–” betyder att ingen finns bakom "
        "siffran eller att det inte finns något värde."
    ) % {"n": threshold()}
    about = [
        (
            _("Export"),
            _("Länet: organisationer sida vid sida") if county else _("Siffror för mina enheter"),
        ),
        (_("Period"), context["period"]),
        (_("Urval"), context["filters"]),
        (_("Organisationer"), ", ".join(o.name for o in names)),
        (_("Gjord"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("Gjord av"), _made_by(request.user)),
        (_("Dolda siffror"), rule),
        (
            _("Tal"),
            _(
                "Antal och dagar är heltal, medelvärden har två decimaler; andelar är tal "
                "med procentformat i XLSX och procent med en decimal i CSV."
            ),
        ),
    ]
    if not context["card_chosen"]:
        about.append(
            (
                _("Per indikator"),
                _("Inte med: välj ett kort (SMAIL eller BIP) för siffrorna per indikator."),
            )
        )
    sections = tables.sections(context, county=county)
    stem = f"stegvis-{'lanet' if county else 'siffror'}-{scope.date_from}-{scope.date_to}"
    if kind == "csv":
        return exports.figures_csv(sections, about, f"{stem}.csv")
    return exports.figures_xlsx(sections, about, f"{stem}.xlsx")
