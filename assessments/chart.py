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

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
LATEST = {"colour": "#0b4f8a", "dash": "", "width": 3.5, "marker": "circle"}
FIRST = {"colour": "#b3470a", "dash": "9 5", "width": 3.0, "marker": "square"}
OTHERS = [
    {"colour": "#007a5a", "dash": "2 4", "width": 1.8, "marker": "triangle"},
    {"colour": "#a8508a", "dash": "12 4 3 4", "width": 1.8, "marker": "diamond"},
    {"colour": "#6b6b6b", "dash": "6 3", "width": 1.8, "marker": "cross"},
    {"colour": "#8a6100", "dash": "1 3", "width": 1.8, "marker": "triangle-down"},
]


# Room on both sides for long axis labels.
PAD = 60


@dataclass
class Occasion:
    label: str
    values: list[int | None]


def occasion_styles(count: int) -> list[dict]:
    """The style of each occasion, oldest first: first and latest stand out."""
    if count == 1:
        return [LATEST]
    middle = [OTHERS[i % len(OTHERS)] for i in range(count - 2)]
    return [FIRST, *middle, LATEST]


def _marker(kind: str, x: float, y: float, colour: str, size: float = 5.0) -> str:
    s = size
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="{colour}"/>'
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
    legend_rows = len(occasions)
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

    # Rings and their numbers.
    for level in range(1, levels + 1):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        out.append(
            f'<polygon points="{pts}" fill="none" stroke="#b0b0b0" '
            f'stroke-width="{1.2 if level == levels else 0.8}"/>'
        )
        lx, ly = point(0, level)
        out.append(
            f'<text x="{lx + 5:.1f}" y="{ly + 5:.1f}" font-size="13" fill="#4a4a4a">{level}</text>'
        )
    # Axes and their labels.
    for i, label in enumerate(axes):
        x, y = point(i, levels)
        out.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#b0b0b0" '
            f'stroke-width="0.8"/>'
        )
        lx, ly = point(i, levels + 0.55)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        lines = wrap(label, 14, break_long_words=False) or [""]
        top = ly - (len(lines) - 1) * 9 + (6 if ly > cy else 0)
        tspans = "".join(
            f'<tspan x="{lx:.1f}" y="{top + k * 18:.1f}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        out.append(f'<text font-size="16" fill="#1a1a1a" text-anchor="{anchor}">{tspans}</text>')
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
                out.append(_marker(style["marker"], *point(i, value), colour))
        out.append("</g>")
    # Legend.
    y = chart_bottom + 6
    if legend_title:
        out.append(
            f'<text x="16" y="{y + 8}" font-size="16" font-weight="bold" fill="#1a1a1a">'
            f"{escape(legend_title)}</text>"
        )
    for k, (occasion, style) in enumerate(zip(occasions, styles, strict=True)):
        ly = y + 34 + k * 26
        dash_attr = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        out.append(
            f'<line x1="16" y1="{ly - 4}" x2="60" y2="{ly - 4}" stroke="{style["colour"]}" '
            f'stroke-width="{style["width"]}"{dash_attr}/>'
        )
        out.append(_marker(style["marker"], 38, ly - 4, style["colour"]))
        out.append(
            f'<text x="70" y="{ly}" font-size="16" fill="#1a1a1a">{escape(occasion.label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
