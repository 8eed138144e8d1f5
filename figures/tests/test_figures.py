"""Every figure against small fixtures computed by hand."""

import datetime
import io

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import UnitFactory, make_user
from activities.tests.factories import make_activity
from assessments.tests.factories import card, make_assessment, scale_codes
from audit.models import AccessEvent
from figures import selectors
from figures.suppression import Sheet, count, share
from figures.tests.exports_read import dataset_download, read_csv, read_xlsx
from participants import services as participant_services
from participants.tests.factories import make_participant

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"date_from": D(2026, 1, 1), "date_to": D(2026, 12, 31)}


def _scope(unit, **kw):
    return selectors.Scope(organisation_ids=[unit.organisation_id], **PERIOD, **kw)


def test_suppression_edges_four_and_five():
    assert count(4).suppressed
    assert count(4).value is None
    assert not count(5).suppressed
    assert count(5).value == 5
    assert share(2, 4).suppressed  # whole under 5
    assert share(3, 10).suppressed  # part under 5 could point at people
    assert share(5, 10).value == 50.0
    assert share(0, 10).value == 0.0


def test_a_single_hidden_cell_takes_the_next_smallest_with_it():
    sheet = Sheet()
    for key, n in (("a", 3), ("b", 6), ("c", 9)):
        sheet.add(key, n)
    sheet.add("total", 18)
    sheet.sum("total", ["a", "b", "c"])
    assert [sheet.hidden(k) for k in ("a", "b", "c", "total")] == [True, True, False, False]
    assert sheet.count("b").value is None
    # Without a sum, nothing else goes; without a small cell, nothing goes.
    alone = Sheet()
    alone.add("a", 3)
    alone.add("b", 6)
    assert [alone.hidden("a"), alone.hidden("b")] == [True, False]
    big = Sheet()
    for key, n in (("b", 6), ("c", 9), ("total", 15)):
        big.add(key, n)
    big.sum("total", ["b", "c"])
    assert not big.hidden("b")
    assert not big.hidden("total")


def test_flow_outcomes_and_median_time_to_work(unit, coach):
    days = [100, 200, 300, 400, 500, 600]
    for n in days:
        person = make_participant(
            coach=coach, started_on=D(2026, 1, 1) - datetime.timedelta(days=n)
        )
        participant_services.participant_close(
            actor=coach, participant=person, closed_on=D(2026, 1, 1), outcome="studies"
        )
    moved = make_participant(coach=coach, started_on=D(2026, 3, 1))
    participant_services.participant_close(
        actor=coach, participant=moved, closed_on=D(2026, 6, 1), outcome="moved"
    )
    make_participant(coach=coach, started_on=D(2026, 5, 1))  # still active
    make_participant(coach=coach, started_on=D(2024, 1, 1)).periods.update(
        closed_on=D(2025, 1, 1), outcome="moved"
    )  # closed before the period: not counted
    flow = selectors.flow(_scope(unit))
    assert flow.active == 8
    assert flow.new == 2
    assert flow.closed == 7
    assert flow.outcomes == {"studies": 6, "moved": 1}
    assert flow.work_or_studies == 6
    assert flow.median_days_to_work == 350  # (300 + 400) / 2


def test_indicator_change_first_to_latest_with_declines(unit, coach):
    for start, end in [(1, 3), (2, 2), (4, 3), (2, 5), (1, 2)]:
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[start] * 6)
        make_assessment(coach=coach, participant=person, on=D(2026, 3, 10), levels=[None] * 6)
        make_assessment(coach=coach, participant=person, on=D(2026, 6, 10), levels=[end] * 6)
    single = make_participant(coach=coach, started_on=D(2026, 1, 5))
    make_assessment(coach=coach, participant=single, on=D(2026, 1, 10), levels=[1] * 6)
    changes = {c.code: c for c in selectors.indicator_changes(_scope(unit))}
    health = changes["health"]
    assert health.people == 5  # the one with a single occasion is left out
    assert health.mean_change == pytest.approx((2 + 0 - 1 + 3 + 1) / 5)
    assert health.improved == 3
    assert health.first_levels == {1: 2, 2: 2, 4: 1}
    assert health.latest_levels == {3: 2, 2: 2, 5: 1}
    assert health.low_latest == 2


def test_low_scores_with_and_without_a_linked_activity(unit, coach):
    for linked in (True, False):
        person = make_participant(coach=coach, started_on=D(2026, 1, 5))
        make_assessment(coach=coach, participant=person, on=D(2026, 1, 10), levels=[2] * 6)
        make_assessment(coach=coach, participant=person, on=D(2026, 4, 10), levels=[2] * 6)
        if linked:
            make_activity(
                coach=coach, participant=person, kind="health", indicator_codes=["health"]
            )
    health = next(c for c in selectors.indicator_changes(_scope(unit)) if c.code == "health")
    assert health.low_latest == 2
    assert health.low_with_activity == 1


def test_cadence_counts_follow_ups_within_thirteen_weeks(unit, coach):
    person = make_participant(coach=coach, started_on=D(2025, 12, 1))
    for day in (D(2026, 1, 5), D(2026, 4, 6), D(2026, 9, 7)):  # 13 weeks, then 22 weeks
        make_assessment(coach=coach, participant=person, on=day)
    cadence = selectors.cadence(_scope(unit), interval_weeks=13)
    assert cadence.assessments == 3
    assert cadence.follow_ups == 2
    assert cadence.within_interval == 1


def test_success_factors(unit, coach):
    other_coach = make_user(Role.COACH, unit)
    people = [make_participant(coach=coach, started_on=D(2026, 1, 5)) for _ in range(4)]
    participant_services.coach_change(
        actor=coach,
        participant=people[0],
        new_coach=other_coach,
        changed_on=D(2026, 2, 1),
        reason="Flytt",
        handover_note="Planen överlämnad",
    )
    make_activity(coach=coach, participant=people[1], kind="job_focused")
    make_activity(coach=coach, participant=people[2], kind="job_focused")
    make_activity(coach=coach, participant=people[2], kind="health")
    make_activity(coach=coach, participant=people[3], kind="health")
    make_assessment(
        coach=coach,
        participant=people[1],
        on=D(2026, 2, 1),
        levels=[2, 3, 3, 3, 3, 3],
        coach_belief=4,
    )
    factors = selectors.success_factors(_scope(unit))
    assert factors.people == 4
    assert factors.no_coach_change == 3
    assert factors.coach_changes == 1
    assert factors.changes_with_handover == 1
    assert factors.with_job_focus == 2
    assert factors.with_parallel == 1
    assert factors.belief_mean == 4
    assert factors.belief_gap == 2  # belief 4 against the participant's own 2


def test_gender_breakdown(unit, coach):
    for gender in ["woman"] * 6 + ["man"] * 5 + ["other"]:
        make_participant(coach=coach, gender=gender, started_on=D(2026, 2, 1))
    rows = selectors.by_gender(_scope(unit))
    assert rows["woman"]["active"] == 6
    assert rows["man"]["active"] == 5
    assert rows["other"]["active"] == 1
    assert selectors.flow(_scope(unit, gender="man")).active == 5


def test_manager_page_suppresses_and_exports(client, unit, coach):
    for _ in range(4):
        make_participant(coach=coach, started_on=D(2026, 2, 1), first_name="Hemlig")
    manager = make_user(Role.MANAGER, unit)
    client.force_login(manager)
    page = client.get(reverse("figures:manager"), {**{k: v.isoformat() for k, v in PERIOD.items()}})
    html = page.content.decode()
    assert ">dold<" in html.replace(" ", "")
    assert "Hemlig" not in html
    make_participant(coach=coach, started_on=D(2026, 2, 1))
    html = client.get(
        reverse("figures:manager"), {k: v.isoformat() for k, v in PERIOD.items()}
    ).content.decode()
    assert ">5</td>" in html.replace(" ", "")
    csv = client.get(
        reverse("figures:manager"),
        {**{k: v.isoformat() for k, v in PERIOD.items()}, "format": "csv"},
    )
    assert csv["Content-Type"].startswith("text/csv")
    figures, about = read_csv(csv)
    assert figures[("Deltagare under perioden", "Aktiva", "Värde")] == 5
    assert about["Period"] == "2026-01-01 – 2026-12-31"
    event = AccessEvent.objects.get(action="export", participant__isnull=True)
    assert event.what == "csv enheter 2026-01-01 – 2026-12-31; alla deltagare i mina enheter"


def test_bad_filters_get_a_clear_message(client, unit, coach):
    manager = make_user(Role.MANAGER, unit)
    client.force_login(manager)
    response = client.get(
        reverse("figures:manager"), {"date_from": "2026-06-01", "date_to": "2026-01-01"}
    )
    assert "Periodens slut kan inte ligga före dess början." in response.content.decode()
    foreign = UnitFactory()
    response = client.get(
        reverse("figures:manager"),
        {"date_from": "2026-01-01", "date_to": "2026-06-01", "unit": foreign.pk},
    )
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_no_data_says_so(client, unit):
    client.force_login(make_user(Role.MANAGER, unit))
    page = client.get(reverse("figures:manager")).content.decode()
    assert "Det finns inga deltagare i urvalet ännu." in page


def test_county_view_suppresses_small_organisations_and_shows_no_names(client, coach, unit):
    big_coach = make_user(Role.COACH, UnitFactory())
    for _ in range(5):
        make_participant(coach=big_coach, first_name="Namnlös", started_on=D(2026, 2, 1))
    for _ in range(4):
        make_participant(coach=coach, first_name="Namnlös", started_on=D(2026, 2, 1))
    client.force_login(make_user(Role.COUNTY_ANALYST))
    html = client.get(
        reverse("figures:county"), {k: v.isoformat() for k, v in PERIOD.items()}
    ).content.decode()
    assert ">dold<" in html.replace(" ", "")
    assert "Namnlös" not in html
    assert "Exempelsson" not in html


def test_what_works_groups_changes_by_the_activities_in_between(unit, coach):
    # Two participants with a job-focused and a health activity between their occasions,
    # one with nothing in between. SMAIL has six scale questions.
    for delta, kinds in [(2, ["job_focused", "health"]), (1, ["job_focused", "health"]), (0, [])]:
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
    effects = {(e.combination, e.code): e for e in selectors.what_works(_scope(unit))}
    both = effects[("job_and_other", "")]
    assert both.pairs == 12
    assert both.mean == 1.5
    low, high = both.ci95
    # The 12 pairs come from two people (sums 12 and 6 over 6 pairs each), so the
    # interval is by person (ADR 0018): SE² = 2/1 · ((12 − 9)² + (6 − 9)²) / 12² = 0.25,
    # margin t(1) · 0.5 = 12.706 · 0.5. Treating the pairs as independent gave 1.2–1.8.
    assert low == pytest.approx(-4.85, abs=0.01)
    assert high == pytest.approx(7.85, abs=0.01)
    assert effects[("none", "")].pairs == 6
    assert effects[("none", "")].mean == 0
    assert effects[("job_only", "")].pairs == 0
    assert effects[("job_and_other", "health")].pairs == 2


def test_what_works_per_indicator_on_the_managers_page_and_in_the_export(client, unit, coach):
    # Five with a job-focused and a health activity in between and one step up on every
    # question; one with nothing in between (a cell of one person: suppressed).
    for delta, kinds in [(1, ["job_focused", "health"])] * 5 + [(0, [])]:
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
    client.force_login(make_user(Role.MANAGER, unit))
    params = {k: v.isoformat() for k, v in PERIOD.items()}
    response = client.get(reverse("figures:manager"), {**params, "card": "smail"})
    rows = response.context["effect_indicators"]
    assert len(rows) == 6
    for row in rows:
        none, job_only, other_only, both = row["cells"]
        assert both["mean"] == 1.0
        assert both["pairs"].value == 5
        assert none["mean"] is None
        assert none["pairs"].suppressed
        assert job_only["pairs"].value == other_only["pairs"].value == 0
    html = response.content.decode()
    assert "Medelförändring per indikator" in html
    # Per indicator only for one card at a time: SMAIL and BIP are not mixed, and without
    # a card it is not computed.
    response = client.get(reverse("figures:manager"), params)
    assert "Medelförändring per indikator" not in response.content.decode()
    assert response.context["effect_indicators"] == []
    # Without a card the export leaves per indicator out, as the page does.
    exported, _about = read_csv(client.get(reverse("figures:manager"), {**params, "format": "csv"}))
    table = "Medelförändring per indikator efter insatser mellan skattningarna"
    assert not any(key[0] == table for key in exported)
    exported, _about = read_csv(
        client.get(reverse("figures:manager"), {**params, "card": "smail", "format": "csv"})
    )
    name = rows[0]["name"]
    both = "Jobbfokuserade tillsammans med andra"
    assert exported[(table, name, f"{both}: medelförändring")] == 1
    assert exported[(table, name, f"{both}: par av svar")] == 5
    assert exported[(table, name, "Ingen insats: medelförändring")] == "–"
    assert exported[(table, name, "Ingen insats: par av svar")] == "dold"
    # No pairs: the mean is "–" on the page and in the export, as in the overall table.
    assert exported[(table, name, "Bara jobbfokuserade: medelförändring")] == "–"
    assert '<td class="num">inga par</td>' in html


def test_exports_read_back_and_the_dataset_is_pseudonymised(client, unit, coach):
    from openpyxl import load_workbook

    for n in range(5):
        person = make_participant(
            coach=coach,
            first_name="Förnamnet",
            last_name=f"Efternamnet{n}",
            personal_identity_number=[
                "198112289874",
                "199001012380",
                "197506152391",
                "198812240004",
                "200002290008",
            ][n],
            started_on=D(2026, 2, 1),
        )
        make_assessment(
            coach=coach,
            participant=person,
            on=D(2026, 3, 1),
            violence={"asked": True, "support_offered": False, "note": "SKYDDAT"},
        )
    client.force_login(make_user(Role.MANAGER, unit))
    params = {k: v.isoformat() for k, v in PERIOD.items()}
    figures, _about, _workbook = read_xlsx(
        client.get(reverse("figures:manager"), {**params, "format": "xlsx"})
    )
    assert figures[("Deltagare under perioden", "Aktiva", "Värde")] == 5

    def dataset():
        return load_workbook(io.BytesIO(dataset_download(client, params)))

    first, second = dataset(), dataset()
    assert first.sheetnames == ["deltagare", "skattningar", "insatser", "dataordlista"]
    text = " ".join(
        str(cell.value) for ws in first.worksheets for row in ws.iter_rows() for cell in row
    )
    for secret in ("Förnamnet", "Efternamnet", "19811228", "9874", "SKYDDAT"):
        assert secret not in text
    keys_first = {row[0].value for row in first["deltagare"].iter_rows(min_row=2)}
    keys_second = {row[0].value for row in second["deltagare"].iter_rows(min_row=2)}
    assert len(keys_first) == 5
    assert not keys_first & keys_second  # a new key per export
    assert first["skattningar"].max_row == 1 + 5 * 6
    # The figures' export and the two downloads of the data set.
    assert AccessEvent.objects.filter(action="export").count() == 3


def test_continuity_finds_the_longest_break_within_the_period(unit, coach):
    # A: activities 1 Jan–31 Mar and 16 Apr–31 Dec: a 15-day break (1–15 Apr).
    a = make_participant(coach=coach, started_on=D(2025, 6, 1))
    make_activity(
        coach=coach,
        participant=a,
        start_date=D(2025, 12, 1),
        end_date=D(2026, 3, 31),
        status="finished",
    )
    make_activity(coach=coach, participant=a, start_date=D(2026, 4, 16), end_date=None)
    # B: enrolled 1 Jun 2026, first activity 11 Jun: a 10-day break at the start.
    b = make_participant(coach=coach, started_on=D(2026, 6, 1))
    make_activity(coach=coach, participant=b, start_date=D(2026, 6, 11), end_date=None)
    # C: no activity at all, enrolled 1 Dec 2026: 31 days.
    make_participant(coach=coach, started_on=D(2026, 12, 1))
    result = selectors.continuity(_scope(unit))
    assert result.people == 3
    assert result.with_long_gap == 2
    assert result.median_longest_gap == 15


def test_groups_side_by_side_with_suppression(client, unit, coach):
    for gender in ["woman"] * 6 + ["man"] * 7 + ["other"] * 2:
        make_participant(coach=coach, gender=gender, started_on=D(2026, 2, 1))
    client.force_login(make_user(Role.MANAGER, unit))
    params = {k: v.isoformat() for k, v in PERIOD.items()}
    html = client.get(reverse("figures:manager"), {**params, "compare": "gender"}).content.decode()
    table = html.split('id="compare-title"')[1].split("</table>")[0].replace(" ", "")
    # "Annat" (2) is hidden; so is the next smallest group (women, 6), or the 2 could be
    # worked out from the total.
    assert ">7</td>" in table
    assert ">6</td>" not in table
    assert table.count(">dold<") >= 2


def test_parallel_time_merges_overlaps_and_counts_days_with_both(unit, coach):
    # A: enrolled 1 Jan–10 Apr 2026 (100 days). Job-focused 1 Jan–19 Feb (and a second,
    # overlapping job-focused activity inside it), other 10 Feb–31 Mar: 10 days of both.
    a = make_participant(coach=coach, started_on=D(2026, 1, 1))
    a.periods.update(closed_on=D(2026, 4, 10), outcome="moved")
    make_activity(
        coach=coach,
        participant=a,
        kind="job_focused",
        start_date=D(2026, 1, 1),
        end_date=D(2026, 2, 19),
        status="finished",
    )
    make_activity(
        coach=coach,
        participant=a,
        kind="job_focused",
        start_date=D(2026, 1, 15),
        end_date=D(2026, 1, 31),
        status="finished",
    )
    make_activity(
        coach=coach,
        participant=a,
        kind="health",
        start_date=D(2026, 2, 10),
        end_date=D(2026, 3, 31),
        status="finished",
    )
    # B: enrolled 1 Jan–10 Apr too, no activities.
    b = make_participant(coach=coach, started_on=D(2026, 1, 1))
    b.periods.update(closed_on=D(2026, 4, 10), outcome="moved")
    result = selectors.parallel_time(_scope(unit))
    assert result.people == 2
    assert result.enrolled_days == 200
    assert result.parallel_days == 10


def test_the_row_level_dataset_writes_no_live_formula(client, unit, coach):
    from openpyxl import load_workbook

    from participants.models import TargetGroup

    unit.name = '=HYPERLINK("http://x","y")'
    unit.save()
    groups = [
        TargetGroup.objects.create(organisation=unit.organisation, name=name)
        for name in ("@SUM(1+1)", "+1")
    ]
    for _ in range(5):
        person = make_participant(coach=coach, started_on=D(2026, 2, 1))
        person.target_groups.set(groups[:1])
    client.force_login(make_user(Role.MANAGER, unit))
    params = {k: v.isoformat() for k, v in PERIOD.items()}
    sheet = load_workbook(io.BytesIO(dataset_download(client, params)))["deltagare"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 5
    for row in rows:
        assert all(cell.data_type != "f" for cell in row)
        assert row[3].value == "'@SUM(1+1)"
        assert row[4].value == '\'=HYPERLINK("http://x","y")'


def test_what_works_for_one_card_leaves_out_the_other_cards_changes(unit, coach):
    # One participant on both cards between the same two days: SMAIL one step up on its
    # six questions, BIP two steps down on every question. Chosen SMAIL, only SMAIL's
    # changes count, overall and per indicator (the cards share indicator codes, e.g.
    # health, with different questions); chosen BIP, only BIP's.
    person = make_participant(coach=coach, started_on=D(2026, 1, 5))
    bip_questions = len(scale_codes(card("bip")))
    for on, smail, bip in [(D(2026, 1, 10), 2, 4), (D(2026, 4, 10), 3, 2)]:
        make_assessment(coach=coach, participant=person, on=on, levels=[smail] * 6)
        make_assessment(
            coach=coach, participant=person, code="bip", on=on, levels=[bip] * bip_questions
        )
    smail = {
        (e.combination, e.code): e
        for e in selectors.what_works(_scope(unit, instrument_code="smail"))
    }
    assert smail[("none", "")].pairs == 6
    assert smail[("none", "")].mean == 1.0
    assert smail[("none", "health")].pairs == 1
    assert smail[("none", "health")].mean == 1.0
    assert {code for _, code in smail} - {""} == set(
        card("smail").questions.filter(kind="scale").values_list("indicator__code", flat=True)
    )
    bip = {
        (e.combination, e.code): e
        for e in selectors.what_works(_scope(unit, instrument_code="bip"))
    }
    assert bip[("none", "")].pairs == bip_questions
    assert bip[("none", "")].mean == -2.0
    assert bip[("none", "health")].mean == -2.0
    # Without a card, both cards' pairs (the overall rows only).
    both = {e.combination: e for e in selectors.what_works(_scope(unit), per_indicator=False)}
    assert both["none"].pairs == 6 + bip_questions
