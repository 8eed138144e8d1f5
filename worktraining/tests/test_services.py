import datetime
from decimal import Decimal

import pytest

from activities.models import Kind, ParticipantActivity
from audit.models import AccessEvent
from core.exceptions import ConflictError, RuleError
from matching.models import Destination
from worktraining import selectors, services
from worktraining.models import Competence, Placement, ScheduleWeek
from worktraining.services import WeekInput

from .factories import (
    follow_up_data,
    make_matching_decision,
    make_placement,
    placement_data,
    save_schedule,
)

pytestmark = pytest.mark.django_db


class TestOrderRule:
    def test_no_placement_without_a_matching_decision(self, coach, participant):
        with pytest.raises(RuleError, match="matchningsbeslut till arbetsträning"):
            make_placement(coach=coach, participant=participant, matched=False)
        assert not Placement.objects.exists()
        assert not ParticipantActivity.objects.filter(participant=participant).exists()

    def test_no_placement_when_matched_elsewhere(self, coach, participant):
        make_matching_decision(
            participant=participant, coach=coach, destination=Destination.STUDIES
        )
        with pytest.raises(RuleError):
            make_placement(coach=coach, participant=participant)
        assert not Placement.objects.exists()

    def test_the_latest_decision_counts(self, coach, participant):
        make_matching_decision(participant=participant, coach=coach)
        make_matching_decision(
            participant=participant,
            coach=coach,
            on=datetime.date(2026, 1, 11),
            destination=Destination.CARE,
        )
        with pytest.raises(RuleError):
            make_placement(coach=coach, participant=participant)

    def test_not_before_the_decision(self, coach, participant):
        make_matching_decision(participant=participant, coach=coach, on=datetime.date(2026, 1, 20))
        with pytest.raises(RuleError) as error:
            make_placement(coach=coach, participant=participant)
        assert error.value.field == "started_on"
        assert not Placement.objects.exists()

    def test_start_records_a_job_focused_activity(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        activity = placement.activity
        assert activity.participant == participant
        assert activity.kind == Kind.JOB_FOCUSED
        assert activity.start_date == datetime.date(2026, 1, 19)
        assert activity.status == ParticipantActivity.Status.ONGOING
        assert "Arbetsträning" in activity.name
        assert AccessEvent.objects.filter(
            participant=participant,
            action=AccessEvent.Action.CREATE,
            what__contains="arbetsträning",
        ).exists()

    def test_one_ongoing_placement_at_a_time(self, coach, participant):
        make_placement(coach=coach, participant=participant)
        with pytest.raises(RuleError, match="redan en pågående"):
            make_placement(coach=coach, participant=participant)
        assert Placement.objects.count() == 1


class TestEnd:
    def test_end_before_start_is_refused(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        with pytest.raises(RuleError) as error:
            services.placement_end(
                actor=coach,
                placement=placement,
                ended_on=datetime.date(2026, 1, 18),
                expected_version=placement.version,
            )
        assert error.value.field == "ended_on"
        placement.refresh_from_db()
        assert placement.ended_on is None
        assert placement.activity.status == ParticipantActivity.Status.ONGOING

    def test_end_finishes_the_activity(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        services.placement_end(
            actor=coach,
            placement=placement,
            ended_on=datetime.date(2026, 5, 29),
            expected_version=placement.version,
        )
        activity = ParticipantActivity.objects.get(pk=placement.activity_id)
        assert activity.end_date == datetime.date(2026, 5, 29)
        assert activity.status == ParticipantActivity.Status.FINISHED

    def test_stale_version_is_a_conflict(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        save_schedule(coach=coach, placement=placement, hours=[(10, None)])
        with pytest.raises(ConflictError):
            services.placement_end(
                actor=coach,
                placement=placement,
                ended_on=datetime.date(2026, 5, 29),
                expected_version=1,
            )


class TestSchedule:
    def test_hours_above_40_are_refused_and_nothing_is_saved(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        save_schedule(coach=coach, placement=placement, hours=[(10, 10)])
        with pytest.raises(RuleError, match="0–40") as error:
            save_schedule(coach=coach, placement=placement, hours=[(10, 10), (41, None)])
        assert error.value.field is not None
        assert list(ScheduleWeek.objects.values_list("planned_hours", flat=True)) == [10]

    def test_actual_hours_above_40_are_refused(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        with pytest.raises(RuleError) as error:
            save_schedule(coach=coach, placement=placement, hours=[(40, "40.5")])
        assert error.value.field is not None
        assert not ScheduleWeek.objects.exists()

    def test_weeks_start_on_monday_and_inside_the_placement(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        for week_start in (datetime.date(2026, 1, 20), datetime.date(2026, 1, 5)):
            with pytest.raises(RuleError):
                services.schedule_save(
                    actor=coach,
                    placement=placement,
                    weeks=[WeekInput(week_start=week_start, planned_hours=Decimal(10))],
                    expected_version=placement.version,
                )
        assert not ScheduleWeek.objects.exists()

    def test_attendance_shares_hand_computed(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        # Planned 10/20/40, attended 8/20/30; a fourth week not yet recorded.
        save_schedule(
            coach=coach, placement=placement, hours=[(10, 8), (20, 20), (40, 30), (40, None)]
        )
        weeks = selectors.schedule_weeks(placement=placement)
        assert [w.attended_share for w in weeks] == [
            Decimal("80.0"),
            Decimal("100.0"),
            Decimal("75.0"),
            None,
        ]
        figures = selectors.attendance(placement=placement)
        assert figures.planned_hours == 70
        assert figures.actual_hours == 58
        assert figures.share == Decimal("82.9")  # 58 / 70
        assert figures.recorded_weeks == 3
        assert figures.weeks == 4

    def test_attendance_in_one_query(self, coach, participant, django_assert_num_queries):
        placement = make_placement(coach=coach, participant=participant)
        save_schedule(coach=coach, placement=placement, hours=[(10, 8)] * 6)
        with django_assert_num_queries(1):
            selectors.attendance(placement=placement)
        with django_assert_num_queries(1):
            selectors.schedule_weeks(placement=placement)

    def test_saving_the_schedule_removes_weeks_left_out(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        save_schedule(coach=coach, placement=placement, hours=[(10, 8), (20, 20)])
        save_schedule(coach=coach, placement=placement, hours=[(10, 9)])
        assert list(ScheduleWeek.objects.values_list("actual_hours", flat=True)) == [9]


class TestFullTimePrompt:
    def _placement(self, coach, participant, weeks_at_full_time):
        placement = make_placement(coach=coach, participant=participant)
        hours = [(10, 10), (20, 20), (30, 30)] + [(40, 38)] * weeks_at_full_time
        save_schedule(coach=coach, placement=placement, hours=hours)
        return placement

    def test_after_four_weeks_at_full_time(self, coach, participant):
        placement = self._placement(coach, participant, 4)
        on = datetime.date(2026, 3, 30)
        assert selectors.time_to_look_at_employment(placement=placement, on=on)

    def test_not_after_three_weeks(self, coach, participant):
        placement = self._placement(coach, participant, 3)
        assert not selectors.time_to_look_at_employment(
            placement=placement, on=datetime.date(2026, 6, 1)
        )

    def test_weeks_still_to_come_do_not_count(self, coach, participant):
        placement = self._placement(coach, participant, 4)
        # The fourth week at full time starts 2026-03-02.
        assert not selectors.time_to_look_at_employment(
            placement=placement, on=datetime.date(2026, 3, 1)
        )
        assert selectors.time_to_look_at_employment(
            placement=placement, on=datetime.date(2026, 3, 2)
        )

    def test_full_time_is_a_setting(self, coach, participant, settings):
        settings.STEGVIS = {**settings.STEGVIS, "FULL_TIME_HOURS": 30}
        placement = self._placement(coach, participant, 3)
        assert selectors.time_to_look_at_employment(
            placement=placement, on=datetime.date(2026, 6, 1)
        )

    def test_not_for_an_ended_placement(self, coach, participant):
        placement = self._placement(coach, participant, 4)
        placement.refresh_from_db()
        services.placement_end(
            actor=coach,
            placement=placement,
            ended_on=datetime.date(2026, 3, 8),
            expected_version=placement.version,
        )
        placement.refresh_from_db()
        assert not selectors.time_to_look_at_employment(
            placement=placement, on=datetime.date(2026, 6, 1)
        )


class TestDocuments:
    def test_final_documentation_prefill(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        save_schedule(coach=coach, placement=placement, hours=[(10, 8), (20, 20), (40, 30)])
        services.adaptation_save(
            actor=coach,
            placement=placement,
            adaptation=None,
            data={
                "what": "Höj- och sänkbart arbetsbord",
                "why": "Ryggbesvär",
                "effect": "Klarar hela passet utan smärta",
            },
        )
        initial = selectors.final_documentation_initial(placement=placement)
        assert "Norrby Trädgård AB" in initial["workplace"]
        assert "2026-01-19" in initial["workplace"]
        assert "Per Lind" in initial["workplace"]
        assert initial["tasks"] == "Plantering, vattning och skötsel av växthus."
        assert "Höj- och sänkbart arbetsbord: Ryggbesvär" in initial["adaptations"]
        assert "Effekt: Klarar hela passet utan smärta" in initial["adaptations"]
        assert "82,9 %" in initial["attendance"]
        assert "58 av 70 timmar" in initial["attendance"]

    def test_final_documentation_conflict(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        data = dict.fromkeys(services.FINAL_DOCUMENTATION_FIELDS, "")
        data.update(written_on=datetime.date(2026, 5, 29), summary="Första versionen.")
        document = services.final_documentation_save(
            actor=coach, placement=placement, data=data, expected_version=None
        )
        services.final_documentation_save(
            actor=coach, placement=placement, data={**data, "summary": "Andra."}, expected_version=1
        )
        with pytest.raises(ConflictError):
            services.final_documentation_save(
                actor=coach,
                placement=placement,
                data={**data, "summary": "Tredje, på gammal version."},
                expected_version=1,
            )
        with pytest.raises(ConflictError):  # created by someone else meanwhile
            services.final_documentation_save(
                actor=coach, placement=placement, data=data, expected_version=None
            )
        document.refresh_from_db()
        assert document.summary == "Andra."
        assert document.version == 2

    def test_competence_card_needs_all_six(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        ratings = dict.fromkeys(Competence.values, (3, ""))
        with pytest.raises(RuleError):
            services.competence_card_save(
                actor=coach,
                placement=placement,
                assessed_on=datetime.date(2026, 5, 29),
                ratings={k: v for k, v in ratings.items() if k != "punctuality"},
                expected_version=None,
            )
        with pytest.raises(RuleError) as error:
            services.competence_card_save(
                actor=coach,
                placement=placement,
                assessed_on=datetime.date(2026, 5, 29),
                ratings={**ratings, "accuracy": (6, "")},
                expected_version=None,
            )
        assert error.value.field is not None
        card = services.competence_card_save(
            actor=coach,
            placement=placement,
            assessed_on=datetime.date(2026, 5, 29),
            ratings={**ratings, "initiative": (5, "Tar egna initiativ")},
            expected_version=None,
        )
        rows = dict(selectors.competence_ratings(card=card))
        assert rows["Initiativförmåga"].rating == 5
        assert rows["Initiativförmåga"].comment == "Tar egna initiativ"
        assert rows["Förmåga att förstå instruktioner"].rating == 3
        assert card.ratings.count() == 6

    def test_follow_up_needs_development_areas_and_a_date_in_the_placement(
        self, coach, participant
    ):
        placement = make_placement(coach=coach, participant=participant)
        with pytest.raises(RuleError) as error:
            services.follow_up_save(
                actor=coach,
                placement=placement,
                follow_up=None,
                data=follow_up_data(held_on=datetime.date(2026, 1, 2)),
            )
        assert error.value.field is not None
        with pytest.raises(RuleError) as error:
            services.follow_up_save(
                actor=coach,
                placement=placement,
                follow_up=None,
                data=follow_up_data(development_areas="  "),
            )
        assert error.value.field is not None
        assert not placement.follow_ups.exists()


class TestJourney:
    def test_steps_before_any_placement(self, participant, django_assert_num_queries):
        with django_assert_num_queries(1):
            steps = selectors.journey_steps(participant=participant)
        assert [s.key for s in steps] == [
            "work_training",
            "follow_up",
            "final_documentation",
            "competence_card",
            "three_party_meeting",
        ]
        assert not any(s.is_done for s in steps)

    def test_steps_in_two_queries(self, coach, participant, django_assert_num_queries):
        placement = make_placement(coach=coach, participant=participant)
        services.follow_up_save(
            actor=coach, placement=placement, follow_up=None, data=follow_up_data()
        )
        services.three_party_meeting_save(
            actor=coach,
            placement=placement,
            data={"held_on": datetime.date(2026, 6, 3), "outcome": "employment"},
            expected_version=None,
        )
        with django_assert_num_queries(2):
            steps = {s.key: s for s in selectors.journey_steps(participant=participant)}
        assert steps["work_training"].started_on == datetime.date(2026, 1, 19)
        assert steps["work_training"].done_on is None
        assert steps["follow_up"].done_on == datetime.date(2026, 2, 16)
        assert "2026-02-16" in steps["follow_up"].detail
        assert not steps["final_documentation"].is_done
        assert steps["three_party_meeting"].done_on == datetime.date(2026, 6, 3)
        assert steps["three_party_meeting"].detail == "Anställning"

    def test_placement_periods(self, coach, participant):
        placement = make_placement(coach=coach, participant=participant)
        services.placement_end(
            actor=coach,
            placement=placement,
            ended_on=datetime.date(2026, 3, 1),
            expected_version=placement.version,
        )
        make_placement(
            coach=coach,
            participant=participant,
            **placement_data(workplace="Kafé Kvarnen", started_on=datetime.date(2026, 4, 6)),
        )
        assert selectors.placement_periods(participant=participant) == [
            (datetime.date(2026, 1, 19), datetime.date(2026, 3, 1), "Norrby Trädgård AB"),
            (datetime.date(2026, 4, 6), None, "Kafé Kvarnen"),
        ]
