"""What gallring does with each model that holds data about a participant. A new model
with a foreign key to a participant (or to one of these) is deleted by default; this
test lists them so that the choice is seen and made on purpose."""

from retention import graph

DELETED = {
    "assessments.AssessmentRevision",
    "assessments.ViolenceScreening",
    "employment.Employment",
    "groupactivities.Attendance",
    "groupactivities.GroupMembership",
    "imports.ImportKey",
    "intake.Consent",
    "intake.DocumentShare",
    "intake.IntakeMeeting",
    "mapping.Mapping",
    "mapping.MappingApproval",
    "mapping.MappingArea",
    "mapping.MappingMeeting",
    "matching.IndividualPlan",
    "matching.MatchingDecision",
    "matching.ResponsibilityRow",
    "plans.ActivityPlan",
    "plans.PlanRow",
    "plans.SubGoalEvaluation",
    "referrals.Referral",
    "retention.RetentionHold",
    "selfrating.Invitation",
    "worktraining.Adaptation",
    "worktraining.CompetenceCard",
    "worktraining.CompetenceRating",
    "worktraining.FinalDocumentation",
    "worktraining.FollowUp",
    "worktraining.Placement",
    "worktraining.ScheduleWeek",
    "worktraining.ThreePartyMeeting",
}


def test_every_model_about_a_participant_is_deleted_kept_or_left_alone():
    found = {graph.label(m) for m in graph.participant_paths()}
    deleted = {graph.label(m) for m in graph.deleted_models()}
    assert deleted == DELETED
    assert found == DELETED | graph.KEPT_ANONYMISED | graph.LEFT_ALONE
    assert not DELETED & graph.KEPT_ANONYMISED


def test_rows_are_deleted_before_the_rows_they_point_at():
    order = [graph.label(m) for m in graph.deleted_models()]
    for model in graph.deleted_models():
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            related = field.is_relation and target is not None and target is not model
            if related and graph.label(target) in order:
                assert order.index(graph.label(model)) < order.index(graph.label(target))
