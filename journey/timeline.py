"""The journey at a glance: one server-rendered SVG on a shared time axis.

Above, every assessment occasion as a column of its scores (one cell per indicator,
the number printed in it, low scores (core/method.py) marked); below, every activity as a bar
from start to end, coloured and labelled by kind. Behind the bars, days when a
job-focused activity ran together with another kind are shaded (parallel
interventions) and gaps without any activity longer than the allowed break are
hatched (continuous interventions), so the method's success factors and their effect
on the scores can be read from one picture. The journey's milestones sit on the axis.

Pure functions of plain data: no queries here.
"""

import datetime
from dataclasses import dataclass, field
from textwrap import shorten

from django.utils.html import escape

from activities.rules import RAN_STATUSES, gaps, is_parallel
from core import method

# Okabe–Ito colours per kind of intervention; the kind is also written in each bar.
KIND_COLOURS = {
    "job_focused": "#0b4f8a",
    "social": "#a8508a",
    "health": "#007a5a",
    "competence": "#8a6100",
    "employment": "#1a1a1a",
}
LEVEL_FILL: dict[int | None, str] = {
    1: "#f4c7a1",
    2: "#f9dcc4",
    3: "#eeeeee",
    4: "#cfe3f3",
    5: "#a9cdea",
}

FUTURE_DAYS = 45
WIDTH = 960
LEFT = 205  # room for indicator and activity names
RIGHT = 20
ROW = 22
CELL = 20


@dataclass
class Bar:
    label: str
    kind: str  # a Kind value, or "employment"
    kind_label: str
    start: datetime.date
    end: datetime.date | None  # None: still running
    status: str = "ongoing"

    @property
    def ran(self) -> bool:
        return self.status in RAN_STATUSES


@dataclass
class ScoreColumn:
    on: datetime.date
    levels: list[int | None]  # one per indicator, None for declined or missing


@dataclass
class Milestone:
    number: int
    label: str
    on: datetime.date


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    today: datetime.date
    indicators: list[str]
    columns: list[ScoreColumn]
    bars: list[Bar]
    milestones: list[Milestone]
    parallel_spans: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    long_gaps: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)


def build_timeline(
    *,
    indicators: list[str],
    columns: list[ScoreColumn],
    bars: list[Bar],
    milestones: list[Milestone],
    enrolled_on: datetime.date | None,
    closed_on: datetime.date | None,
    today: datetime.date,
    gap_days: int,
) -> Timeline | None:
    """Lay out what happened on one time axis; None when there is nothing to show."""
    dates = [c.on for c in columns] + [b.start for b in bars] + [m.on for m in milestones]
    if enrolled_on:
        dates.append(enrolled_on)
    if not dates:
        return None
    start = min(dates)
    # The future is shown only a little: an employment planned for a year would
    # otherwise squeeze the history into a corner. Longer bars end in an arrow.
    horizon = today + datetime.timedelta(days=FUTURE_DAYS)
    end = min(max([today, *dates, *(b.end for b in bars if b.end)]), max(horizon, max(dates)))
    activity_bars = [b for b in bars if b.kind != "employment"]
    # Breaks count while enrolled: from enrolment to today, or to the closing day.
    until = min(closed_on or today, today)
    long_gaps = (
        [
            (first, last)
            for first, last in gaps(activity_bars_as_activities(activity_bars), enrolled_on, until)
            if (last - first).days + 1 > gap_days
        ]
        if enrolled_on
        else []
    )
    return Timeline(
        start=start,
        end=end,
        today=today,
        indicators=indicators,
        columns=columns,
        bars=bars,
        milestones=milestones,
        parallel_spans=parallel_spans(activity_bars, start, until if enrolled_on else today),
        long_gaps=long_gaps,
    )


@dataclass
class _Span:
    kind: str
    status: str
    start_date: datetime.date
    end_date: datetime.date | None


def activity_bars_as_activities(bars: list[Bar]) -> list[_Span]:
    return [_Span(b.kind, b.status, b.start, b.end) for b in bars]


def parallel_spans(
    bars: list[Bar], start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Runs of days when a job-focused activity ran together with another kind."""
    if end < start:
        return []
    # Each day's kinds from the bars that ran; a few thousand days at most.
    events: dict[datetime.date, list[tuple[int, str]]] = {}
    for bar in bars:
        if not bar.ran:
            continue
        first = max(bar.start, start)
        last = min(bar.end or end, end)
        if first > last:
            continue
        events.setdefault(first, []).append((1, bar.kind))
        events.setdefault(last + datetime.timedelta(days=1), []).append((-1, bar.kind))
    counts: dict[str, int] = {}
    spans = []
    open_since = None
    for day in sorted(events):
        for delta, kind in events[day]:
            counts[kind] = counts.get(kind, 0) + delta
        kinds = {k for k, n in counts.items() if n > 0}
        parallel = is_parallel(kinds)
        if parallel and open_since is None:
            open_since = day
        elif not parallel and open_since is not None:
            spans.append((open_since, day - datetime.timedelta(days=1)))
            open_since = None
    if open_since is not None:
        spans.append((open_since, end))
    return spans


def _ticks(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 14 else 3 if months <= 42 else 6
    day = datetime.date(start.year, start.month, 1)
    ticks = []
    while day <= end:
        if (day.month - 1) % step == 0 and day >= start:
            ticks.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks


def timeline_svg(
    timeline: Timeline,
    *,
    title: str,
    description: str,
    labels: dict[str, str],
    chart_id: str = "journey-timeline",
) -> str:
    """The picture. `labels` holds the translated words the picture writes."""
    span_days = max((timeline.end - timeline.start).days, 1)
    plot = WIDTH - LEFT - RIGHT
    low_score = method.low_score_threshold()

    def x(day: datetime.date) -> float:
        return LEFT + plot * (day - timeline.start).days / span_days

    n_ind = len(timeline.indicators) if timeline.columns else 0
    score_top = 34
    score_height = n_ind * CELL
    bars_top = score_top + score_height + (28 if n_ind else 0)
    bars_height = max(len(timeline.bars), 1) * ROW
    axis_y = bars_top + bars_height + 8
    milestone_y = axis_y + 34
    legend_y = milestone_y + 34
    height = legend_y + 52

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="journey-timeline" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="DejaVu Sans, Verdana, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#b3470a" stroke-width="3"/></pattern></defs>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    # Background bands across the activity lanes.
    for first, last in timeline.parallel_spans:
        out.append(
            f'<rect x="{x(first):.1f}" y="{bars_top - 4}" '
            f'width="{max(x(last) - x(first), 1.5):.1f}" height="{bars_height + 8}" '
            'fill="#dff0e4"/>'
        )
    for first, last in timeline.long_gaps:
        out.append(
            f'<rect x="{x(first):.1f}" y="{bars_top - 4}" '
            f'width="{max(x(last) - x(first), 1.5):.1f}" height="{bars_height + 8}" '
            f'fill="url(#{chart_id}-hatch)" fill-opacity="0.45"/>'
        )
    # Month ticks and grid.
    for tick in _ticks(timeline.start, timeline.end):
        tx = x(tick)
        out.append(
            f'<line x1="{tx:.1f}" y1="{score_top - 6}" x2="{tx:.1f}" y2="{axis_y}" '
            'stroke="#e2e2e2" stroke-width="1"/>'
        )
        # "2026-12" is about 46 units wide at this size: keep it inside the picture.
        lx_tick = min(max(tx, LEFT + 24), WIDTH - 2 - 24)
        out.append(
            f'<text x="{lx_tick:.1f}" y="{axis_y + 18}" font-size="12" fill="#4a4a4a" '
            f'text-anchor="middle" class="tick">{tick:%Y-%m}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="#4a4a4a"/>'
    )
    today_x = x(min(timeline.today, timeline.end))
    # The scores: one column per occasion.
    if n_ind:
        out.append(
            f'<text x="8" y="{score_top - 12}" font-size="13" font-weight="bold" '
            f'fill="#1a1a1a">{escape(labels["scores"])}</text>'
        )
        for i, name in enumerate(timeline.indicators):
            out.append(
                f'<text x="{LEFT - 8}" y="{score_top + i * CELL + 14}" font-size="12" '
                f'fill="#1a1a1a" text-anchor="end">{escape(shorten(name, 26, placeholder="…"))}'
                "</text>"
            )
        for column in timeline.columns:
            cx = x(column.on) - CELL / 2
            out.append(f'<g class="score-column" data-date="{column.on.isoformat()}">')
            for i, level in enumerate(column.levels):
                cy = score_top + i * CELL
                fill = LEVEL_FILL.get(level, "#ffffff")
                low = level is not None and level < low_score
                out.append(
                    f'<rect x="{cx:.1f}" y="{cy}" width="{CELL - 2}" height="{CELL - 2}" '
                    f'fill="{fill}" stroke="{"#b3470a" if low else "#9a9a9a"}" '
                    f'stroke-width="{2 if low else 0.8}"/>'
                )
                weight = ' font-weight="bold"' if low else ""
                out.append(
                    f'<text x="{cx + (CELL - 2) / 2:.1f}" y="{cy + 14}" font-size="12" '
                    f'text-anchor="middle" fill="#1a1a1a"{weight}>'
                    f"{level if level is not None else '–'}</text>"
                )
            out.append("</g>")
    # The activities.
    if timeline.bars:
        out.append(
            f'<text x="8" y="{bars_top - 10}" font-size="13" font-weight="bold" '
            f'fill="#1a1a1a">{escape(labels["activities"])}</text>'
        )
    for i, bar in enumerate(timeline.bars):
        y = bars_top + i * ROW
        x1 = x(bar.start)
        beyond = bar.end is not None and bar.end > timeline.end
        x2 = x(min(bar.end, timeline.end)) if bar.end else today_x
        colour = KIND_COLOURS.get(bar.kind, "#4a4a4a")
        style = (
            f'fill="{colour}"'
            if bar.ran
            else f'fill="#ffffff" stroke="{colour}" stroke-width="1.5" stroke-dasharray="4 3"'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{y + 14}" font-size="12" fill="#1a1a1a" '
            f'text-anchor="end">{escape(shorten(bar.label, 28, placeholder="…"))}</text>'
        )
        out.append(
            f'<rect x="{x1:.1f}" y="{y + 3}" width="{max(x2 - x1, 3):.1f}" height="{ROW - 6}" '
            f'rx="3" {style}/>'
        )
        if (bar.end is None or beyond) and bar.ran:
            out.append(
                f'<polygon points="{x2:.1f},{y + 3} {x2 + 8:.1f},{y + ROW / 2:.1f} '
                f'{x2:.1f},{y + ROW - 3}" fill="{colour}"/>'
            )
    # Milestones of the journey, numbered as in the list beside the picture. Milestones
    # closer than a label's width share one label ("1, 2, 3"); a label that would still
    # touch the one before steps down a line. The names are in a key under the legend.
    groups: list[list[Milestone]] = []
    for milestone in sorted(timeline.milestones, key=lambda m: (m.on, m.number)):
        if groups and x(milestone.on) - x(groups[-1][0].on) < 24:
            groups[-1].append(milestone)
        else:
            groups.append([milestone])
    last_right_per_line: list[float] = []
    for group in groups:
        text = ", ".join(str(m.number) for m in group)
        half = 3.6 * len(text)
        mx = min(max(x(group[0].on), LEFT + half), WIDTH - 2 - half)
        line = next(
            (i for i, right in enumerate(last_right_per_line) if mx - half - right >= 6),
            len(last_right_per_line),
        )
        if line == len(last_right_per_line):
            last_right_per_line.append(mx + half)
        else:
            last_right_per_line[line] = mx + half
        diamonds = "".join(
            f'<path d="M{x(m.on):.1f},{axis_y - 6} l6,6 l-6,6 l-6,-6 z" fill="#1a1a1a"/>'
            for m in group
        )
        out.append(
            f'<g class="milestone">{diamonds}<text x="{mx:.1f}" y="{milestone_y + line * 14}" '
            f'font-size="12" text-anchor="middle" fill="#1a1a1a">{escape(text)}</text></g>'
        )
    extra = max(len(last_right_per_line) - 1, 0) * 14
    # Legend.
    items = [
        (f'<rect width="14" height="14" fill="{KIND_COLOURS[kind]}"/>', labels[kind])
        for kind in ("job_focused", "social", "health", "competence")
    ]
    if any(b.kind == "employment" for b in timeline.bars):
        items.append(
            (
                f'<rect width="14" height="14" fill="{KIND_COLOURS["employment"]}"/>',
                labels["employment"],
            )
        )
    items += [
        ('<rect width="14" height="14" fill="#dff0e4" stroke="#9a9a9a"/>', labels["parallel"]),
        (
            f'<rect width="14" height="14" fill="url(#{chart_id}-hatch)" stroke="#9a9a9a"/>',
            labels["gap"],
        ),
        (
            f'<rect width="14" height="14" fill="{LEVEL_FILL[2]}" stroke="#b3470a" '
            'stroke-width="2"/>',
            labels["low"],
        ),
    ]
    # The key to the milestones' numbers, after the legend.
    items += [
        (
            '<path d="M7,0 l7,7 l-7,7 l-7,-7 z" fill="#1a1a1a"/>',
            f"{m.number} {m.label} {m.on:%Y-%m-%d}",
        )
        for m in sorted(timeline.milestones, key=lambda m: m.number)
    ]
    lx: float
    lx, ly = 8, legend_y + extra
    for swatch, text in items:
        width = 34 + 7.6 * len(text)
        if lx + width > WIDTH:
            lx, ly = 8, ly + 22
        out.append(
            f'<g transform="translate({lx},{ly})">{swatch}<text x="20" y="12" font-size="12" '
            f'fill="#1a1a1a">{escape(text)}</text></g>'
        )
        lx += width
    out.append("</svg>")
    svg = "".join(out)
    # Grow the canvas if the legend wrapped onto more lines than planned.
    needed = ly + 30
    if needed > height:
        svg = svg.replace(f'viewBox="0 0 {WIDTH} {height}"', f'viewBox="0 0 {WIDTH} {needed}"', 1)
        svg = svg.replace(
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            f'<rect width="{WIDTH}" height="{needed}" fill="#ffffff"/>',
            1,
        )
    return svg
