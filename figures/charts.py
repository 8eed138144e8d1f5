"""Server-rendered SVG charts for the figures. Each is shown next to a data table,
which is its text alternative."""

from django.utils.html import escape

from assessments.chart import Occasion, spider_chart_svg

BAR = "#0b4f8a"


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


def line_chart_svg(*, points: list[tuple[str, int | None]], title: str) -> str:
    """A line over months; suppressed months break the line."""
    width, height, left, bottom = 640, 240, 50, 40
    top_value = max((v for _, v in points if v is not None), default=0) or 1
    n = max(len(points) - 1, 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="line-chart" aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        'stroke="#8a8a8a"/>',
    ]

    def xy(i, v):
        x = left + (width - left - 50) * i / n
        y = height - bottom - (height - bottom - 20) * v / top_value
        return x, y

    segment = []
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
    out.append(
        f'<text x="{left - 6}" y="24" font-size="12" text-anchor="end" fill="#1a1a1a">'
        f"{top_value}</text>"
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
