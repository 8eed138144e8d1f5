"""Server-rendered SVG charts for the figures. Each is shown next to a data table,
which is its text alternative."""

from math import ceil, floor, log10

from django.utils.formats import number_format
from django.utils.html import escape

from assessments.chart import Occasion, spider_chart_svg

BAR = "#0b4f8a"
BAR_LIGHT = "#9ec3e6"


def bar_chart_svg(*, rows: list[tuple[str, float | None]], title: str, unit: str = "") -> str:
    """Horizontal bars; a hidden (suppressed) value is drawn as no bar with a dash."""
    width, label_w, row_h = 640, 250, 30
    height = 20 + row_h * len(rows)
    top = max((v for _, v in rows if v is not None), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="bar-chart" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = 10 + i * row_h
        out.append(
            f'<text x="{label_w - 8}" y="{y + 19}" font-size="14" text-anchor="end" '
            f'fill="#1a1a1a">{escape(label)}</text>'
        )
        if value is None:
            out.append(
                f'<text x="{label_w + 4}" y="{y + 19}" font-size="14" fill="#4a4a4a">–</text>'
            )
            continue
        bar = (width - label_w - 80) * value / top
        out.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="{row_h - 10}" '
            f'fill="{BAR}"/>'
        )
        shown = f"{value:g}{unit}"
        out.append(
            f'<text x="{label_w + bar + 6:.1f}" y="{y + 19}" font-size="14" '
            f'fill="#1a1a1a">{escape(shown)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def axis_ticks(top: float, *, count: int = 4) -> list[int]:
    """Whole-number ticks from 0 up to at least `top`, a step of 1, 2 or 5 times a power
    of ten: always at least two (0 and 1 when nothing is above 0)."""
    raw = max(top, 1) / count
    magnitude = 10 ** floor(log10(raw))
    step = max(1, int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)))
    return [i * step for i in range(max(1, ceil(top / step)) + 1)]


def line_chart_svg(
    *, points: list[tuple[str, int | None]], title: str, axis_label: str = ""
) -> str:
    """A line over quarters with a y-axis of whole numbers; suppressed points break the
    line."""
    width, height, left, bottom = 640, 240, 56, 40
    ticks = axis_ticks(max((v for _, v in points if v is not None), default=0))
    top_value = ticks[-1]
    n = max(len(points) - 1, 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="line-chart" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif">',
        f"<title>{escape(title)}</title>",
    ]

    def xy(i, v):
        x = left + (width - left - 50) * i / n
        y = height - bottom - (height - bottom - 20) * v / top_value
        return x, y

    for tick in ticks:
        _x, y = xy(0, tick)
        colour = "#8a8a8a" if tick == 0 else "#d9d9d9"
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{colour}"/>'
        )
        out.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="#1a1a1a">{tick}</text>'
        )
    if axis_label:
        out.append(
            f'<text x="{left}" y="12" font-size="12" fill="#1a1a1a">{escape(axis_label)}</text>'
        )
    segment: list[tuple[float, float]] = []
    for i, (label, value) in enumerate(points):
        x, _ = xy(i, 0)
        if i % max(1, len(points) // 6) == 0 or i == len(points) - 1:
            out.append(
                f'<text x="{x:.1f}" y="{height - bottom + 18}" font-size="12" '
                f'text-anchor="middle" fill="#1a1a1a">{escape(label)}</text>'
            )
        if value is None:
            if len(segment) > 1:
                out.append(_polyline(segment))
            segment = []
            continue
        px, py = xy(i, value)
        segment.append((px, py))
        out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{BAR}"/>')
    if len(segment) > 1:
        out.append(_polyline(segment))
    out.append("</svg>")
    return "".join(out)


def interval_chart_svg(
    *,
    rows: list[tuple[str, float | None, tuple[float, float] | None, str]],
    title: str,
    description: str,
    axis_label: str,
) -> str:
    """Horizontal bars from 0 to a mean, each with its interval drawn as a line with
    end marks. A row without a mean shows its `note` ("dold", "inga par") instead."""
    width, label_w, row_h, top_pad, bottom = 760, 330, 36, 10, 46
    height = top_pad + row_h * len(rows) + bottom
    values = [0.0]
    for _label, mean, ci, _note in rows:
        if mean is not None:
            values.append(mean)
        if ci:
            values.extend(ci)
    low = floor(min(values) * 2) / 2
    high = ceil(max(values) * 2) / 2
    if high - low < 0.5:
        high = low + 0.5
    plot_left, plot_right = label_w + 10, width - 60

    def x(v: float) -> float:
        return plot_left + (plot_right - plot_left) * (v - low) / (high - low)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="interval-chart" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, sans-serif">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]
    axis_y = top_pad + row_h * len(rows)
    tick = low
    while tick <= high + 1e-9:
        tx = x(tick)
        out.append(
            f'<line x1="{tx:.1f}" y1="{top_pad}" x2="{tx:.1f}" y2="{axis_y}" '
            f'stroke="{"#4a4a4a" if abs(tick) < 1e-9 else "#d9d9d9"}"/>'
        )
        out.append(
            f'<text x="{tx:.1f}" y="{axis_y + 17}" font-size="13" text-anchor="middle" '
            f'fill="#1a1a1a">{escape(number_format(tick, decimal_pos=1))}</text>'
        )
        tick += 0.5
    out.append(
        f'<text x="{(plot_left + plot_right) / 2:.1f}" y="{axis_y + 38}" font-size="13" '
        f'text-anchor="middle" fill="#1a1a1a">{escape(axis_label)}</text>'
    )
    for i, (label, mean, ci, note) in enumerate(rows):
        y = top_pad + i * row_h
        out.append(
            f'<text x="{label_w}" y="{y + 22}" font-size="15" text-anchor="end" '
            f'fill="#1a1a1a">{escape(label)}</text>'
        )
        if mean is None:
            out.append(
                f'<text x="{x(0) + 6:.1f}" y="{y + 22}" font-size="15" fill="#4a4a4a">'
                f"{escape(note)}</text>"
            )
            continue
        start, end = sorted((x(0), x(mean)))
        out.append(
            f'<rect x="{start:.1f}" y="{y + 8}" width="{max(end - start, 1):.1f}" '
            f'height="{row_h - 16}" fill="{BAR_LIGHT}"/>'
        )
        if ci:
            x1, x2, mid = x(ci[0]), x(ci[1]), y + row_h / 2
            out.append(
                f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{x2:.1f}" y2="{mid:.1f}" '
                f'stroke="{BAR}" stroke-width="2.5"/>'
            )
            for cap in (x1, x2):
                out.append(
                    f'<line x1="{cap:.1f}" y1="{y + 6}" x2="{cap:.1f}" y2="{y + row_h - 6}" '
                    f'stroke="{BAR}" stroke-width="2.5"/>'
                )
        out.append(f'<circle cx="{x(mean):.1f}" cy="{y + row_h / 2:.1f}" r="4.5" fill="{BAR}"/>')
        out.append(
            f'<text x="{max(x(mean), x(ci[1]) if ci else 0) + 8:.1f}" y="{y + 22}" '
            f'font-size="15" fill="#1a1a1a">{escape(number_format(mean, decimal_pos=2))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _polyline(points) -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{coords}" fill="none" stroke="{BAR}" stroke-width="2.5"/>'


def group_spider_svg(*, axes: list[str], first: list, latest: list, title: str, labels) -> str:
    return spider_chart_svg(
        axes=axes,
        occasions=[Occasion(labels[0], first), Occasion(labels[1], latest)],
        title=title,
        description=title,
        chart_id="group-chart",
    )
