import re
import xml.etree.ElementTree as ET

from assessments.chart import FIRST, LATEST, Occasion, occasion_styles, spider_chart_svg

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
    for date in dates:
        assert svg.count(f">{date}</text>") == 1


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
