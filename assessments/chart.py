"""The spider chart (spindeldiagram) as server-rendered SVG.

One axis per scale question, rings for the levels, every occasion overlaid. A
declined answer is a gap in the outline, never a zero. Occasions differ in colour
(a palette safe for colour-blind readers), line style and marker shape, so they can
be told apart in greyscale print too. The first and the latest stand out.
"""

import math
from dataclasses import dataclass
from textwrap import wrap

from django.utils.html import escape

# Okabe–Ito: distinguishable with the common colour-vision deficiencies. The first
# and the latest own their colours; the occasions between take the others, lighter
# (thinner lines, smaller markers) and numbered in the legend.
LATEST = {"colour": "#0b4f8a", "dash": "", "width": 3.5, "marker": "circle", "size": 5.5}
FIRST = {"colour": "#b3470a", "dash": "9 5", "width": 3.0, "marker": "square", "size": 5.0}
MIDDLE_COLOURS = ["#007a5a", "#a8508a", "#6b6b6b", "#8a6100", "#3d6fb0"]
MIDDLE_DASHES = ["2 4", "12 4 3 4", "6 3", "1 3", "4 2 1 2 1 2"]
MIDDLE_MARKERS = ["triangle", "diamond", "cross", "triangle-down", "plus", "ring"]
# Dash and marker cycle with coprime lengths 5 and 6, so each occasion between the first
# and the latest has its own pair (told apart in greyscale) for 30 occasions; the colour
# comes on top of that for readers who see it.
MIDDLE_DISTINCT = 30
# Room on both sides for long axis labels.
PAD = 60
LABEL_FONT = 16
LINE_HEIGHT = 18
TICK_FONT = 13
TICK_DX, TICK_DY = 5, 15
# Space between the outer ring and the nearest edge of an axis label.
LABEL_GAP = 12


LEGEND_COLUMN = 340


def _legend_rows(count: int) -> int:
    return count if count <= 6 else math.ceil(count / 2)


def _axis_label_layout(
    tip: tuple[float, float], centre: tuple[float, float], lines: int
) -> tuple[str, float, list[float]]:
    """Anchor, x and the baselines of an axis label placed beyond the axis' tip.

    Labels above the chart grow upwards from the ring, labels below grow downwards,
    labels at the sides are centred on the axis' height; the nearest edge keeps
    LABEL_GAP from the ring, measured on the font's ascent (0.8 em) and descent.
    """
    (x, y), (cx, cy) = tip, centre
    dx, dy = x - cx, y - cy
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    ascent, descent = LABEL_FONT * 0.8, LABEL_FONT * 0.25
    if abs(dx) < 20:
        anchor, lx = "middle", x
    elif dx > 0:
        anchor, lx = "start", x + ux * LABEL_GAP
    else:
        anchor, lx = "end", x + ux * LABEL_GAP
    block = (lines - 1) * LINE_HEIGHT
    if uy < -0.5:  # above: the last line's descent ends LABEL_GAP above the tip
        last = y + uy * LABEL_GAP - descent if anchor == "middle" else y - descent
        first = last - block
    elif uy > 0.5:  # below: the first line's ascent starts LABEL_GAP below the tip
        first = y + uy * LABEL_GAP + ascent if anchor == "middle" else y + ascent
    else:
        first = y - block / 2 + (ascent - descent) / 2
    return anchor, lx, [first + k * LINE_HEIGHT for k in range(lines)]


@dataclass
class Occasion:
    label: str
    values: list[int | None]


def occasion_styles(count: int) -> list[dict]:
    """The style of each occasion, oldest first: first and latest stand out.

    Every occasion gets its own combination of colour, line style and marker, so it
    can be told apart in greyscale and by readers who do not see every colour.
    """
    if count == 1:
        return [LATEST]
    middle = [
        {
            "colour": MIDDLE_COLOURS[i % len(MIDDLE_COLOURS)],
            "dash": MIDDLE_DASHES[i % len(MIDDLE_DASHES)],
            "width": 1.6,
            "marker": MIDDLE_MARKERS[i % len(MIDDLE_MARKERS)],
            "size": 4.0,
        }
        for i in range(count - 2)
    ]
    return [FIRST, *middle, LATEST]


def _marker(kind: str, x: float, y: float, colour: str, size: float = 5.0) -> str:
    s = size
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="{colour}"/>'
    if kind == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="#ffffff" stroke="{colour}" '
            f'stroke-width="2"/>'
        )
    if kind == "square":
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" '
            f'fill="{colour}"/>'
        )
    if kind in ("triangle", "triangle-down"):
        d = -1 if kind == "triangle" else 1
        pts = f"{x:.1f},{y + d * s * 1.2:.1f} {x - s:.1f},{y - d * s * 0.8:.1f} "
        pts += f"{x + s:.1f},{y - d * s * 0.8:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "diamond":
        pts = f"{x:.1f},{y - s * 1.3:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s * 1.3:.1f} "
        pts += f"{x - s:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "plus":
        s *= 1.3
        return (
            f'<path d="M{x - s:.1f},{y:.1f}H{x + s:.1f}M{x:.1f},{y - s:.1f}V{y + s:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
    return (
        f'<path d="M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}M{x - s:.1f},{y + s:.1f}'
        f'L{x + s:.1f},{y - s:.1f}" stroke="{colour}" stroke-width="2.5"/>'
    )


def spider_chart_svg(
    *,
    axes: list[str],
    occasions: list[Occasion],
    title: str,
    description: str,
    legend_title: str = "",
    chart_id: str = "chart",
    levels: int = 5,
    size: int = 640,
) -> str:
    n = len(axes)
    legend_rows = _legend_rows(len(occasions))
    radius = size / 2 - 150
    cx, cy = size / 2, radius + 100
    chart_bottom = cy + radius + 90
    height = chart_bottom + 34 + legend_rows * 26
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-PAD} 0 {size + 2 * PAD} {height}" '
        f'class="spider-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="DejaVu Sans, Verdana, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="{-PAD}" width="{size + 2 * PAD}" height="{height}" fill="#ffffff"/>',
    ]
    if n < 3:
        out.append("</svg>")
        return "".join(out)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * value / levels
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    # Rings. Their numbers sit just inside each ring beside the top axis, below the
    # ring's line, so the top axis label above the outer ring never meets them.
    for level in range(1, levels + 1):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        out.append(
            f'<polygon points="{pts}" fill="none" stroke="#b0b0b0" '
            f'stroke-width="{1.2 if level == levels else 0.8}"/>'
        )
    # Axes and their labels, each label wholly outside the outer ring.
    for i, label in enumerate(axes):
        x, y = point(i, levels)
        out.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#b0b0b0" '
            f'stroke-width="0.8"/>'
        )
        lines = wrap(label, 14, break_long_words=False) or [""]
        anchor, lx, baselines = _axis_label_layout(point(i, levels), (cx, cy), len(lines))
        tspans = "".join(
            f'<tspan x="{lx:.1f}" y="{base:.1f}">{escape(line)}</tspan>'
            for base, line in zip(baselines, lines, strict=True)
        )
        out.append(
            f'<text class="axis-label" font-size="{LABEL_FONT}" fill="#1a1a1a" '
            f'text-anchor="{anchor}">{tspans}</text>'
        )
    # Occasions, oldest first so the latest is drawn on top.
    styles = occasion_styles(len(occasions))
    for occasion, style in zip(occasions, styles, strict=True):
        colour, dash, width = style["colour"], style["dash"], style["width"]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        values = occasion.values
        present = [v is not None for v in values]
        out.append(f'<g class="occasion" data-label="{escape(occasion.label)}">')
        if all(present) and style in (FIRST, LATEST):
            pts = " ".join(
                f"{x:.1f},{y:.1f}"
                for x, y in (point(i, v) for i, v in enumerate(values) if v is not None)
            )
            out.append(
                f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.08" stroke="none"/>'
            )
        segments = []
        for i in range(n):
            j = (i + 1) % n
            here, there = values[i], values[j]
            if here is not None and there is not None:
                (x1, y1), (x2, y2) = point(i, here), point(j, there)
                segments.append(f"M{x1:.1f},{y1:.1f}L{x2:.1f},{y2:.1f}")
        if segments:
            out.append(
                f'<path d="{"".join(segments)}" fill="none" stroke="{colour}" '
                f'stroke-width="{width}"{dash_attr} stroke-linecap="round"/>'
            )
        for i, value in enumerate(values):
            if value is not None:
                out.append(_marker(style["marker"], *point(i, value), colour, style["size"]))
        out.append("</g>")
    # The ring numbers last, on a white patch: no ring, axis or occasion hides them.
    for level in range(1, levels + 1):
        lx, ly = point(0, level)
        tx, ty = lx + TICK_DX, ly + TICK_DY
        out.append(
            f'<rect x="{tx - 2:.1f}" y="{ty - TICK_FONT:.1f}" width="{TICK_FONT * 0.7 + 4:.1f}" '
            f'height="{TICK_FONT + 3:.1f}" fill="#ffffff"/>'
            f'<text class="tick" x="{tx:.1f}" y="{ty:.1f}" font-size="{TICK_FONT}" '
            f'fill="#4a4a4a">{level}</text>'
        )
    # Legend: every occasion numbered, in two columns past six occasions.
    y = chart_bottom + 6
    if legend_title:
        out.append(
            f'<text x="16" y="{y + 8}" font-size="16" font-weight="bold" fill="#1a1a1a">'
            f"{escape(legend_title)}</text>"
        )
    per_column = _legend_rows(len(occasions))
    for k, (occasion, style) in enumerate(zip(occasions, styles, strict=True)):
        column, row = divmod(k, per_column)
        x0, ly = 16 + column * LEGEND_COLUMN, y + 34 + row * 26
        dash_attr = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        out.append(
            f'<g class="legend-entry"><line x1="{x0}" y1="{ly - 4}" x2="{x0 + 44}" y2="{ly - 4}" '
            f'stroke="{style["colour"]}" stroke-width="{style["width"]}"{dash_attr}/>'
        )
        out.append(_marker(style["marker"], x0 + 22, ly - 4, style["colour"], style["size"]))
        out.append(
            f'<text x="{x0 + 54}" y="{ly}" font-size="16" fill="#1a1a1a">'
            f'<tspan font-weight="bold">{k + 1}.</tspan> {escape(occasion.label)}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
