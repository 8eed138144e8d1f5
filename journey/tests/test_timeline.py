"""The journey picture: what it lays out, computed from plain data."""

import datetime
import xml.etree.ElementTree as ET

from journey.timeline import Bar, Milestone, ScoreColumn, build_timeline, timeline_svg

D = datetime.date
LABELS = {
    "scores": "Skattning",
    "activities": "Insatser",
    "job_focused": "Jobbfokuserad",
    "social": "Sociala",
    "health": "Hälsa",
    "competence": "Kompetens",
    "employment": "Anställning",
    "parallel": "Parallella insatser",
    "gap": "Avbrott",
    "low": "Under 3",
}
SVG = "{http://www.w3.org/2000/svg}"


ENROLLED = D(2026, 1, 1)


def _timeline(bars, *, columns=(), enrolled_on=ENROLLED, closed_on=None, today=None):
    return build_timeline(
        indicators=["Tron på att klara ett arbete", "Hälsotillstånd"],
        columns=list(columns),
        bars=bars,
        milestones=[Milestone(number=1, label="Aktualisering", on=D(2026, 1, 1))],
        enrolled_on=enrolled_on,
        closed_on=closed_on,
        today=today or D(2026, 3, 31),
        gap_days=14,
    )


def test_parallel_spans_are_the_days_job_focus_runs_with_another_kind():
    timeline = _timeline(
        [
            Bar("Jobbsök", "job_focused", "Jobbfokuserad", D(2026, 1, 10), D(2026, 2, 28)),
            Bar("Språkcafé", "competence", "Kompetens", D(2026, 2, 1), None),
            Bar("Friskvård", "health", "Hälsa", D(2026, 1, 1), D(2026, 1, 20)),
        ]
    )
    # Job search with health 10–20 Jan, then job search with the language café in February.
    assert timeline.parallel_spans == [
        (D(2026, 1, 10), D(2026, 1, 20)),
        (D(2026, 2, 1), D(2026, 2, 28)),
    ]


def test_other_kinds_together_are_not_parallel_and_planned_bars_do_not_run():
    timeline = _timeline(
        [
            Bar("Friskvård", "health", "Hälsa", D(2026, 1, 1), None),
            Bar("Samtalsgrupp", "social", "Sociala", D(2026, 1, 1), None),
            Bar("Praktik", "job_focused", "Jobbfokuserad", D(2026, 2, 1), None, status="planned"),
        ]
    )
    assert timeline.parallel_spans == []


def test_breaks_longer_than_the_allowed_gap_count_from_enrolment_until_closing():
    bars = [
        Bar("Jobbsök", "job_focused", "Jobbfokuserad", D(2026, 1, 1), D(2026, 1, 31)),
        # 14 days without: allowed. Then 20 days without: a break.
        Bar("Praktik", "job_focused", "Jobbfokuserad", D(2026, 2, 15), D(2026, 2, 28)),
        Bar("Studiebesök", "job_focused", "Jobbfokuserad", D(2026, 3, 21), D(2026, 3, 25)),
    ]
    assert _timeline(bars).long_gaps == [(D(2026, 3, 1), D(2026, 3, 20))]
    # Closed on 26 March: the days after closing are not a break.
    assert _timeline(bars, closed_on=D(2026, 3, 26)).long_gaps == [(D(2026, 3, 1), D(2026, 3, 20))]
    assert _timeline(bars, today=D(2026, 4, 30)).long_gaps[-1] == (D(2026, 3, 26), D(2026, 4, 30))


def test_nothing_to_show_gives_no_timeline():
    assert (
        build_timeline(
            indicators=[],
            columns=[],
            bars=[],
            milestones=[],
            enrolled_on=None,
            closed_on=None,
            today=D(2026, 3, 1),
            gap_days=14,
        )
        is None
    )


def test_the_picture_has_each_score_above_the_bars_and_is_valid_svg():
    timeline = _timeline(
        [
            Bar("Jobbsök", "job_focused", "Jobbfokuserad", D(2026, 1, 10), None),
            Bar("Lönebidrag hos Norrby Bygg", "employment", "Anställning", D(2026, 3, 1), None),
        ],
        columns=[
            ScoreColumn(on=D(2026, 1, 5), levels=[2, None]),
            ScoreColumn(on=D(2026, 3, 20), levels=[4, 3]),
        ],
    )
    svg = timeline_svg(timeline, title="Vägen <i>", description="Beskrivning", labels=LABELS)
    root = ET.fromstring(svg)  # well-formed, titles escaped
    assert root.find(f"{SVG}title").text == "Vägen <i>"
    occasions = [g for g in root.iter(f"{SVG}g") if g.get("class") == "score-column"]
    assert [g.get("data-date") for g in occasions] == ["2026-01-05", "2026-03-20"]
    first_texts = [t.text for t in occasions[0].iter(f"{SVG}text")]
    assert first_texts == ["2", "–"]
    # The low score is outlined and bold; the later 4 is not.
    low_text = next(t for t in occasions[0].iter(f"{SVG}text") if t.text == "2")
    assert low_text.get("font-weight") == "bold"
    # Score cells sit above every activity bar.
    cell_bottom = max(
        float(r.get("y")) + float(r.get("height")) for g in occasions for r in g.iter(f"{SVG}rect")
    )
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("rx") == "3"]
    assert len(bars) == 2
    assert min(float(r.get("y")) for r in bars) > cell_bottom
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Anställning" in texts  # the employment lane has its legend entry
    assert [g for g in root.iter(f"{SVG}g") if g.get("class") == "milestone"]


def test_an_open_bar_reaches_today_and_a_closed_one_stops_at_its_end():
    timeline = _timeline(
        [
            Bar("A", "social", "Sociala", D(2026, 1, 1), D(2026, 2, 1)),
            Bar("B", "social", "Sociala", D(2026, 1, 1), None),
        ],
        today=D(2026, 3, 1),
    )
    root = ET.fromstring(timeline_svg(timeline, title="t", description="d", labels=LABELS))
    closed, open_ = (r for r in root.iter(f"{SVG}rect") if r.get("rx") == "3")
    assert float(open_.get("width")) > float(closed.get("width")) * 1.5
    arrows = list(root.iter(f"{SVG}polygon"))
    assert len(arrows) == 1  # only the open one has an arrow head


def test_a_long_future_end_is_cut_at_the_horizon_with_an_arrow():
    timeline = _timeline(
        [Bar("Resursanställning", "employment", "Anställning", D(2026, 3, 1), D(2027, 2, 28))],
        today=D(2026, 3, 31),
    )
    assert timeline.end == D(2026, 3, 31) + datetime.timedelta(days=45)
    root = ET.fromstring(timeline_svg(timeline, title="t", description="d", labels=LABELS))
    assert len(list(root.iter(f"{SVG}polygon"))) == 1


def _milestone_labels(root):
    return [g.find(f"{SVG}text") for g in root.iter(f"{SVG}g") if g.get("class") == "milestone"]


def test_milestones_on_nearby_days_share_one_label_and_are_named_in_a_key():
    timeline = _timeline([], today=D(2026, 12, 31))
    names = ["Aktualisering", "Inskrivning", "Kartläggning", "Matchning", "Plan", "Start"]
    timeline.milestones = [
        Milestone(number=n, label=name, on=D(2026, 1, 1) + datetime.timedelta(days=n))
        for n, name in enumerate(names, start=1)
    ]
    root = ET.fromstring(timeline_svg(timeline, title="t", description="d", labels=LABELS))
    [label] = _milestone_labels(root)
    assert label.text == "1, 2, 3, 4, 5, 6"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for n, name in enumerate(names, start=1):
        assert f"{n} {name} 2026-01-{1 + n:02d}" in texts


def test_milestone_labels_far_apart_stay_on_one_line_and_never_overlap():
    timeline = _timeline([], today=D(2026, 12, 31))
    days = [D(2026, 1, 2), D(2026, 1, 20), D(2026, 2, 3), D(2026, 6, 1), D(2026, 6, 9)]
    timeline.milestones = [
        Milestone(number=n, label=f"Steg {n}", on=day) for n, day in enumerate(days, start=1)
    ]
    root = ET.fromstring(timeline_svg(timeline, title="t", description="d", labels=LABELS))
    boxes = []
    for label in _milestone_labels(root):
        half = 3.6 * len(label.text)
        boxes.append(
            (float(label.get("y")), float(label.get("x")) - half, float(label.get("x")) + half)
        )
    for i, (y, left, right) in enumerate(boxes):
        for y2, left2, right2 in boxes[i + 1 :]:
            assert y != y2 or right <= left2 or right2 <= left, (boxes, i)


def test_every_date_label_is_inside_the_picture():
    for today in (D(2026, 12, 31), D(2026, 12, 2), D(2027, 5, 30)):
        timeline = _timeline([], today=today)
        root = ET.fromstring(timeline_svg(timeline, title="t", description="d", labels=LABELS))
        width = float(root.get("viewBox").split()[2])
        ticks = [t for t in root.iter(f"{SVG}text") if t.get("class") == "tick"]
        assert ticks
        for tick in ticks:
            half = 3.6 * len(tick.text)  # 12 px DejaVu Sans digits are about 7.2 wide
            tx = float(tick.get("x"))
            assert tx - half >= 0, (today, tick.text, tx)
            assert tx + half <= width, (today, tick.text, tx)
