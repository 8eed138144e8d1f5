"""Issue 15 §2: the spider chart and the progression table with many occasions.

Run with SCREENSHOTS=1 to write the pictures in docs/screenshots/ again.
"""

import datetime
import os
import random
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from assessments.tests.factories import make_assessment
from participants.tests.factories import make_participant

from .conftest import assert_accessible, go, login

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
OCCASIONS = 20


@pytest.fixture
def participant():
    coach = make_user(Role.COACH, UnitFactory(), username="hanna")
    today = datetime.date.today()
    person = make_participant(
        coach=coach,
        first_name="Omar",
        last_name="Lind",
        started_on=today - datetime.timedelta(weeks=13 * OCCASIONS + 2),
    )
    rng = random.Random(15)
    levels = [2, 1, 2, 3, 2, 2, 3, 2, 2]
    for k in range(OCCASIONS):
        on = today - datetime.timedelta(weeks=13 * (OCCASIONS - 1 - k))
        make_assessment(
            coach=coach,
            participant=person,
            code="bip",
            on=on,
            levels=[None if k == 7 and i == 4 else lv for i, lv in enumerate(levels)],
            coach_belief=min(5, 1 + k // 5),
        )
        levels = [max(1, min(5, lv + rng.choice([0, 0, 1, -1, 1]))) for lv in levels]
    return person


def _shot(page, locator, name: str):
    if os.environ.get("SCREENSHOTS"):
        SHOTS.mkdir(exist_ok=True)
        locator.screenshot(path=str(SHOTS / name))


def _boxes_overlap(page, selector_a: str, selector_b: str) -> list:
    """Pairs of rendered text boxes (the browser's own layout) that overlap."""
    return page.evaluate(
        """([a, b]) => {
            const boxes = (sel) => [...document.querySelectorAll(sel)].flatMap((el, k) =>
                [...(el.querySelectorAll('tspan').length ? el.querySelectorAll('tspan') : [el])]
                  .map(t => ({el: k, text: t.textContent, r: t.getBoundingClientRect()})));
            const A = boxes(a), B = a === b ? A : boxes(b), out = [];
            for (const [i, x] of A.entries()) for (const [j, y] of B.entries()) {
                if (a === b && (j <= i || x.el === y.el)) continue;  // lines of one label
                if (x.r.left < y.r.right && y.r.left < x.r.right &&
                    x.r.top < y.r.bottom && y.r.top < x.r.bottom) out.push([x.text, y.text]);
            }
            return out;
        }""",
        [selector_a, selector_b],
    )


def test_twenty_occasions_are_told_apart_and_labels_keep_clear(page, participant):
    login(page, "hanna")
    go(page, f"/deltagare/{participant.pk}/")
    chart = page.locator("svg.spider-chart").first
    expect(chart.locator("g.occasion")).to_have_count(OCCASIONS)
    expect(chart.locator("g.legend-entry")).to_have_count(OCCASIONS)
    expect(chart.locator("g.legend-entry").last).to_contain_text("20.")
    # The ring numbers and the axis labels as the browser lays them out.
    assert (
        _boxes_overlap(page, "svg.spider-chart text.tick", "svg.spider-chart text.axis-label") == []
    )
    assert (
        _boxes_overlap(page, "svg.spider-chart text.axis-label", "svg.spider-chart text.axis-label")
        == []
    )
    assert_accessible(page, "participant page, 20 occasions")
    chart.scroll_into_view_if_needed()
    _shot(page, chart, "spider-chart-20-occasions.png")


def _table_state(page):
    return page.evaluate(
        r"""() => {
            const wrap = document.querySelector('.progression__table');
            const table = wrap.querySelector('table');
            const heads = [...table.querySelectorAll('thead th')];
            const lines = heads.map(th => {
                // Lines of text, counted from the text's own boxes (the row is as tall
                // as its tallest header, so the cell's height says nothing).
                const tops = new Set();
                const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const range = document.createRange();
                    range.selectNodeContents(walker.currentNode);
                    for (const r of range.getClientRects()) {
                        if (r.width) tops.add(Math.round(r.bottom));
                    }
                }
                const words = th.textContent.trim().split(/\s+/).length;
                return {text: th.textContent.trim(), words, lines: tops.size};
            });
            const belief = heads[heads.length - 1].getBoundingClientRect();
            const box = wrap.getBoundingClientRect();
            return {
                scrolls: wrap.scrollWidth > wrap.clientWidth,
                focusable: wrap.tabIndex === 0,
                hasName: !!wrap.getAttribute('aria-labelledby'),
                cueVisible: !!(wrap.parentElement.querySelector('.scroll-cue')
                    && wrap.parentElement.querySelector('.scroll-cue').offsetParent !== null),
                beliefRight: belief.right, boxRight: box.right,
                headers: lines,
                pageScroll: document.documentElement.scrollWidth
                    - document.documentElement.clientWidth,
                vw: window.innerWidth,
                widths: heads.map(th => Math.round(th.getBoundingClientRect().width)),
            };
        }"""
    )


def _no_word_per_line(headers):
    """Headers of three words or more never stand a word per line; no header is
    taller than three lines."""
    for head in headers:
        assert head["words"] < 3 or head["lines"] < head["words"], head
        assert head["lines"] <= 3, head


def test_the_progression_table_reads_at_1280_and_at_320(page, participant):
    login(page, "hanna")
    go(page, f"/deltagare/{participant.pk}/")
    state = _table_state(page)
    # At 1280 px the whole table, the coach's belief included, fits its column.
    assert not state["scrolls"], state["widths"]
    assert state["beliefRight"] <= state["boxRight"] + 1
    _no_word_per_line(state["headers"])
    _shot(page, page.locator(".progression__table"), "progression-table-1280.png")

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    state = _table_state(page)
    assert state["pageScroll"] <= 0, state
    # At 320 px the table scrolls in its own box: reachable by keyboard, named, cued.
    assert state["scrolls"]
    assert state["focusable"]
    assert state["hasName"]
    assert state["cueVisible"], state
    _no_word_per_line(state["headers"])
    wrap = page.locator(".progression__table")
    _shot(page, page.locator(".progression__table").locator("xpath=.."), "progression-320.png")
    wrap.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(wrap).to_be_focused()
    # Scrolling by key may be animated: wait for it rather than read it at once.
    page.wait_for_function("document.querySelector('.progression__table').scrollLeft > 0")
    assert_accessible(page, "participant page at 320 px")
