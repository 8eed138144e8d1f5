from plans import services


def make_plan(*, coach, participant, assessment, goal="Arbete inom handel.", rows=None):
    if rows is None:
        area = assessment.version.plan_areas.first()
        rows = [services.RowInput(area_id=area.pk, sub_goal="Söka tre jobb i veckan.")]
    current = participant.plans.filter(is_current=True).first()
    return services.plan_save(
        actor=coach,
        participant=participant,
        assessment=assessment,
        goal=goal,
        rows=rows,
        based_on=current,
    )
