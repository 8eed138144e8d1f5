import re
import xml.etree.ElementTree as ET

import pytest

from assessments.chart import (
    FIRST,
    LATEST,
    MIDDLE_DISTINCT,
    Occasion,
    occasion_styles,
    spider_chart_svg,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
AXES = ["Tro på arbete", "Kunskap", "Målmedvetenhet", "Samarbete", "Vardag", "Hälsa"]


def _render(occasions):
    return spider_chart_svg(
        axes=AXES, occasions=occasions, title="SMAIL över tid", description="Beskrivning"
    )


def _occasion_groups(svg: str):
    root = ET.fromstring(svg)
    return root.findall(".//svg:g[@class='occasion']", NS)


def test_svg_is_valid_xml_with_title_and_description():
    svg = _render([Occasion("2026-01-05", [1, 2, 3, 4, 5, 3])])
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "SMAIL över tid"
    assert root.find("svg:desc", NS).text == "Beskrivning"
    assert root.get("aria-labelledby") == "chart-title chart-desc"


def test_every_occasion_is_drawn_with_a_legend_entry():
    dates = ["2026-01-05", "2026-04-06", "2026-07-06"]
    svg = _render([Occasion(d, [2, 2, 3, 3, 2, 1]) for d in dates])
    assert [g.get("data-label") for g in _occasion_groups(svg)] == dates
    legend = [
        "".join(t.itertext())
        for t in ET.fromstring(svg).findall(".//svg:g[@class='legend-entry']/svg:text", NS)
    ]
    assert legend == [f"{k}. {date}" for k, date in enumerate(dates, start=1)]


def test_a_declined_answer_is_a_gap_not_a_zero():
    full = _occasion_groups(_render([Occasion("a", [3, 3, 3, 3, 3, 3])]))[0]
    gap = _occasion_groups(_render([Occasion("a", [3, 3, None, 3, 3, 3])]))[0]
    segments = lambda g: len(re.findall("M", g.find("svg:path", NS).get("d")))  # noqa: E731
    assert segments(full) == 6
    # The two edges touching the declined axis are missing; nothing goes to the centre.
    assert segments(gap) == 4
    markers = [el for el in gap if el.tag.endswith(("circle", "rect", "polygon"))]
    assert len(markers) == 5
    assert "320.0,270.0" not in ET.tostring(gap, encoding="unicode")  # the centre


def test_first_and_latest_stand_out_from_the_others():
    styles = occasion_styles(4)
    assert styles[0] is FIRST
    assert styles[-1] is LATEST
    assert all(s["width"] < FIRST["width"] for s in styles[1:-1])
    # Told apart without colour: every occasion has its own line style and marker.
    assert len({(s["dash"], s["marker"]) for s in styles}) == 4


def test_text_is_escaped():
    svg = spider_chart_svg(
        axes=["<b>", "B", "C"], occasions=[Occasion("x&y", [1, 2, 3])], title="t", description="d"
    )
    ET.fromstring(svg)
    assert "&lt;b&gt;" in svg
    assert "x&amp;y" in svg


def _draw_style(group) -> tuple[str, str, str]:
    """Colour, line style and marker of one drawn occasion, read from the SVG itself."""
    path = group.find("svg:path", NS)
    marker = next(el for el in group if not (el.tag.endswith("path") and el is path))
    if marker.tag.endswith("polygon") and marker.get("stroke") == "none":
        marker = [el for el in group if el is not path][1]  # skip the area fill
    shape = marker.tag.split("}")[1]
    if shape == "polygon":  # triangle up, down or diamond: tell them by their points
        shape += f"-{len(marker.get('points').split())}-{marker.get('points').split()[0]}"
    elif shape == "circle":
        shape += "-ring" if marker.get("fill") == "#ffffff" else "-filled"
    elif shape == "path":
        shape += "-plus" if "H" in marker.get("d") else "-cross"
    colour = path.get("stroke")
    return colour, path.get("stroke-dasharray") or "solid", shape


def test_twenty_occasions_never_share_colour_line_style_and_marker():
    occasions = [Occasion(f"2026-{k:02d}", [3, 3, 3, 3, 3, 3]) for k in range(1, 21)]
    groups = _occasion_groups(_render(occasions))
    assert len(groups) == 20
    drawn = [_draw_style(g) for g in groups]
    assert len(set(drawn)) == 20
    # The same answers give the same points: the marker shapes are compared at one spot,
    # so a triangle pointing up is never counted as different from another one.
    styles = occasion_styles(20)
    assert len({(s["colour"], s["dash"], s["marker"]) for s in styles}) == 20
    assert len({s["colour"] for s in styles}) > 1
    assert styles[0] is FIRST
    assert styles[-1] is LATEST
    # The ones between are lighter: thinner lines, smaller markers.
    assert all(s["width"] < FIRST["width"] and s["size"] < FIRST["size"] for s in styles[1:-1])


def test_without_colour_thirty_two_occasions_still_differ_by_line_style_and_marker():
    # Greyscale print: line style and marker alone tell every occasion apart.
    for count in (20, MIDDLE_DISTINCT + 2):
        styles = occasion_styles(count)
        assert len({(s["dash"], s["marker"]) for s in styles}) == count


# Label geometry: boxes from the font size, wide enough for DejaVu Sans and Verdana
# (the widest the chart names), so a pass here holds in the browser and in the PDF.
def _text_boxes(svg: str, cls: str):
    boxes = []
    for text in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"):
        if text.get("class") != cls:
            continue
        size = float(text.get("font-size"))
        anchor = text.get("text-anchor", "start")
        parts = list(text.findall("svg:tspan", NS)) or [text]
        for part in parts:
            x, y = float(part.get("x")), float(part.get("y"))
            width = len(part.text or "") * size * 0.7
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            boxes.append((left, y - size * 0.8, left + width, y + size * 0.25))
    return boxes


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


SMAIL_AXES = [
    "Tron på att klara ett arbete",
    "Kunskap om arbetsmarknaden",
    "Målmedvetenhet",
    "Samarbetsförmåga",
    "Vardagen",
    "Hälsotillstånd",
]
BIP_AXES = [
    "Idé om arbete",
    "Vet vad jag ska göra",
    "Klarar arbete eller studier",
    "Kompetenser till nytta",
    "Hälsa",
    "Energi i vardagen",
    "Stöd från nätverk",
    "Samarbetsförmåga",
    "Skapa kontakt",
]


@pytest.mark.parametrize("axes", [SMAIL_AXES, BIP_AXES, ["Belief in managing a job"] * 7])
def test_ring_numbers_and_axis_labels_never_overlap(axes):
    svg = spider_chart_svg(
        axes=axes,
        occasions=[Occasion("a", [5] * len(axes))],
        title="t",
        description="d",
    )
    ticks, labels = _text_boxes(svg, "tick"), _text_boxes(svg, "axis-label")
    assert len(ticks) == 5
    assert len(labels) >= len(axes)
    for tick in ticks:
        assert not any(_overlap(tick, label) for label in labels)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b)
    # Every label inside the picture.
    left, top, width, _height = map(float, ET.fromstring(svg).get("viewBox").split())
    for box in labels:
        assert box[0] >= left
        assert box[2] <= left + width
        assert box[1] >= top
