"""Issue 13 §2: the manager's page and the county page read without statistics
training, and the one-page summary PDF. Checked on the rendered HTML and PDF."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.factories import make_user
from activities.tests.factories import make_activity
from assessments.tests.factories import make_assessment
from audit.models import AccessEvent
from figures import charts, presentation
from figures.suppression import Sheet
from participants import services as participant_services
from participants.tests.factories import make_participant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logged_in_manager")]
D = datetime.date
PARAMS = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
PERIOD_TEXT = "2026-01-01 – 2026-12-31"


@pytest.fixture
def manager(unit):
    return make_user(Role.MANAGER, unit, first_name="Maria", last_name="Chef")


def _people_with_pairs(coach, deltas, kinds=("job_focused", "health")):
    """One participant per delta: two SMAIL assessments, the activities in between."""
    for delta in deltas:
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
        for kind in kinds:
            make_activity(
                coach=coach,
                participant=person,
                kind=kind,
                start_date=D(2026, 1, 20),
                end_date=D(2026, 3, 1),
                status="finished",
            )
        make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=[2 + delta] * 6)


def _page(client, **params) -> str:
    response = client.get(reverse("figures:manager"), {**PARAMS, **params})
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, label: str) -> str:
    """The table row whose header holds `label`."""
    match = re.search(r"<tr>(?:(?!</tr>).)*" + re.escape(label) + r".*?</tr>", html, re.S)
    assert match, label
    return match.group(0)


def test_with_all_cards_the_per_indicator_parts_ask_for_a_card(client, manager, coach):
    _people_with_pairs(coach, [1, 1, 1, 1, 1])
    html = _page(client)
    assert "siffrorna per indikator visas för ett kort i taget" in html
    assert "card=smail" in html
    assert "card=bip" in html
    assert "Medelförändring per indikator" not in html
    assert 'id="group-chart"' not in html  # no spider chart mixing the cards
    html = _page(client, card="smail")
    assert "siffrorna per indikator visas för ett kort i taget" not in html
    assert "Medelförändring per indikator" in html
    assert 'id="chart-spider"' in html
    assert "Målmedvetenhet" in html


def test_what_works_reads_as_a_plain_sentence_with_its_interval(client, manager, coach):
    # Five with both kinds in between: three up one step, two up two steps on six
    # questions (30 pairs, mean 1.4); nobody with only one kind in between.
    _people_with_pairs(coach, [1, 1, 1, 2, 2])
    html = _page(client)
    sentence = re.search(
        r"Mellan två skattningar med både jobbfokuserade och andra insatser steg deltagarna "
        r"i snitt 1,40 steg \(med 95 % säkerhet mellan (\d,\d\d) och (\d,\d\d)\)\.",
        html,
    )
    assert sentence, html
    low, high = (float(v.replace(",", ".")) for v in sentence.groups())
    assert low < 1.4 < high
    assert "Bygger på 30 par av svar från 5 deltagare." in html
    # Five people are fewer than the 20 a comparison should rest on.
    assert "Obs! Färre än 20 deltagare: skillnaden kan bero på slumpen." in html
    assert "konfidensintervall: det verkliga genomsnittet ligger med stor sannolikhet där" in html
    # The bar with its interval: the mean and both ends drawn, with a text alternative.
    chart = re.search(r'<svg[^>]*class="interval-chart".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in chart
    assert "<desc>Mellan två skattningar" in chart
    assert "1,40" in chart
    assert chart.count("<rect") == 1  # one combination has pairs
    assert chart.count(">inga par</text>") == 3


def test_a_negative_change_and_an_interval_over_zero_say_so():
    row = {
        "combination": "none",
        "pairs": _figure(12),
        "people": _figure(6),
        "mean": -0.25,
        "ci": (-0.6, 0.1),
    }
    text = presentation.effect_sentence(row)
    assert text.startswith("Mellan två skattningar utan någon insats sjönk deltagarna i snitt 0,25")
    assert "kan inte säga att det är en verklig förändring" in text
    hidden = {**row, "pairs": _figure(3), "people": _figure(3), "mean": None, "ci": None}
    assert "dold" in presentation.effect_sentence(hidden)
    assert presentation.effect_basis(hidden) == ""


def _figure(n):
    """A count on its own: hidden from 1 to 4."""
    sheet = Sheet()
    sheet.add("n", n)
    return sheet.count("n")


def test_an_empty_combination_reads_inga_par_never_zero(client, manager, coach):
    _people_with_pairs(coach, [1, 1, 1, 1, 1])
    html = _page(client, card="smail")
    row = _row(html, "Bara jobbfokuserade</th>")
    assert "inga par" in row
    assert ">0<" not in row.replace(" ", "")
    assert "Mellan två skattningar med bara jobbfokuserade insatser: inga par av svar" in html
    # The table per indicator: every empty cell says so too.
    per_indicator = html[html.index("Medelförändring per indikator") :]
    cells = re.findall(r'<td class="num">(.*?)</td>', per_indicator.split("</table>")[0], re.S)
    assert cells
    assert not [c for c in cells if c.strip() == "0"]
    assert sum("inga par" in c for c in cells) == 6 * 3  # none, job only, other only


def test_each_success_factor_says_which_way_is_better(client, manager, coach):
    _people_with_pairs(coach, [1, 1, 1, 1, 1])
    html = _page(client)
    for label in ("1. Handledarens tilltro", "2. Handledarkontinuitet", "3. Parallella insatser"):
        assert "högre är bättre" in _row(html, label)
    assert "5. Fokus på arbete" in html
    assert "högre är bättre" in _row(html, "5. Fokus på arbete")
    breaks = _row(html, "4. Kontinuerliga insatser")
    assert "lägre är bättre" in breaks
    assert "högre är bättre" not in breaks
    assert "lägre är bättre" in _row(html, "median av längsta avbrottet")


def test_the_outcome_chart_says_when_every_outcome_is_hidden(client, manager, coach):
    for n in range(6):
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        if n < 2:
            participant_services.participant_close(
                actor=coach, participant=person, closed_on=D(2026, 6, 1), outcome="studies"
            )
    html = _page(client)
    outcomes = html[html.index('id="chart-outcomes"') :].split("</figure>")[0]
    assert "Alla utfall är dolda" in outcomes
    assert 'class="bar-chart"' not in outcomes
    assert "<table" in outcomes
    # With enough closed, the chart is drawn.
    for _ in range(5):
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        participant_services.participant_close(
            actor=coach, participant=person, closed_on=D(2026, 6, 1), outcome="studies"
        )
    html = _page(client)
    outcomes = html[html.index('id="chart-outcomes"') :].split("</figure>")[0]
    assert 'class="bar-chart"' in outcomes
    assert "Alla utfall är dolda" not in outcomes


def test_the_new_participants_chart_has_a_readable_y_axis(client, manager, coach):
    assert charts.axis_ticks(0) == [0, 1]
    assert charts.axis_ticks(1) == [0, 1]
    assert charts.axis_ticks(7) == [0, 2, 4, 6, 8]
    assert charts.axis_ticks(23) == [0, 10, 20, 30]
    assert charts.axis_ticks(380) == [0, 100, 200, 300, 400]
    for _ in range(7):
        make_participant(coach=coach, started_on=D(2026, 2, 1))
    html = _page(client)
    chart = re.search(r'<svg[^>]*class="line-chart".*?</svg>', html, re.S).group(0)
    labels = re.findall(r'text-anchor="end" fill="#1a1a1a">(\d+)</text>', chart)
    assert labels == ["0", "2", "4", "6", "8"]
    assert "Antal nya deltagare" in chart


def test_every_chart_has_its_table_period_and_filters_under_it(client, manager, coach, unit):
    _people_with_pairs(coach, [1, 1, 1, 1, 1])
    for _ in range(5):
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        # On the card chosen below: the card filter keeps people assessed with it.
        make_assessment(coach=coach, participant=person, on=D(2026, 2, 1))
        participant_services.participant_close(
            actor=coach, participant=person, closed_on=D(2026, 6, 1), outcome="studies"
        )
    html = _page(client, card="smail", unit=unit.pk)
    figures = re.findall(r'<figure class="chart-figure".*?</figure>', html, re.S)
    names = [re.search(r'id="([^"]+)"', f).group(1) for f in figures]
    assert names == ["chart-months", "chart-outcomes", "chart-spider", "chart-effects"]
    for figure in figures:
        chart_at = figure.index("<svg")
        table_at = figure.index("<table", chart_at)
        caption = figure[figure.index("<figcaption", table_at) :]
        assert f"Period: {PERIOD_TEXT}." in caption
        assert f"Enhet: {unit.name}" in caption
        assert "Kort: SMAIL" in caption
    # Without filters, the caption says the selection is everyone.
    html = _page(client)
    assert "Urval: alla deltagare i mina enheter." in html


def test_the_county_page_writes_its_period_and_selection_under_charts(client, coach):
    _people_with_pairs(coach, [1, 1, 1, 1, 1])
    client.force_login(make_user(Role.COUNTY_ANALYST))
    html = client.get(reverse("figures:county"), {**PARAMS, "gender": "woman"}).content.decode()
    figure = re.search(r'<figure class="chart-figure" id="chart-effects".*?</figure>', html, re.S)
    assert f"Period: {PERIOD_TEXT}." in figure.group(0)
    assert "Kön: Kvinna" in figure.group(0)
    assert "Mellan två skattningar med både jobbfokuserade" in html


def _pdf_text(response) -> tuple[int, str]:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_the_summary_pdf_is_one_page_with_period_filters_and_the_access_log(
    client, manager, coach, unit
):
    _people_with_pairs(coach, [1, 1, 1, 2, 2])
    for _ in range(5):
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        participant_services.participant_close(
            actor=coach, participant=person, closed_on=D(2026, 6, 1), outcome="studies"
        )
    response = client.get(reverse("figures:summary"), {**PARAMS, "unit": unit.pk})
    assert response.status_code == 200
    pages, text = _pdf_text(response)
    assert pages == 1
    flat = " ".join(text.split())
    assert "2026-01-01" in flat
    assert "2026-12-31" in flat
    assert f"Enhet: {unit.name}" in flat
    assert flat.count("De fem framgångsfaktorerna") == 1
    assert "lägre är bättre" in flat
    assert "steg deltagarna i snitt 1,40 steg" in flat
    assert "Maria Chef" in flat
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert event.participant is None
    assert event.what.startswith("pdf 2026-01-01 – 2026-12-31; Enhet: ")


def test_the_summary_pdf_hides_what_the_page_hides(client, manager, coach):
    for _ in range(4):
        make_participant(coach=coach, started_on=D(2026, 2, 1), first_name="Hemlig")
    page = client.get(reverse("figures:manager"), PARAMS)
    assert page.context["active"].suppressed
    _pages, text = _pdf_text(client.get(reverse("figures:summary"), PARAMS))
    flat = " ".join(text.split())
    assert "Aktiva dold" in flat
    assert "Nya dold" in flat
    assert "Hemlig" not in flat


def test_the_summary_pdf_with_bad_filters_goes_back_to_the_page(client, manager):
    response = client.get(
        reverse("figures:summary"), {"date_from": "2026-06-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("figures:manager") + "?")
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()


def test_the_summary_is_for_managers_only(client, coach):
    client.force_login(coach)
    assert client.get(reverse("figures:summary"), PARAMS).status_code == 403


def test_means_and_medians_go_through_the_sheet():
    sheet = Sheet()
    sheet.add("small", 3)
    sheet.add("big", 8)
    assert sheet.statistic(1.5, "small") is None
    assert sheet.statistic(1.5, "big") == 1.5
    assert sheet.statistic(1.5, "big", "small") is None
    assert sheet.derived(40.0, "big").value == 40.0
    assert sheet.derived(40.0, "small").suppressed
    assert sheet.people("big").value == 8
    assert sheet.people("small").suppressed


@pytest.mark.parametrize("view", ["manager", "summary"])
def test_query_counts_do_not_grow_with_the_data(client, manager, coach, view):
    url = reverse(f"figures:{view}")
    params = {**PARAMS, "card": "smail"}
    _people_with_pairs(coach, [1] * 5)
    with CaptureQueriesContext(connection) as small:
        client.get(url, params)
    _people_with_pairs(coach, [1, 2] * 6, kinds=("job_focused",))
    _people_with_pairs(coach, [0] * 5, kinds=())
    with CaptureQueriesContext(connection) as large:
        client.get(url, params)
    assert len(large) == len(small)
